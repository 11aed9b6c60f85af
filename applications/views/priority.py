"""Officer pages for priority (DOMAIN.md §4.4, §4.10, §5.1 steps 8–9): the band assessment,
with the rules' proposal and the award history, and the household's housing-related debts.

Each page finds the case through the visibility policy (404 when the officer may not see it),
asks ``can_work_case``, and calls one service per POST. A refused POST shows the page again
with a GOV.UK error summary and status 400; nothing has changed. Success redirects back
(post/redirect/get) with a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from applications.forms.priority import (
    AssessmentForm,
    AwardWithdrawForm,
    DebtClearForm,
    DebtForm,
    debt_initial,
)
from applications.models import Application, BandAward, DebtRecord
from applications.policies import applications_visible_to, can_work_case
from applications.priority import (
    Assessment,
    assessment_for,
    award_history,
    current_award,
    debt_assessment,
    proposed_award,
)
from applications.rules.banding import BandScheme
from applications.rules.debt import DebtResult
from applications.services import banding
from applications.services.debts import debt_record_add, debt_record_clear, debt_record_update
from applications.views.staff import CaseworkerRequiredMixin, add_errors
from housing.approvals.models import ApprovalRequest
from housing.approvals.selectors import pending_approval_for
from housing.core.exceptions import ApplicationError, ConflictError
from housing.scheme.selectors import scheme_in_force

RP_LABELS = {"a": "a (homeless)", "b": "b (homelessness duty)", "c": "c (conditions)",
             "d": "d (medical or welfare)", "e": "e (hardship)", "ap": "additional preference"}


def _case(request: HttpRequest, reference: str) -> Application:
    """The case if this caseworker may see it (404 otherwise) and work it (403)."""
    application = (applications_visible_to(request.user)
                   .select_related("circumstances", "scheme_version")
                   .prefetch_related("members").filter(reference=reference).first())
    if application is None:
        raise Http404("No such application")
    if not can_work_case(request.user, application):
        raise PermissionDenied
    return application


def _scheme() -> Any:
    try:
        return scheme_in_force()
    except ApplicationError:
        return None


# --- The assessment ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ReasonRow:
    code: str
    title: str
    rp_categories: str
    requires_approval: bool
    discretionary: bool
    suggested_because: str
    checked: bool
    index: int


@dataclass(frozen=True)
class BandGroup:
    code: str
    name: str
    reasons: list[ReasonRow]


def _reason_groups(bands: BandScheme, form: AssessmentForm,
                   suggested: dict[str, str]) -> list[BandGroup]:
    value = form["reason_codes"].value() or []
    ticked = {str(v) for v in (value if isinstance(value, list | tuple) else [value])}
    groups: list[BandGroup] = []
    index = 0
    for band in bands.bands:
        rows = []
        for rule in bands.reasons:
            if rule.band_code != band.code:
                continue
            rows.append(ReasonRow(
                code=rule.code, title=rule.title,
                rp_categories=", ".join(RP_LABELS.get(c, c) for c in rule.rp_categories),
                requires_approval=rule.requires_approval, discretionary=rule.discretionary,
                suggested_because=suggested.get(rule.code, ""), checked=rule.code in ticked,
                index=index))
            index += 1
        if rows:
            groups.append(BandGroup(band.code, band.name, rows))
    return groups


def _assessable_problem(application: Application) -> str:
    """Why the application cannot be banded now, in the service's words (or "")."""
    try:
        banding._check_assessable(application)
    except ConflictError as exc:
        return exc.message
    return ""


def _pending_approval(award: BandAward | None) -> ApprovalRequest | None:
    if award is None:
        return None
    return (pending_approval_for(award, ApprovalRequest.Type.BAND_A_AWARD)
            or pending_approval_for(award, ApprovalRequest.Type.DISCRETIONARY_AWARD))


