"""The approvals queue (maker–checker, DOMAIN.md §3.16, §5.1 step 9) under /staff/approvals/.

Managers work the queue, oldest first, and decide requests they did not make; officers see the
requests they made and what became of them. Requests about restricted cases exist only for the
restricted group (``approvals_visible_to``). A request the user may not see is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import ListView

from housing.accounts.mixins import PolicyRequiredMixin
from housing.approvals.forms import ALL, DecisionForm, QueueFilterForm, WithdrawForm
from housing.approvals.models import ApprovalRequest
from housing.approvals.policies import (
    approvals_visible_to,
    can_decide,
    can_decide_approvals,
    can_request_approval,
)
from housing.approvals.selectors import approval_queue
from housing.approvals.services import approval_decide, approval_withdraw
from housing.core.exceptions import ApplicationError


class ApprovalsRequiredMixin(PolicyRequiredMixin):
    """Officers, managers and administrators: the people who raise or decide requests."""

    policy = staticmethod(can_request_approval)


def approvals_for_user(user: Any) -> QuerySet[ApprovalRequest]:
    """Managers see every request they may see; everyone else only the requests they made."""
    qs = approvals_visible_to(user)
    if not can_decide_approvals(user):
        qs = qs.filter(requested_by=user)
    return qs


def _add_errors(form: Any, exc: ApplicationError) -> None:
    for name, field_messages in exc.errors.items():
        if name in form.fields:
            for message in field_messages:
                form.add_error(name, message)
    form.add_error(None, exc.message)


class ApprovalQueueView(ApprovalsRequiredMixin, ListView):
    """Managers: requests waiting for a decision (filter by type and status). Officers: the
    requests they made."""

    template_name = "approvals/queue.html"
    context_object_name = "approvals"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[ApprovalRequest]:
        user = self.request.user
        self.is_manager = can_decide_approvals(user)
        form = QueueFilterForm(self.request.GET)
        self.filter_form = form
        data = form.cleaned_data if form.is_valid() else {}
        default = ApprovalRequest.Status.PENDING if self.is_manager else ALL
        self.status = data.get("status") or default
        self.type = data.get("type") or ""
        qs = approval_queue(user=user, status="" if self.status == ALL else self.status,
                            type=self.type)
        if not self.is_manager:
            qs = qs.filter(requested_by_id=user.pk).order_by("-created_at", "-pk")
        return qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(is_manager=self.is_manager, status=self.status, type=self.type,
                       types=ApprovalRequest.Type.choices,
                       statuses=[*ApprovalRequest.Status.choices, (ALL, "Any status")])
        return context


def _approval(request: HttpRequest, pk: int) -> ApprovalRequest:
    approval = (approvals_for_user(request.user).select_related("requested_by", "decided_by")
                .filter(pk=pk).first())
    if approval is None:
        raise Http404("No such approval request")
    return approval


def detail_context(request: HttpRequest, approval: ApprovalRequest, *,
                   decision_form: DecisionForm | None = None,
                   withdraw_form: WithdrawForm | None = None) -> dict[str, Any]:
    user = request.user
    failed = next((f for f in (decision_form, withdraw_form) if f is not None and f.errors),
                  None)
    history = list(approval.history.select_related("history_user").order_by("history_date"))
    return {
        "approval": approval,
        "details": [(str(k), v) for k, v in (approval.details or {}).items()],
        "history": history,
        "is_requester": approval.requested_by_id == user.pk,
        "can_decide": approval.is_pending and can_decide(user, approval),
        "can_withdraw": approval.is_pending and (approval.requested_by_id == user.pk
                                                 or can_decide_approvals(user)),
        "decision_form": decision_form or DecisionForm(prefix="decision"),
        "withdraw_form": withdraw_form or WithdrawForm(prefix="withdraw"),
        "form": failed,
    }


class ApprovalDetailView(ApprovalsRequiredMixin, View):
    """One request: what is asked, why, its history. ``POST``: a manager who did not make it
    approves or rejects it (``approval_decide``)."""

    http_method_names = ["get", "head", "post"]
    template_name = "approvals/detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        approval = _approval(request, pk)
        return render(request, self.template_name, detail_context(request, approval))

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        approval = _approval(request, pk)
        if not can_decide_approvals(request.user):
            raise PermissionDenied
        form = DecisionForm(request.POST, prefix="decision")
        if form.is_valid():
            data = form.cleaned_data
            try:
                approval = approval_decide(approval=approval, actor=request.user,
                                           decision=data["decision"], reason=data["reason"],
                                           valid_until=data["valid_until"])
            except ApplicationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, f"{approval.get_status_display()}: "
                                          f"{approval.summary}")
                return redirect("approvals:queue")
        approval = _approval(request, pk)
        return render(request, self.template_name,
                      detail_context(request, approval, decision_form=form), status=400)


class ApprovalWithdrawView(ApprovalsRequiredMixin, View):
    """The requester (or a manager) withdraws a pending request (``approval_withdraw``)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        approval = _approval(request, pk)
        form = WithdrawForm(request.POST, prefix="withdraw")
        if form.is_valid():
            try:
                approval_withdraw(approval=approval, actor=request.user,
                                  reason=form.cleaned_data["reason"])
            except ApplicationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, "Request withdrawn")
                return redirect("approvals:detail", approval.pk)
        approval = _approval(request, pk)
        return render(request, ApprovalDetailView.template_name,
                      detail_context(request, approval, withdraw_form=form), status=400)
