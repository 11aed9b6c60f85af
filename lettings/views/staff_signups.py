"""Officer pages for signing a tenant up after an offer is accepted, and the tenancies that
start (DOMAIN.md §3.15, §4.16, §5.3; decision record 0012).

- Starting the sign-up from the offer page.
- The list of sign-ups, open ones first, filtered by status.
- One sign-up: the pre-tenancy checks as a task list, the tenancy as proposed (type and why,
  start date, rent and charges, joint tenants), the affordability figures, making the tenancy
  pack, the tenants' signatures (one taken in person is recorded here), reopening the checks,
  the counter-signature that lets the home, whether the stored documents still match their
  fingerprints, and its history.
- Each check's own form (eligibility is checked again by the rules; affordability has its
  figures), and the tenancy's terms.
- The pack and the signed copy as PDFs.
- Tenancies: the list, and one tenancy with its void days, rent loss and CORE lettings log
  record.

Lettings staff only (``LettingsStaffRequiredMixin``): medical advisers, providers' users and
applicants get 403. Sign-ups are found through ``policies.signups_visible_to`` and tenancies
through ``policies.tenancies_visible_to``, so a restricted case the officer may not see is a
404; every action also needs ``policies.can_work_signup``. Each POST calls one service in
``lettings.services.signups``; bad input or a refusal shows the page again with a GOV.UK error
summary and status 400, and nothing has changed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from applications.models import HouseholdMember
from housing.core.exceptions import ApplicationError, ConflictError
from housing.core.views_helpers import client_ip, private_pdf
from housing.scheme.models import SchemeVersion
from housing.scheme.selectors import scheme_in_force
from lettings import policies
from lettings.forms_shortlist import ConfirmForm
from lettings.forms_signups import (
    ALL,
    INCOME_FIELDS,
    OUTGOING_FIELDS,
    AffordabilityForm,
    CheckForm,
    CountersignForm,
    InPersonSignatureForm,
    ReopenForm,
    SignUpFilterForm,
    TermsForm,
)
from lettings.models import (
    AffordabilityAssessment,
    SignUp,
    SignUpCheck,
    Tenancy,
    TenancyPack,
    TenancySignature,
    Void,
)
from lettings.rules import affordability as afford_rule
from lettings.rules import signup_checks
from lettings.rules.signup_checks import CheckDefinition
from lettings.services.signups import (
    CLAIM_TYPES,
    WORKING_SITUATIONS,
    affordability_record,
    countersign,
    pack_generate,
    signup_check_record,
    signup_eligibility_recheck,
    signup_outstanding,
    signup_reopen,
    signup_start,
    signup_terms_update,
    signup_verify,
    tenant_sign,
    tenants_of,
)
from lettings.views.staff_base import HistoryRow, LettingsStaffRequiredMixin, failed, history_rows
from lettings.views.staff_shortlist import OFFER_TEMPLATE, _offer, offer_context

SIGNUP_TEMPLATE = "lettings/staff/signup.html"
CHECK_TEMPLATE = "lettings/staff/signup_check.html"
ELIGIBILITY_TEMPLATE = "lettings/staff/signup_eligibility.html"
AFFORDABILITY_TEMPLATE = "lettings/staff/signup_affordability.html"
TERMS_TEMPLATE = "lettings/staff/signup_terms.html"
HISTORY_LIMIT = 50

_ELIGIBILITY_OUTCOMES = {
    "eligible": "Eligible",
    "ineligible": "Not eligible",
    "exempt_existing_tenant": "Eligible (an existing social tenant)",
    "needs_officer_decision": "Needs an officer's decision",
}
_CHECK_TAGS: dict[str, str] = {SignUpCheck.Status.TO_DO: "govuk-tag--blue",
               SignUpCheck.Status.DONE: "govuk-tag--green",
               SignUpCheck.Status.NOT_NEEDED: "govuk-tag--grey"}


def _long(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def _pounds(value: Decimal | None) -> str:
    return f"£{value or 0:,.2f}"


def _refused(form: Any, exc: ApplicationError) -> Any:
    """A service's refusal on ``form``: notes about a field the officer fills in go next to
    it; the sentence, and notes about anything else (the checks still to do), go at the top,
    so every reason is in the error summary. A conflict is about the state of things (the
    sign-up has moved on, the pack has changed), so only its sentence is shown: its notes
    name the sign-up's fields, not the form's."""
    if isinstance(exc, ConflictError):
        form.add_error(None, exc.message)
        return form
    on_form = {name: notes for name, notes in exc.errors.items()
               if name in form.fields and not form.fields[name].widget.is_hidden}
    others = [note for name, notes in exc.errors.items() if name not in on_form
              for note in notes]
    if not on_form or others:
        form.add_error(None, exc.message)
    for note in others:
        if note != exc.message:
            form.add_error(None, note)
    for name, notes in on_form.items():
        for note in notes:
            form.add_error(name, note)
    return form


def _signups(request: HttpRequest) -> QuerySet[SignUp]:
    return (policies.signups_visible_to(request.user)
            .select_related("application", "property", "property__landlord", "offer",
                            "started_by", "countersigned_by"))


def _signup(request: HttpRequest, pk: int) -> SignUp:
    signup = _signups(request).filter(pk=pk).first()
    if signup is None:
        raise Http404("No such sign-up")
    return signup


def _require_worker(request: HttpRequest, signup: SignUp) -> None:
    if not policies.can_work_signup(request.user, signup):
        raise PermissionDenied("Only lettings officers who may work this case can do this.")


def _definition(code: str) -> CheckDefinition:
    definition = signup_checks.BY_CODE.get(code)
    if definition is None:
        raise Http404("No such check")
    return definition


def _scheme(signup: SignUp) -> SchemeVersion:
    """The scheme the services apply to this sign-up: the one in force on the start date, or
    today while the start date is ahead."""
    today = timezone.localdate()
    return scheme_in_force(on=min(signup.start_date or today, today))


def _rent_in_advance(signup: SignUp, scheme: SchemeVersion) -> str:
    weeks = scheme.rent_in_advance_weeks
    due = (signup.weekly_total * weeks).quantize(Decimal("0.01"))
    return (f"{_pounds(due)} ({weeks} week{'s' if weeks != 1 else ''} of "
            f"{_pounds(signup.weekly_total)} rent and charges)")


def _client(request: HttpRequest) -> tuple[str | None, str]:
    return client_ip(request), request.META.get("HTTP_USER_AGENT", "")


# --- Starting from the offer page ------------------------------------------------------------

class SignUpStartView(LettingsStaffRequiredMixin, View):
    """Lettings staff who may work the case: open the sign-up of an accepted offer
    (``signup_start``) and go to it. A refusal shows the offer page again."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        offer = _offer(request, pk)
        form = ConfirmForm(request.POST, prefix="signup")
        try:
            signup = signup_start(offer=offer, actor=request.user)
        except ApplicationError as exc:
            _refused(form, exc)
            return render(request, OFFER_TEMPLATE,
                          offer_context(request, _offer(request, pk), signup_form=form),
                          status=400)
        messages.success(request, "Sign-up started. Work through the checks, then make the "
                                  "tenancy pack.")
        return redirect("lettings:staff-signup", signup.pk)