def assessment_context(request: HttpRequest, application: Application, *,
                       form: AssessmentForm | None = None,
                       withdraw_form: AwardWithdrawForm | None = None) -> dict[str, Any]:
    """Everything the assessment page shows. ``form`` is the officer's refused form, if any."""
    scheme = _scheme()
    proposal: Assessment | None = None
    problem = ""
    bands: BandScheme | None = None
    if scheme is None:
        problem = "No allocation scheme is in force, so the application cannot be banded."
    else:
        bands = BandScheme.from_scheme(scheme)
        try:
            proposal = assessment_for(application, scheme=scheme)
        except ValueError as exc:
            problem = str(exc)
    suggested = dict(proposal.suggested) if proposal else {}
    if form is None and bands is not None:
        form = AssessmentForm(bands=bands, initial={"reason_codes": list(suggested)})
    pending = proposed_award(application)
    failed = form if form is not None and form.errors else withdraw_form
    return {
        "application": application,
        "scheme": scheme,
        "current": current_award(application),
        "pending": pending,
        "pending_approval": _pending_approval(pending),
        "proposal": proposal,
        "debt": proposal.debt if proposal else None,
        "not_assessable": _assessable_problem(application),
        "problem": problem,
        "assessment_form": form,
        "reason_groups": _reason_groups(bands, form, suggested) if bands and form else [],
        "withdraw_form": withdraw_form or AwardWithdrawForm(prefix="withdraw"),
        "history": award_history(application),
        # The error summary (and "Error:" in the title) read ``form``.
        "form": failed,
    }


class AssessmentView(CaseworkerRequiredMixin, View):
    """Caseworkers: the rules' proposal, the current and pending awards, and the form to
    confirm or change the band (``award_confirm``)."""

    http_method_names = ["get", "head", "post"]
    template_name = "applications/priority/assessment.html"

    def get(self, request: HttpRequest, reference: str) -> HttpResponse:
        application = _case(request, reference)
        return render(request, self.template_name, assessment_context(request, application))

    def post(self, request: HttpRequest, reference: str) -> HttpResponseBase:
        application = _case(request, reference)
        scheme = _scheme()
        if scheme is None:  # the page says so; nothing can be banded
            return render(request, self.template_name,
                          assessment_context(request, application), status=400)
        form = AssessmentForm(request.POST, bands=BandScheme.from_scheme(scheme))
        if form.is_valid():
            data = form.cleaned_data
            try:
                award = banding.award_confirm(
                    application=application, actor=request.user,
                    reason_codes=data["reason_codes"],
                    deliberate_worsening=data["deliberate_worsening"],
                    behaviour=data["behaviour"], override_band=data["override_band"],
                    override_reason=data["override_reason"],
                    justification=data["justification"], officer_note=data["officer_note"])
            except ApplicationError as exc:
                add_errors(form, exc)
            else:
                if award.status == BandAward.Status.CURRENT:
                    messages.success(request, f"{award.band_name} confirmed")
                else:
                    messages.success(request, "Sent to a manager for approval")
                return redirect("applications:staff-assessment", application.reference)
        application = _case(request, reference)
        return render(request, self.template_name,
                      assessment_context(request, application, form=form), status=400)


