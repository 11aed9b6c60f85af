"""The public portal surface (namespace ``portal``)."""

from django.urls import path

from housing.core import portal_views
from housing.letters import views as letter_views

app_name = "portal"

urlpatterns = [
    path("", portal_views.HomeView.as_view(), name="home"),
    path("accessibility-statement/", portal_views.AccessibilityView.as_view(),
         name="accessibility"),
    path("privacy/", portal_views.PrivacyView.as_view(), name="privacy"),
    path("account/", portal_views.AccountView.as_view(), name="account"),
    path("account/letters/", letter_views.InboxView.as_view(), name="letters"),
    path("account/letters/<uuid:public_id>/", letter_views.download, name="letter-download"),
]