# --- The list -----------------------------------------------------------------------------------

class SignUpListView(LettingsStaffRequiredMixin, ListView):
    """Lettings staff: sign-ups of cases they may see, the open ones by default, with how many
    checks are settled; filtered by status."""

    template_name = "lettings/staff/signups.html"
    context_object_name = "signups"
    paginate_by = 50

    def get_queryset(self) -> Any:
        self.filter_form = SignUpFilterForm(self.request.GET)
        choice = self.filter_form.choice() if self.filter_form.is_valid() else ""
        self.choice = choice
        signups = (policies.signups_visible_to(self.request.user)
                   .select_related("application", "property")
                   .annotate(checks_total=Count("checks"),
                             checks_settled=Count(
                                 "checks", filter=~Q(checks__status=SignUpCheck.Status.TO_DO))))
        if choice == ALL:
            pass
        elif choice:
            signups = signups.filter(status=choice)
        else:
            signups = signups.filter(status__in=SignUp.OPEN_STATUSES)
        return signups.order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        labels = dict(self.filter_form.fields["status"].choices)  # type: ignore[attr-defined]
        context.update(filter_form=self.filter_form, filtered=bool(self.choice),
                       showing=labels.get(self.choice, "Open sign-ups"),
                       form=self.filter_form if self.filter_form.errors else None)
        return context


