"""Reviews endpoints under /api/v1/ (namespace ``api``)."""

from django.urls import path

from applications.api import reviews as api

REVIEW = "reviews/<str:reference>/"

urlpatterns = [
    path("reviews/", api.ReviewListCreateApi.as_view(), name="review-list"),
    path(REVIEW, api.ReviewDetailApi.as_view(), name="review-detail"),
    path(f"{REVIEW}late-referral/", api.ReviewLateReferralApi.as_view(),
         name="review-late-referral"),
    path(f"{REVIEW}allocate/", api.ReviewAllocateApi.as_view(), name="review-allocate"),
    path(f"{REVIEW}representations/", api.ReviewRepresentationsApi.as_view(),
         name="review-representations"),
    path(f"{REVIEW}decision/", api.ReviewDecisionApi.as_view(), name="review-decision"),
    path(f"{REVIEW}withdraw/", api.ReviewWithdrawApi.as_view(), name="review-withdraw"),
]
