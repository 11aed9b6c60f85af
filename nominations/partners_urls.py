"""The partner portal surface (namespace ``partners``)."""

from django.urls import path

from nominations.views import partners

app_name = "partners"

urlpatterns = [
    path("partners/", partners.PartnerHomeView.as_view(), name="home"),
]
