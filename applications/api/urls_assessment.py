"""Assessment endpoints under /api/v1/ (namespace ``api``)."""

from django.urls import path

from applications.api import assessment as api

APPLICATION = "applications/<str:reference>/"

urlpatterns: list = [
    path(f"{APPLICATION}assessment/", api.AssessmentApi.as_view(),
         name="application-assessment"),
    path(f"{APPLICATION}assessment/proposal/", api.AssessmentProposalApi.as_view(),
         name="application-assessment-proposal"),
    path(f"{APPLICATION}assessment/withdraw/", api.AssessmentWithdrawApi.as_view(),
         name="application-assessment-withdraw"),
    path(f"{APPLICATION}debts/", api.DebtListCreateApi.as_view(), name="application-debts"),
]