# --- One sign-up --------------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckRow:
    definition: CheckDefinition
    check: SignUpCheck | None
    required: bool
    details: list[tuple[str, str]] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.check.status if self.check else SignUpCheck.Status.TO_DO

    @property
    def status_label(self) -> str:
        return dict(SignUpCheck.Status.choices)[self.status]

    @property
    def tag(self) -> str:
        return _CHECK_TAGS.get(self.status, "govuk-tag--blue")


def check_details(code: str, details: dict[str, Any]) -> list[tuple[str, str]]:
    """A check's structured details as (label, value) lines an officer reads."""
    lines: list[tuple[str, str]] = []
    if code == "identity" and details.get("documents"):
        lines.append(("Documents seen", str(details["documents"])))
    elif code == "household" and details.get("working_situation"):
        situation = details["working_situation"]
        lines.append(("Lead tenant's working situation",
                      dict(WORKING_SITUATIONS).get(situation, situation)))
    elif code == "rent_in_advance" and details.get("amount_paid"):
        lines.append(("Amount paid", _pounds(Decimal(str(details["amount_paid"])))))
    elif code == "benefit_claim":
        if details.get("claim_type"):
            lines.append(("Claim", dict(CLAIM_TYPES).get(details["claim_type"],
                                                         details["claim_type"])))
        if details.get("claim_reference"):
            lines.append(("Claim reference", str(details["claim_reference"])))
    elif code == "support" and details.get("referrals"):
        referrals = dict(signup_checks.SUPPORT_REFERRALS)
        lines.append(("Referrals", "; ".join(referrals.get(r, r)
                                             for r in details["referrals"])))
    elif code == "tenancy_end" and details.get("end_date"):
        try:
            lines.append(("Current tenancy ends",
                          _long(dt.date.fromisoformat(details["end_date"]))))
        except ValueError:
            lines.append(("Current tenancy ends", str(details["end_date"])))
    elif code == "eligibility":
        for person in details.get("people", []):
            lines.append((str(person.get("name", "")),
                          _ELIGIBILITY_OUTCOMES.get(person.get("outcome"),
                                                    str(person.get("outcome", "")))))
    return lines


def check_rows(signup: SignUp, scheme: SchemeVersion) -> list[CheckRow]:
    """Every check in checklist order, with what was recorded and whether the scheme needs
    it before the pack is made."""
    recorded = {c.code: c for c in signup.checks.select_related("done_by")}
    required = set(scheme.signup_required_checks)
    rows = []
    for definition in signup_checks.CHECKS:
        check = recorded.get(definition.code)
        rows.append(CheckRow(definition=definition, check=check,
                             required=definition.code in required,
                             details=check_details(definition.code,
                                                   check.details if check else {})))
    return rows


@dataclass(frozen=True)
class SignatureRow:
    member: HouseholdMember
    signature: TenancySignature | None


def _history(signup: SignUp, packs: list[TenancyPack]) -> list[HistoryRow]:
    """What happened to the sign-up, its checks (affordability included) and the signatures,
    newest first."""
    rows = (history_rows(signup.history.all(), limit=HISTORY_LIMIT)
            + history_rows(SignUpCheck.history.filter(signup_id=signup.pk),
                           limit=HISTORY_LIMIT))
    if packs:
        rows += history_rows(TenancySignature.history.filter(
            pack_id__in=[p.pk for p in packs]), limit=HISTORY_LIMIT)
    rows.sort(key=lambda row: row.when, reverse=True)
    return rows[:HISTORY_LIMIT]


