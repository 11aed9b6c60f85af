"""Officer pages for the register (under /staff/applications/). Actions on a case are POST
only and send the officer back to the case view."""

from django.urls import path

from applications.views import staff

CASE = "staff/applications/<str:reference>/"

urlpatterns = [
    path("staff/applications/", staff.ApplicationListView.as_view(), name="staff-list"),
    path(CASE, staff.CaseView.as_view(), name="staff-case"),
    path(f"{CASE}assign/", staff.AssignView.as_view(), name="staff-case-assign"),
    path(f"{CASE}household/add/", staff.HouseholdAddView.as_view(), name="staff-household-add"),
    path(f"{CASE}household/<int:member_id>/remove/", staff.HouseholdRemoveView.as_view(),
         name="staff-household-remove"),
    path(f"{CASE}triage/", staff.TriageView.as_view(), name="staff-case-triage"),
    path(f"{CASE}evidence/request/", staff.EvidenceRequestView.as_view(),
         name="staff-evidence-request"),
    path(f"{CASE}evidence/<int:item_id>/verify/", staff.EvidenceVerifyView.as_view(),
         name="staff-evidence-verify"),
    path(f"{CASE}evidence/<int:item_id>/reject/", staff.EvidenceRejectView.as_view(),
         name="staff-evidence-reject"),
    path(f"{CASE}evidence/<int:item_id>/download/", staff.EvidenceDownloadView.as_view(),
         name="staff-evidence-download"),
    path(f"{CASE}notes/", staff.CaseNoteAddView.as_view(), name="staff-case-note"),
    path(f"{CASE}duplicates/", staff.DuplicatesView.as_view(), name="staff-case-duplicates"),
    path(f"{CASE}eligibility/findings/<int:member_id>/", staff.EligibilityFindingsView.as_view(),
         name="staff-eligibility-findings"),
    path(f"{CASE}eligibility/", staff.EligibilityDecideView.as_view(),
         name="staff-eligibility"),
    path(f"{CASE}qualification/", staff.QualificationDecideView.as_view(),
         name="staff-qualification"),
    path(f"{CASE}closure/confirm/", staff.ClosureConfirmView.as_view(),
         name="staff-closure-confirm"),
    path(f"{CASE}closure/cancel/", staff.ClosureCancelView.as_view(),
         name="staff-closure-cancel"),
    path(f"{CASE}changes/<int:change_id>/review/", staff.ChangeReviewView.as_view(),
         name="staff-change-review"),
]
