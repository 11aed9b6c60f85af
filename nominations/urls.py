"""Nominations pages (staff side, namespace ``nominations``) under /staff/nominations/."""

from django.urls import path

from nominations.views import staff

app_name = "nominations"

BASE = "staff/nominations/"
REQUEST = f"{BASE}requests/<int:pk>/"
NOMINATION = f"{BASE}<int:pk>/"

urlpatterns = [
    path(BASE, staff.NominationsHomeView.as_view(), name="staff-home"),
    path(f"{BASE}requests/new/", staff.RequestNewView.as_view(), name="staff-request-new"),
    path(REQUEST, staff.RequestDetailView.as_view(), name="staff-request"),
    path(f"{REQUEST}nominate-shortlist/", staff.RequestNominateShortlistView.as_view(),
         name="staff-request-nominate-shortlist"),
    path(f"{REQUEST}nominate-register/", staff.RequestNominateRegisterView.as_view(),
         name="staff-request-nominate-register"),
    path(f"{REQUEST}return/", staff.RequestReturnView.as_view(), name="staff-request-return"),
    path(NOMINATION, staff.NominationDetailView.as_view(), name="staff-nomination"),
    path(f"{NOMINATION}accept-rejection/", staff.RejectionAcceptView.as_view(),
         name="staff-nomination-accept-rejection"),
    path(f"{NOMINATION}challenge/", staff.RejectionChallengeView.as_view(),
         name="staff-nomination-challenge"),
    path(f"{NOMINATION}withdraw/", staff.NominationWithdrawView.as_view(),
         name="staff-nomination-withdraw"),
    path(f"{BASE}agreements/", staff.AgreementListView.as_view(), name="staff-agreements"),
    path(f"{BASE}agreements/new/", staff.AgreementNewView.as_view(),
         name="staff-agreement-new"),
    path(f"{BASE}agreements/<int:pk>/edit/", staff.AgreementEditView.as_view(),
         name="staff-agreement-edit"),
    path(f"{BASE}monitoring/", staff.MonitoringView.as_view(), name="staff-monitoring"),
]