def signup_context(request: HttpRequest, signup: SignUp, *,
                   pack_form: ConfirmForm | None = None,
                   sign_form: InPersonSignatureForm | None = None,
                   reopen_form: ReopenForm | None = None,
                   countersign_form: CountersignForm | None = None) -> dict[str, Any]:
    """Everything the sign-up page shows, and the forms its status allows; the ``*_form``
    arguments are the officer's refused ones."""
    scheme = _scheme(signup)
    status = signup.status
    tenants = tenants_of(signup)
    packs = list(signup.packs.select_related("letter", "created_by"))
    pack = next((p for p in packs if p.is_current), None)
    signatures = (list(pack.signatures.select_related("member", "user")) if pack else [])
    by_member = {s.member_id: s for s in signatures if s.role == TenancySignature.Role.TENANT}
    landlord = next((s for s in signatures if s.role == TenancySignature.Role.LANDLORD), None)
    unsigned = [m for m in tenants if m.pk not in by_member]
    can_work = policies.can_work_signup(request.user, signup)
    affordability = (AffordabilityAssessment.objects.filter(signup=signup)
                     .select_related("assessed_by").first())
    rows = check_rows(signup, scheme)

    can_make_pack = can_work and status == SignUp.Status.CHECKS
    can_sign = can_work and status == SignUp.Status.READY and pack is not None and unsigned
    can_reopen = can_work and status in (SignUp.Status.READY, SignUp.Status.TENANT_SIGNED)
    can_countersign = can_work and status == SignUp.Status.TENANT_SIGNED and pack is not None
    pack_form = pack_form or ConfirmForm(prefix="pack")
    sign_form = sign_form or InPersonSignatureForm(prefix="sign", tenants=unsigned)
    reopen_form = reopen_form or ReopenForm(prefix="reopen")
    countersign_form = countersign_form or CountersignForm(prefix="countersign")
    problems = signup_verify(signup)
    return {
        "signup": signup,
        "application": signup.application,
        "property": signup.property,
        "offer": signup.offer,
        "tenants": tenants,
        "lead": tenants[0] if tenants else None,
        "joint_tenants": tenants[1:],
        "checks": rows,
        "settled": sum(1 for row in rows if row.status != SignUpCheck.Status.TO_DO),
        "outstanding": signup_outstanding(signup) if status == SignUp.Status.CHECKS else [],
        "editable": can_work and status == SignUp.Status.CHECKS,
        "can_work": can_work,
        "affordability": affordability,
        "affordability_income": _figures(affordability, INCOME_FIELDS),
        "affordability_outgoings": _figures(affordability, OUTGOING_FIELDS),
        "affordability_referrals": [afford_rule.REFERRALS.get(code, code) for code in
                                    (affordability.referrals if affordability else [])],
        "rent_in_advance": _rent_in_advance(signup, scheme),
        "pack": pack,
        "earlier_packs": [p for p in packs if not p.is_current],
        "tenant_signatures": [SignatureRow(m, by_member.get(m.pk)) for m in tenants],
        "landlord_signature": landlord,
        "problems": problems,
        "tenancy": (Tenancy.objects.filter(signup=signup).first()
                    if status == SignUp.Status.SIGNED else None),
        "can_make_pack": can_make_pack,
        "can_sign": can_sign,
        "can_reopen": can_reopen,
        "can_countersign": can_countersign,
        "pack_form": pack_form,
        "sign_form": sign_form,
        "reopen_form": reopen_form,
        "countersign_form": countersign_form,
        "history": _history(signup, packs),
        "form": failed(pack_form, sign_form, reopen_form, countersign_form),
    }


def _figures(assessment: AffordabilityAssessment | None,
             fields: tuple[tuple[str, str, str], ...]) -> list[tuple[str, Decimal]]:
    if assessment is None:
        return []
    return [(label, getattr(assessment, name)) for name, label, _hint in fields]


