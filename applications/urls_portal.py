"""Applicant pages for the register (under /account/application/)."""

from django.urls import path

from applications.views import portal
from applications.views.portal_priority import PriorityView

urlpatterns = [
    path("account/priority/", PriorityView.as_view(), name="portal-priority"),
    path("account/application/", portal.ApplicationHomeView.as_view(),
         name="portal-application"),
    path("account/application/start/", portal.ApplicationStartView.as_view(),
         name="portal-start"),
    path("account/application/about-you/", portal.AboutYouView.as_view(),
         name="portal-about-you"),
    path("account/application/household/", portal.HouseholdView.as_view(),
         name="portal-household"),
    path("account/application/household/add/", portal.MemberAddView.as_view(),
         name="portal-member-add"),
    path("account/application/addresses/", portal.AddressesView.as_view(),
         name="portal-addresses"),
    path("account/application/addresses/<int:member_id>/add/", portal.AddressAddView.as_view(),
         name="portal-address-add"),
    path("account/application/immigration/", portal.ImmigrationView.as_view(),
         name="portal-immigration"),
    path("account/application/immigration/<int:member_id>/", portal.ImmigrationView.as_view(),
         name="portal-immigration-member"),
    path("account/application/declaration/", portal.DeclarationView.as_view(),
         name="portal-declaration"),
    path("account/application/check/", portal.CheckAndSubmitView.as_view(),
         name="portal-check"),
    path("account/application/submitted/", portal.SubmittedView.as_view(),
         name="portal-submitted"),
    path("account/application/evidence/<int:item_id>/", portal.EvidenceUploadView.as_view(),
         name="portal-evidence"),
    path("account/application/change/", portal.ChangeReportView.as_view(),
         name="portal-change"),
    path("account/application/<slug:key>/", portal.CircumstancesSectionView.as_view(),
         name="portal-section"),
]
