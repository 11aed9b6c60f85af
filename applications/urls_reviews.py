"""Reviews pages (staff and portal) for the register's namespace ``applications``. Portal routes
here are matched before the application's catch-all section route."""

from django.urls import path

from applications.views import reviews

REVIEW = "staff/reviews/<str:review_ref>/"
PORTAL_REVIEW = "account/reviews/<str:review_ref>/"

urlpatterns = [
    # Staff
    path("staff/reviews/", reviews.StaffReviewListView.as_view(), name="staff-reviews"),
    path(REVIEW, reviews.StaffReviewView.as_view(), name="staff-review"),
    path(f"{REVIEW}refer/", reviews.StaffReviewReferView.as_view(), name="staff-review-refer"),
    path(f"{REVIEW}allocate/", reviews.StaffReviewAllocateView.as_view(),
         name="staff-review-allocate"),
    path(f"{REVIEW}representations/", reviews.StaffReviewRepresentationsView.as_view(),
         name="staff-review-representations"),
    path(f"{REVIEW}decision/", reviews.StaffReviewDecideView.as_view(),
         name="staff-review-decide"),
    path(f"{REVIEW}withdraw/", reviews.StaffReviewWithdrawView.as_view(),
         name="staff-review-withdraw"),
    path("staff/applications/<str:reference>/reviews/new/", reviews.StaffReviewNewView.as_view(),
         name="staff-review-new"),
    # Applicants
    path("account/reviews/", reviews.PortalReviewListView.as_view(), name="portal-reviews"),
    path("account/reviews/request/", reviews.PortalReviewRequestView.as_view(),
         name="portal-review-request"),
    path(PORTAL_REVIEW, reviews.PortalReviewView.as_view(), name="portal-review"),
    path(f"{PORTAL_REVIEW}withdraw/", reviews.PortalReviewWithdrawView.as_view(),
         name="portal-review-withdraw"),
]