class SignUpDetailView(LettingsStaffRequiredMixin, View):
    """Lettings staff: one sign-up (see the module docstring for what it shows)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, SIGNUP_TEMPLATE, signup_context(request, _signup(request, pk)))


class _SignUpActionView(LettingsStaffRequiredMixin, View):
    """One form on the sign-up page, posted to its own URL: on success a message and a
    redirect; on bad input or a refusal the page again with the error summary (400)."""

    http_method_names = ["post"]
    context_name: str
    prefix: str

    def make_form(self, request: HttpRequest, signup: SignUp) -> Any:
        raise NotImplementedError

    def act(self, request: HttpRequest, signup: SignUp, form: Any) -> HttpResponseBase:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        signup = _signup(request, pk)
        _require_worker(request, signup)
        form = self.make_form(request, signup)
        if form.is_valid():
            try:
                return self.act(request, signup, form)
            except ApplicationError as exc:
                _refused(form, exc)
        return render(request, SIGNUP_TEMPLATE,
                      signup_context(request, _signup(request, pk), **{self.context_name: form}),
                      status=400)


class PackMakeView(_SignUpActionView):
    """Make the tenancy pack (``pack_generate``) once the required checks are done; the
    checks still to do are listed if not."""

    context_name = "pack_form"
    prefix = "pack"

    def make_form(self, request: HttpRequest, signup: SignUp) -> ConfirmForm:
        return ConfirmForm(request.POST, prefix=self.prefix)

    def act(self, request: HttpRequest, signup: SignUp, form: Any) -> HttpResponseBase:
        pack = pack_generate(signup=signup, actor=request.user)
        told = ("The applicant has been told it is ready to sign in their account."
                if signup.application.applicant_user_id else
                "The applicant has no account: print it for them to sign in person.")
        messages.success(request, f"Tenancy pack version {pack.version} made. {told}")
        return redirect("lettings:staff-signup", signup.pk)


class InPersonSignView(_SignUpActionView):
    """Record a tenant signing the pack in front of the officer
    (``tenant_sign(in_person=True)``)."""

    context_name = "sign_form"
    prefix = "sign"

    def make_form(self, request: HttpRequest, signup: SignUp) -> InPersonSignatureForm:
        return InPersonSignatureForm(request.POST, prefix=self.prefix,
                                     tenants=tenants_of(signup))

    def act(self, request: HttpRequest, signup: SignUp, form: Any) -> HttpResponseBase:
        ip, agent = _client(request)
        data = form.cleaned_data
        signature = tenant_sign(signup=signup, actor=request.user, member_id=data["member"],
                                typed_name=data["typed_name"], confirmed=data["confirmed"],
                                pdf_sha256=data["pdf_sha256"], ip_address=ip,
                                user_agent=agent, in_person=True)
        signup.refresh_from_db(fields=["status"])
        text = f"Signature recorded for {signature.typed_name}."
        if signup.status == SignUp.Status.TENANT_SIGNED:
            text += " Every tenant has signed: counter-sign to start the tenancy."
        messages.success(request, text)
        return redirect("lettings:staff-signup", signup.pk)


class ReopenView(_SignUpActionView):
    """Something changed after the pack was made: back to the checks (``signup_reopen``)."""

    context_name = "reopen_form"
    prefix = "reopen"

    def make_form(self, request: HttpRequest, signup: SignUp) -> ReopenForm:
        return ReopenForm(request.POST, prefix=self.prefix)

    def act(self, request: HttpRequest, signup: SignUp, form: Any) -> HttpResponseBase:
        signup_reopen(signup=signup, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "The checks are open again. The pack and its signatures are "
                                  "kept but superseded: make a new pack when you are ready.")
        return redirect("lettings:staff-signup", signup.pk)


class CountersignView(_SignUpActionView):
    """Counter-sign for the landlord once every tenant has signed (``countersign``): the
    signed copy is made, the tenancy starts and the home is let."""

    context_name = "countersign_form"
    prefix = "countersign"

    def make_form(self, request: HttpRequest, signup: SignUp) -> CountersignForm:
        return CountersignForm(request.POST, prefix=self.prefix)

    def act(self, request: HttpRequest, signup: SignUp, form: Any) -> HttpResponseBase:
        ip, agent = _client(request)
        data = form.cleaned_data
        tenancy = countersign(signup=signup, actor=request.user, typed_name=data["typed_name"],
                              confirmed=data["confirmed"], pdf_sha256=data["pdf_sha256"],
                              ip_address=ip, user_agent=agent)
        if tenancy.void_days is not None:
            void = (f" It was empty for {tenancy.void_days} day"
                    f"{'' if tenancy.void_days == 1 else 's'}"
                    + (f", losing {_pounds(tenancy.rent_loss)} in rent." if tenancy.rent_loss
                       is not None else "."))
        else:
            void = " Its void days are not known: the void has no start date."
        messages.success(request, f"Tenancy {tenancy.reference} counter-signed. "
                                  f"{signup.property.address_line_1} is let from "
                                  f"{_long(tenancy.start_date)}.{void}")
        return redirect("lettings:staff-tenancy", tenancy.pk)


# --- The checks -----------------------------------------------------------------------------

class SignUpCheckView(LettingsStaffRequiredMixin, View):
    """Lettings staff: one pre-tenancy check. Most are recorded done, not needed (where the
    check allows it) or not done with what was found (``signup_check_record``); eligibility
    is checked again by the rules (``signup_eligibility_recheck``); affordability is assessed
    from the household's weekly figures (``affordability_record``)."""

    http_method_names = ["get", "head", "post"]

    def get(self, request: HttpRequest, pk: int, code: str) -> HttpResponse:
        signup = _signup(request, pk)
        definition = _definition(code)
        return self._render(request, signup, definition, None)

    def post(self, request: HttpRequest, pk: int, code: str) -> HttpResponseBase:
        signup = _signup(request, pk)
        definition = _definition(code)
        _require_worker(request, signup)
        form: Any
        if code == "eligibility":
            form = ConfirmForm(request.POST)
            try:
                check = signup_eligibility_recheck(signup=signup, actor=request.user)
            except ApplicationError as exc:
                _refused(form, exc)
            else:
                messages.success(request, "Eligibility checked again: "
                                 + ("everyone who will sign is eligible."
                                    if check.status == SignUpCheck.Status.DONE else
                                    "not settled. Read the reasons below."))
                return redirect("lettings:staff-signup-check", signup.pk, code)
        elif code == "affordability":
            form = AffordabilityForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    assessment = affordability_record(
                        signup=signup, actor=request.user, figures=form.figures(),
                        evidence_seen=data["evidence_seen"],
                        evidence_inconclusive=data["evidence_inconclusive"],
                        proceed_reason=data["proceed_reason"])
                except ApplicationError as exc:
                    _refused(form, exc)
                else:
                    messages.success(request, "Affordability assessed: "
                                     f"{assessment.get_result_display().lower()}.")
                    return redirect("lettings:staff-signup", signup.pk)
        else:
            form = CheckForm(request.POST, check=definition,
                             rent_due=_rent_in_advance(signup, _scheme(signup)))
            if form.is_valid():
                try:
                    check = signup_check_record(
                        signup=signup, actor=request.user, code=code,
                        status=form.cleaned_data["status"],
                        outcome=form.cleaned_data["outcome"], details=form.details())
                except ApplicationError as exc:
                    _refused(form, exc)
                else:
                    messages.success(request, f"{definition.title}: "
                                              f"{check.get_status_display().lower()}")
                    return redirect("lettings:staff-signup", signup.pk)
        return self._render(request, _signup(request, pk), definition, form, status=400)

    def _render(self, request: HttpRequest, signup: SignUp, definition: CheckDefinition,
                form: Any, *, status: int = 200) -> HttpResponse:
        check = (SignUpCheck.objects.select_related("done_by")
                 .filter(signup=signup, code=definition.code).first())
        scheme = _scheme(signup)
        context: dict[str, Any] = {
            "signup": signup, "application": signup.application,
            "property": signup.property, "definition": definition, "check": check,
            "status_label": (check.get_status_display() if check
                             else SignUpCheck.Status.TO_DO.label),
            "status_tag": _CHECK_TAGS.get(check.status if check else SignUpCheck.Status.TO_DO),
            "details": check_details(definition.code, check.details if check else {}),
            "required": definition.code in set(scheme.signup_required_checks),
            "editable": (policies.can_work_signup(request.user, signup)
                         and signup.status == SignUp.Status.CHECKS),
        }
        if definition.code == "eligibility":
            template = ELIGIBILITY_TEMPLATE
            form = form or ConfirmForm()
            context["people"] = (check.details.get("people", []) if check else [])
            context["outcomes"] = _ELIGIBILITY_OUTCOMES
            checked_on = check.details.get("checked_on") if check else None
            context["checked_on"] = (dt.date.fromisoformat(checked_on) if checked_on
                                     else None)
            context["tenants"] = tenants_of(signup)
        elif definition.code == "affordability":
            template = AFFORDABILITY_TEMPLATE
            assessment = (AffordabilityAssessment.objects.filter(signup=signup)
                          .select_related("assessed_by").first())
            if form is None:
                initial: dict[str, Any] = {}
                if assessment is not None:
                    initial = {name: getattr(assessment, name) for name, _l, _h
                               in INCOME_FIELDS + OUTGOING_FIELDS}
                    initial.update(evidence_seen=assessment.evidence_seen,
                                   evidence_inconclusive=assessment.evidence_inconclusive,
                                   proceed_reason=(check.details.get("proceed_reason", "")
                                                   if check else ""))
                form = AffordabilityForm(initial=initial)
            context["assessment"] = assessment
            context["scheme"] = scheme
        else:
            template = CHECK_TEMPLATE
            form = form or CheckForm(check=definition,
                                     rent_due=_rent_in_advance(signup, scheme),
                                     initial=CheckForm.initial_for(check))
        context["check_form"] = form
        context["form"] = form if form.errors else None
        return render(request, template, context, status=status)


