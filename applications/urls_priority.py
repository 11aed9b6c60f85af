"""Priority pages (staff and portal) for the register's namespace ``applications``. Portal routes
here are matched before the application's catch-all section route."""

from django.urls import path

from applications.views import priority

CASE = "staff/applications/<str:reference>/"

urlpatterns: list = [
    path(f"{CASE}assessment/", priority.AssessmentView.as_view(), name="staff-assessment"),
    path(f"{CASE}assessment/withdraw/", priority.AssessmentWithdrawView.as_view(),
         name="staff-assessment-withdraw"),
    path(f"{CASE}debts/", priority.DebtsView.as_view(), name="staff-debts"),
    path(f"{CASE}debts/<int:pk>/", priority.DebtEditView.as_view(), name="staff-debt-edit"),
    path(f"{CASE}debts/<int:pk>/clear/", priority.DebtClearView.as_view(),
         name="staff-debt-clear"),
]
