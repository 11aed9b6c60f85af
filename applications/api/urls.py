"""Register endpoints under /api/v1/ (included by housing/api_urls.py, namespace ``api``)."""

from django.urls import path

from applications.api import applications as api

APPLICATION = "applications/<str:reference>/"

urlpatterns = [
    path("applications/", api.ApplicationListCreateApi.as_view(), name="application-list"),
    path(APPLICATION, api.ApplicationDetailApi.as_view(), name="application-detail"),
    path(f"{APPLICATION}declaration/", api.ApplicationDeclarationApi.as_view(),
         name="application-declaration"),
    path(f"{APPLICATION}submit/", api.ApplicationSubmitApi.as_view(),
         name="application-submit"),
    path(f"{APPLICATION}members/", api.MemberListCreateApi.as_view(),
         name="application-members"),
    path(f"{APPLICATION}members/<int:member_id>/", api.MemberDetailApi.as_view(),
         name="application-member"),
    path(f"{APPLICATION}members/<int:member_id>/addresses/", api.AddressCreateApi.as_view(),
         name="application-member-addresses"),
    path(f"{APPLICATION}addresses/<int:address_id>/", api.AddressDeleteApi.as_view(),
         name="application-address"),
    path(f"{APPLICATION}evidence/", api.EvidenceListRequestApi.as_view(),
         name="application-evidence"),
    path(f"{APPLICATION}evidence/<int:item_id>/upload/", api.EvidenceUploadApi.as_view(),
         name="application-evidence-upload"),
    path(f"{APPLICATION}evidence/<int:item_id>/verify/", api.EvidenceVerifyApi.as_view(),
         name="application-evidence-verify"),
    path(f"{APPLICATION}evidence/<int:item_id>/reject/", api.EvidenceRejectApi.as_view(),
         name="application-evidence-reject"),
    path(f"{APPLICATION}notes/", api.NoteListCreateApi.as_view(), name="application-notes"),
    path(f"{APPLICATION}changes/", api.ChangeReportApi.as_view(), name="application-changes"),
    path(f"{APPLICATION}eligibility/", api.EligibilityDecideApi.as_view(),
         name="application-eligibility"),
    path(f"{APPLICATION}qualification/", api.QualificationDecideApi.as_view(),
         name="application-qualification"),
    path(f"{APPLICATION}duplicates/", api.DuplicatesApi.as_view(),
         name="application-duplicates"),
]
