"""The staff surface's own pages (namespace ``staff``). Domain apps add theirs under /staff/."""

from django.urls import path

from housing.core import portal_views
from housing.letters import views as letter_views

app_name = "staff"

urlpatterns = [
    path("staff/", portal_views.StaffHomeView.as_view(), name="home"),
    path("staff/letters/<uuid:public_id>/", letter_views.download, name="letter-download"),
]
