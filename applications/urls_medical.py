"""Medical pages (staff and portal) for the register's namespace ``applications``. Portal routes
here are matched before the application's catch-all section route."""

from django.urls import path

from applications.views import medical

CASE_MEDICAL = "staff/applications/<str:reference>/medical/"

urlpatterns: list = [
    # Caseworkers, on a case
    path(CASE_MEDICAL, medical.MedicalListView.as_view(), name="staff-medical"),
    path(f"{CASE_MEDICAL}request/", medical.MedicalRequestView.as_view(),
         name="staff-medical-request"),
    path(f"{CASE_MEDICAL}form/", medical.MedicalEntryView.as_view(),
         name="staff-medical-entry"),
    path(f"{CASE_MEDICAL}<int:pk>/", medical.MedicalDetailView.as_view(),
         name="staff-medical-detail"),
    path(f"{CASE_MEDICAL}<int:pk>/refer/", medical.MedicalReferView.as_view(),
         name="staff-medical-refer"),
    path(f"{CASE_MEDICAL}<int:pk>/decide/", medical.MedicalDecideView.as_view(),
         name="staff-medical-decide"),
    # Medical advisers: only what is referred to them
    path("staff/medical/", medical.AdviserQueueView.as_view(), name="adviser-queue"),
    path("staff/medical/<int:pk>/", medical.AdviserDetailView.as_view(), name="adviser-detail"),
    path("staff/medical/<int:pk>/evidence/<int:item_id>/", medical.AdviserEvidenceView.as_view(),
         name="adviser-evidence"),
    # Applicants
    path("account/medical/", medical.PortalMedicalView.as_view(), name="portal-medical"),
    path("account/medical/<int:member_id>/", medical.PortalMedicalFormView.as_view(),
         name="portal-medical-form"),
]