# --- The tenancy's terms ------------------------------------------------------------------------

def _joint_candidates(signup: SignUp) -> list[HouseholdMember]:
    """Adults on the application other than the lead tenant."""
    today = timezone.localdate()
    return [m for m in signup.application.members.order_by("pk")
            if m.role != HouseholdMember.Role.LEAD and (m.age_on(today) or 0) >= 18]


class SignUpTermsView(LettingsStaffRequiredMixin, View):
    """Lettings staff: the tenancy as proposed: start date, rent period, rent and charges,
    additional conditions and joint tenants (``signup_terms_update``). The tenancy type is
    worked out again from the scheme's tenancy policy."""

    http_method_names = ["get", "head", "post"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        signup = _signup(request, pk)
        initial = {"start_date": signup.start_date, "rent_period": signup.rent_period,
                   "weekly_rent": signup.weekly_rent,
                   "service_charge": signup.service_charge,
                   "support_charge": signup.support_charge,
                   "additional_conditions": signup.additional_conditions,
                   "joint_tenants": [m.pk for m in signup.joint_tenants.all()]}
        form = TermsForm(initial=initial, members=_joint_candidates(signup))
        return self._render(request, signup, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        signup = _signup(request, pk)
        _require_worker(request, signup)
        form = TermsForm(request.POST, members=_joint_candidates(signup))
        if form.is_valid():
            try:
                done = signup_terms_update(signup=signup, actor=request.user,
                                           data=form.to_data(),
                                           joint_member_ids=form.joint_member_ids())
            except ApplicationError as exc:
                _refused(form, exc)
            else:
                messages.success(request, "Tenancy terms saved. The tenancy will be: "
                                          f"{done.get_tenancy_type_display().lower()}.")
                return redirect("lettings:staff-signup", signup.pk)
        return self._render(request, _signup(request, pk), form, status=400)

    def _render(self, request: HttpRequest, signup: SignUp, form: TermsForm, *,
                status: int = 200) -> HttpResponse:
        return render(request, TERMS_TEMPLATE, {
            "signup": signup, "application": signup.application, "property": signup.property,
            "terms_form": form, "form": form if form.errors else None,
            "editable": (policies.can_work_signup(request.user, signup)
                         and signup.status == SignUp.Status.CHECKS),
        }, status=status)


# --- Documents ------------------------------------------------------------------------------------


class PackPdfView(LettingsStaffRequiredMixin, View):
    """Lettings staff: one version of the tenancy pack, as the PDF that was made (and whose
    SHA-256 the page shows)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int, version: int) -> HttpResponseBase:
        signup = _signup(request, pk)
        pack = (TenancyPack.objects.select_related("letter")
                .filter(signup=signup, version=version).first())
        if pack is None or not pack.letter.pdf:
            raise Http404("No such tenancy pack")
        return private_pdf(pack.letter.pdf, f"tenancy-pack-{signup.application.reference}"
                                     f"-v{pack.version}.pdf")


class SignedPdfView(LettingsStaffRequiredMixin, View):
    """Lettings staff: the signed copy (the pack with its signature page), once
    counter-signed."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        signup = _signup(request, pk)
        if not signup.signed_pdf:
            raise Http404("The tenancy has not been signed")
        return private_pdf(signup.signed_pdf, f"tenancy-{signup.application.reference}-signed.pdf")


# --- Tenancies ------------------------------------------------------------------------------------

CORE_LABELS: dict[str, str] = {
    "owning_org": "Owning organisation",
    "managing_org": "Managing organisation",
    "needs_type": "Needs type",
    "rent_type": "Rent type",
    "renewal": "Renewal of an earlier tenancy",
    "startdate": "Tenancy start date",
    "tenancycode": "Tenancy code",
    "propcode": "Property reference",
    "uprn": "UPRN",
    "postcode_full": "Property postcode",
    "la": "Local authority",
    "first_time_property_let_as_social_housing": "First let as social housing",
    "rsnvac": "Reason the home was vacant",
    "unittype_gn": "Unit type",
    "wchair": "Built or adapted for wheelchair users",
    "beds": "Bedrooms",
    "voiddate": "Void date",
    "vacdays": "Days vacant",
    "majorrepairs": "Major repairs during the void",
    "mrcdate": "Major repairs completed",
    "offered": "Times offered",
    "joint": "Joint tenancy",
    "startertenancy": "Starter or introductory tenancy",
    "tenancy": "Tenancy type",
    "tenancylength": "Fixed term, in years",
    "sheltered": "Sheltered housing",
    "hhmemb": "People in the household",
    "armedforces": "Armed forces",
    "preg_occ": "Anyone pregnant",
    "housingneeds": "Access needs",
    "illness": "Long-term illness",
    "waityear": "Years on the register",
    "prevten": "Where the household lived immediately before",
    "ppostcode_full": "Previous postcode",
    "homeless": "Homeless",
    "reasonpref": "Reasonable preference",
    "rp_categories": "Reasonable preference categories",
    "cbl": "Let through choice-based lettings",
    "referral": "Source of referral",
    "earnings": "Household income, in pounds",
    "incfreq": "Income period",
    "hb": "Housing Benefit or Universal Credit housing element",
    "period": "Rent period",
    "brent": "Basic rent, in pounds",
    "scharge": "Service charge, in pounds",
    "supcharg": "Support charge, in pounds",
    "tcharge": "Total charge, in pounds",
    "tshortfall": "Shortfall, in pounds",
}
_PERSON_LABELS = {"age": "age", "sex": "sex", "ecstat": "working situation",
                  "relat": "relationship to the lead tenant"}
_PERSON_KEY = re.compile(r"^(?P<field>age|sex|ecstat|relat)(?P<number>\d+)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CORE_ORDER = {key: position for position, key in enumerate(CORE_LABELS)}


@dataclass(frozen=True)
class CoreRow:
    key: str
    label: str
    value: str
    missing: bool


def _core_label(key: str) -> str:
    if key in CORE_LABELS:
        return CORE_LABELS[key]
    match = _PERSON_KEY.match(key)
    if match is None:
        return key
    what, number = _PERSON_LABELS[match["field"]], match["number"]
    return f"Lead tenant's {what}" if number == "1" else f"Person {number}'s {what}"


def _core_position(key: str) -> tuple[int, int, int, int, str]:
    """CORE's order (the database keeps the record's keys in its own order): the people come
    after the number of people, person by person."""
    if key in _CORE_ORDER:
        return (0, _CORE_ORDER[key], 0, 0, "")
    match = _PERSON_KEY.match(key)
    if match is not None:
        return (0, _CORE_ORDER["hhmemb"], int(match["number"]),
                list(_PERSON_LABELS).index(match["field"]), "")
    return (1, 0, 0, 0, key)


def _core_value(value: Any) -> str:
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return _long(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def core_rows(record: dict[str, Any]) -> list[CoreRow]:
    """The CORE lettings log record as (field, label, value) rows in CORE's order."""
    rows = []
    for key in sorted(record, key=_core_position):
        text = _core_value(record[key])
        rows.append(CoreRow(key=key, label=_core_label(key), value=text, missing=not text))
    return rows


def _tenancies(request: HttpRequest) -> QuerySet[Tenancy]:
    return (policies.tenancies_visible_to(request.user)
            .select_related("signup", "property", "application"))


class TenancyListView(LettingsStaffRequiredMixin, ListView):
    """Lettings staff: tenancies that started through a sign-up, newest first, with their
    void days and whether the CORE record is complete."""

    template_name = "lettings/staff/tenancy_list.html"
    context_object_name = "tenancies"
    paginate_by = 50

    def get_queryset(self) -> Any:
        return _tenancies(self.request).order_by("-start_date", "-pk")


class TenancyDetailView(LettingsStaffRequiredMixin, View):
    """Lettings staff: one tenancy: its tenants, home, type and dates, rent, the void days and
    rent lost, the signed copy and its SHA-256, and the CORE lettings log record with what is
    missing."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        tenancy = _tenancies(request).filter(pk=pk).first()
        if tenancy is None:
            raise Http404("No such tenancy")
        void = (Void.objects.filter(property=tenancy.property_id, status=Void.Status.LET,
                                    let_date=tenancy.start_date).order_by("-pk").first())
        return render(request, "lettings/staff/tenancy.html", {
            "tenancy": tenancy, "signup": tenancy.signup, "property": tenancy.property,
            "application": tenancy.application, "void": void,
            "weekly_total": (tenancy.weekly_rent + tenancy.service_charge
                             + tenancy.support_charge),
            "core_rows": core_rows(tenancy.core_log or {}),
        })