class AssessmentWithdrawView(CaseworkerRequiredMixin, View):
    """Caseworkers: withdraw an award that is waiting for a manager (to assess again)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, reference: str) -> HttpResponseBase:
        application = _case(request, reference)
        form = AwardWithdrawForm(request.POST, prefix="withdraw")
        pending = proposed_award(application)
        if form.is_valid():
            try:
                if pending is None:
                    raise ConflictError("No award is waiting for a manager's approval.")
                banding.award_withdraw(award=pending, actor=request.user,
                                       reason=form.cleaned_data["reason"])
            except ApplicationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "Award withdrawn: you can assess the band again")
                return redirect("applications:staff-assessment", application.reference)
        application = _case(request, reference)
        return render(request, AssessmentView.template_name,
                      assessment_context(request, application, withdraw_form=form), status=400)


# --- Debts ------------------------------------------------------------------------------------

@dataclass
class DebtRow:
    debt: DebtRecord
    counts: bool
    excluded_because: str
    clear_form: forms.Form | None


def debts_context(request: HttpRequest, application: Application, *,
                  add_form: DebtForm | None = None,
                  failed_clear: tuple[int, DebtClearForm] | None = None) -> dict[str, Any]:
    scheme = _scheme()
    result: DebtResult | None = debt_assessment(application, scheme) if scheme else None
    excluded = dict(result.excluded) if result else {}
    counted = set(result.counted) if result else set()
    rows = []
    for debt in (DebtRecord.objects.filter(application=application)
                 .select_related("member", "recorded_by")):
        clear_form: forms.Form | None = None
        if debt.cleared_at is None:
            clear_form = (failed_clear[1] if failed_clear and failed_clear[0] == debt.pk
                          else DebtClearForm(prefix=f"clear-{debt.pk}"))
        rows.append(DebtRow(debt=debt, counts=debt.pk in counted,
                            excluded_because=excluded.get(debt.pk, ""), clear_form=clear_form))
    members = list(application.members.all())
    add_form = add_form or DebtForm(prefix="debt", members=members)
    failed: forms.Form | None = add_form if add_form.errors else None
    if failed_clear is not None:
        failed = failed_clear[1]
    return {"application": application, "scheme": scheme, "result": result, "rows": rows,
            "add_form": add_form, "form": failed}


class DebtsView(CaseworkerRequiredMixin, View):
    """Caseworkers: the household's housing-related debts, what the scheme makes of them, and
    the form to record another (``debt_record_add``)."""

    http_method_names = ["get", "head", "post"]
    template_name = "applications/priority/debts.html"

    def get(self, request: HttpRequest, reference: str) -> HttpResponse:
        application = _case(request, reference)
        return render(request, self.template_name, debts_context(request, application))

    def post(self, request: HttpRequest, reference: str) -> HttpResponseBase:
        application = _case(request, reference)
        form = DebtForm(request.POST, prefix="debt", members=application.members.all())
        if form.is_valid():
            try:
                debt = debt_record_add(application=application, actor=request.user,
                                       data=form.cleaned_data)
            except ApplicationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"{debt.get_type_display()} of £{debt.amount:,.2f} "
                                          "recorded")
                return redirect("applications:staff-debts", application.reference)
        application = _case(request, reference)
        return render(request, self.template_name,
                      debts_context(request, application, add_form=form), status=400)


def _debt(application: Application, pk: int) -> DebtRecord:
    debt = (DebtRecord.objects.filter(application=application, pk=pk)
            .select_related("member").first())
    if debt is None:
        raise Http404("No such debt on this application")
    return debt


class DebtEditView(CaseworkerRequiredMixin, View):
    """Caseworkers: correct a debt record (``debt_record_update``)."""

    http_method_names = ["get", "head", "post"]
    template_name = "applications/priority/debt_edit.html"

    def _render(self, request: HttpRequest, application: Application, debt: DebtRecord,
                form: DebtForm, status: int = 200) -> HttpResponse:
        return render(request, self.template_name,
                      {"application": application, "debt": debt, "edit_form": form,
                       "form": form if form.errors else None}, status=status)

    def get(self, request: HttpRequest, reference: str, pk: int) -> HttpResponse:
        application = _case(request, reference)
        debt = _debt(application, pk)
        form = DebtForm(prefix="debt", members=application.members.all(),
                        initial=debt_initial(debt))
        return self._render(request, application, debt, form)

    def post(self, request: HttpRequest, reference: str, pk: int) -> HttpResponseBase:
        application = _case(request, reference)
        debt = _debt(application, pk)
        form = DebtForm(request.POST, prefix="debt", members=application.members.all())
        if form.is_valid():
            try:
                debt_record_update(debt=debt, actor=request.user, data=form.cleaned_data)
            except ApplicationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "Debt updated")
                return redirect("applications:staff-debts", application.reference)
        debt.refresh_from_db()
        return self._render(request, application, debt, form, status=400)


class DebtClearView(CaseworkerRequiredMixin, View):
    """Caseworkers: mark a debt as cleared (``debt_record_clear``)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, reference: str, pk: int) -> HttpResponseBase:
        application = _case(request, reference)
        debt = _debt(application, pk)
        form = DebtClearForm(request.POST, prefix=f"clear-{pk}")
        if form.is_valid():
            try:
                debt_record_clear(debt=debt, actor=request.user,
                                  cleared_on=form.cleaned_data["cleared_on"],
                                  note=form.cleaned_data["note"])
            except ApplicationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"{debt.get_type_display()} marked as cleared")
                return redirect(reverse("applications:staff-debts",
                                        args=[application.reference]))
        return render(request, DebtsView.template_name,
                      debts_context(request, application, failed_clear=(pk, form)), status=400)
