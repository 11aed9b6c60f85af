"""Manager approvals queue pages (namespace ``approvals``) under /staff/approvals/."""

from django.urls import path

from housing.approvals import views

app_name = "approvals"

urlpatterns: list = [
    path("staff/approvals/", views.ApprovalQueueView.as_view(), name="queue"),
    path("staff/approvals/<int:pk>/", views.ApprovalDetailView.as_view(), name="detail"),
    path("staff/approvals/<int:pk>/withdraw/", views.ApprovalWithdrawView.as_view(),
         name="withdraw"),
]
