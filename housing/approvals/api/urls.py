"""Approvals endpoints under /api/v1/ (namespace ``api``)."""

from django.urls import path

from housing.approvals.api import views

urlpatterns: list = [
    path("approvals/", views.ApprovalListCreateApi.as_view(), name="approval-list"),
    path("approvals/<int:pk>/", views.ApprovalDetailApi.as_view(), name="approval-detail"),
    path("approvals/<int:pk>/decision/", views.ApprovalDecisionApi.as_view(),
         name="approval-decision"),
    path("approvals/<int:pk>/withdraw/", views.ApprovalWithdrawApi.as_view(),
         name="approval-withdraw"),
]
