"""Officer pages for the register: the queues, the case view and the actions on a case.

Each action view authenticates (caseworkers only), finds the case through the visibility policy
(404 when the officer may not see it), asks ``can_work_case``, calls one service, and then
redirects back to the case with a success message (post/redirect/get). When the form or the
service refuses, the case page is shown again with a GOV.UK error summary and status 400, so
nothing the officer typed is lost and nothing has changed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from applications.forms.staff import (
    ActionForm,
    AssignForm,
    CaseNoteForm,
    ChangeReviewForm,
    ClosureCancelForm,
    EligibilityDecisionForm,
    EligibilityFindingsForm,
    EvidenceRejectForm,
    EvidenceRequestForm,
    EvidenceVerifyForm,
    HouseholdMemberAddForm,
    HouseholdMemberRemoveForm,
    QualificationDecisionForm,
    SearchForm,
)
from applications.models import (
    AddressHistory,
    Application,
    CaseNote,
    ChangeOfCircumstances,
    Circumstances,
    Decision,
    EvidenceItem,
    HouseholdMember,
)
from applications.policies import (
    applications_visible_to,
    can_work_case,
    is_caseworker,
)
from applications.priority import current_award
from applications.selectors import (
    QUEUES,
    address_gaps,
    adults,
    application_detail,
    application_list,
    case_notes,
    eligibility_facts_for,
    find_duplicates,
    prescribed_classes,
    proposed_tenants,
    qualification_facts_for,
    queue_counts,
)
from applications.services.casework import (
    application_assign,
    case_note_add,
    change_review,
    incomplete_closure_cancel,
    incomplete_closure_confirm,
)
from applications.services.decisions import (
    eligibility_decide,
    member_eligibility_facts_update,
    qualification_decide,
)
from applications.services.evidence import (
    application_triage,
    evidence_reject,
    evidence_request,
    evidence_verify,
)
from applications.services.household import household_member_add, household_member_remove
from housing.accounts.mixins import PolicyRequiredMixin
from housing.accounts.models import Role, User
from housing.core.audit import Change, TimelineEntry, timeline
from housing.core.exceptions import ApplicationError
from housing.letters.models import Letter
from housing.scheme.selectors import scheme_in_force


class CaseworkerRequiredMixin(PolicyRequiredMixin):
    """Officers, managers and administrators. Medical advisers see only the cases referred to
    them (elsewhere), so the register's pages answer them 403."""

    policy = staticmethod(is_caseworker)


def _in_restricted_group(user: Any) -> bool:
    return bool(getattr(user, "in_restricted_group", False))


def _caseworkers() -> QuerySet[User]:
    return (User.objects.filter(is_active=True,
                                role__in=[Role.OFFICER, Role.MANAGER, Role.ADMIN])
            .order_by("first_name", "last_name", "username"))


# --- The register list and its queues ----------------------------------------------------------

QUEUE_ORDER = ("new", "awaiting", "assess", "mine", "changes", "closure")
QUEUE_LABELS = {**{key: label for key, (label, _q) in QUEUES.items()}, "mine": "My cases"}


@dataclass(frozen=True)
class QueueLink:
    key: str
    label: str
    count: int | None
    url: str
    current: bool


class ApplicationListView(CaseworkerRequiredMixin, ListView):
    """Caseworkers: the register by queue, searchable, filterable by status."""

    template_name = "applications/staff/list.html"
    context_object_name = "applications"
    paginate_by = 50

    def get_queryset(self) -> Any:
        form = SearchForm(self.request.GET)
        self.search_form = form
        form.is_valid()  # an unknown status is dropped; the search still runs
        data = form.cleaned_data
        self.status = data.get("status", "")
        self.query = (data.get("q") or "").strip()
        queue = self.request.GET.get("queue", "")
        self.queue = queue if queue in QUEUE_LABELS else ""
        return application_list(user=self.request.user, status=self.status, queue=self.queue,
                                query=self.query)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        counts = queue_counts(user=self.request.user)
        base = reverse("applications:staff-list")
        context["queues"] = [QueueLink("", "All", None, base, self.queue == "")] + [
            QueueLink(key, QUEUE_LABELS[key], counts.get(key, 0), f"{base}?queue={key}",
                      self.queue == key) for key in QUEUE_ORDER]
        context.update(status=self.status, query=self.query, queue=self.queue,
                       queue_label=QUEUE_LABELS.get(self.queue, "All applications"),
                       statuses=Application.Status.choices, search_form=self.search_form)
        return context


# --- The case view -----------------------------------------------------------------------------

@dataclass
class MemberRow:
    member: HouseholdMember
    age: int | None
    partner_name: str
    is_adult: bool
    addresses: list[AddressHistory]
    remove_form: forms.Form | None = None


@dataclass
class EvidenceRow:
    item: EvidenceItem
    verify_form: forms.Form | None = None
    reject_form: forms.Form | None = None


@dataclass
class TenantRow:
    member: HouseholdMember
    immigration_status: str
    right_to_reside: str
    proposal: Any
    decision: Decision | None
    findings_form: forms.Form


@dataclass
class ChangeRow:
    change: ChangeOfCircumstances
    form: forms.Form | None


@dataclass
class CaseForms:
    """Every form on the case page. ``failed`` is the one the officer just sent, bound and
    carrying its errors; it replaces the blank form with the same key."""

    failed_key: str = ""
    failed_form: forms.Form | None = None
    built: dict[str, forms.Form] = field(default_factory=dict)

    def get(self, key: str, form_class: Callable[..., forms.Form], **kwargs: Any) -> forms.Form:
        """The form with prefix ``key``: the failed one, or a blank one."""
        form = (self.failed_form if key == self.failed_key and self.failed_form
                else form_class(prefix=key, **kwargs))
        self.built[key] = form
        return form


# Circumstances shown on the case view, grouped as the applicant answered them.
CIRCUMSTANCE_GROUPS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Current home", [("tenure", "Tenure"), ("landlord_name", "Landlord"),
                      ("current_bedrooms", "Bedrooms now"), ("shares_kitchen", "Shares a kitchen"),
                      ("shares_bathroom", "Shares a bathroom"), ("disrepair", "Disrepair"),
                      ("disrepair_details", "Disrepair details"),
                      ("has_housing_need", "In housing need")]),
    ("Local connection", [("works_in_district", "Works in the district"),
                          ("work_hours_per_week", "Hours a week"),
                          ("work_months", "Months in the job"),
                          ("family_in_district", "Close family in the district"),
                          ("family_relationship", "Family relationship"),
                          ("family_years", "Years the family has lived here")]),
    ("Money", [("household_income_annual", "Household income a year"), ("savings", "Savings"),
               ("owns_property", "Owns a home"), ("property_details", "Home owned"),
               ("has_housing_debt", "Housing debt"), ("housing_debt_amount", "Debt owed"),
               ("housing_debt_details", "Debt details")]),
    ("Health and needs", [("has_medical_needs", "Medical needs"),
                          ("medical_summary", "Medical summary")]),
    ("Special categories", [
        ("armed_forces", "Armed forces"), ("discharge_date", "Discharge date"),
        ("service_related_bereavement", "Bereaved by service"), ("care_leaver", "Care leaver"),
        ("fled_domestic_abuse", "Fled domestic abuse"),
        ("is_social_tenant_in_england", "Social tenant in England"),
        ("has_job_or_offer_in_district", "Job or job offer in the district"),
        ("hardship_to_move_for_work", "Hardship if they cannot move for work"),
        ("seeking_sheltered_only", "Wants sheltered housing only"),
        ("unacceptable_behaviour", "Unacceptable behaviour"),
        ("behaviour_details", "Behaviour details")]),
    ("Declarations", [("declaration_accepted_at", "Declaration accepted"),
                      ("consent_data_sharing", "Consent to share data")]),
]
_MONEY_FIELDS = {"household_income_annual", "savings", "housing_debt_amount"}
# Shown even when blank, because "not answered" matters for the decision.
_ALWAYS_SHOWN = {"tenure", "has_housing_need", "household_income_annual", "savings",
                 "declaration_accepted_at"}


def _display(obj: Any, name: str) -> str:
    value = getattr(obj, name)
    model_field = obj._meta.get_field(name)
    if getattr(model_field, "choices", None) and value:
        return str(getattr(obj, f"get_{name}_display")())
    if value is None or value == "":
        return "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name in _MONEY_FIELDS:
        return f"£{value:,}"
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%-d %B %Y}"
    if isinstance(value, dt.date):
        return f"{value:%-d %B %Y}"
    return str(value)


def _circumstance_groups(application: Application) -> list[tuple[str, list[tuple[str, str]]]]:
    circumstances = getattr(application, "circumstances", None)
    if circumstances is None:
        return []
    groups = []
    for title, fields in CIRCUMSTANCE_GROUPS:
        rows = [(label, _display(circumstances, name)) for name, label in fields
                if name in _ALWAYS_SHOWN or getattr(circumstances, name) not in (None, "")]
        groups.append((title, rows))
    return groups


def _timeline(application: Application, user: Any) -> list[TimelineEntry]:
    """The case's audit history: the application, its people, their addresses, evidence,
    decisions, changes, circumstances and the notes this officer may read. A fixed set of
    querysets, so the number of queries does not grow with the case."""
    pk = application.pk
    member_ids = HouseholdMember.history.filter(application_id=pk).values("id")
    notes = CaseNote.history.filter(application_id=pk)
    if not _in_restricted_group(user):
        # Neither the note nor any earlier version of it that was restricted.
        notes = notes.exclude(id__in=CaseNote.history.filter(application_id=pk, restricted=True)
                              .values("id")).exclude(restricted=True)
    return timeline(
        Application.history.filter(id=pk),
        Circumstances.history.filter(application_id=pk),
        HouseholdMember.history.filter(application_id=pk),
        AddressHistory.history.filter(member_id__in=member_ids),
        EvidenceItem.history.filter(application_id=pk),
        Decision.history.filter(application_id=pk),
        ChangeOfCircumstances.history.filter(application_id=pk),
        notes,
    )


_USER_LABELS = {"Assigned officer", "Reviewed by", "Requested by", "Uploaded by", "Decided by",
                "Reported by", "Author", "Applicant user"}
_MEMBER_LABELS = {"Member", "Partner"}


def _readable(entries: list[TimelineEntry], member_names: dict[int, str]) -> list[TimelineEntry]:
    """Show people by name, not by their row id, in the timeline's field changes. One query for
    all the users named, however long the history."""
    user_ids = {int(v) for e in entries for c in e.changes if c.field in _USER_LABELS
                for v in (c.old, c.new) if v.isdigit()}
    users = {u.pk: u.get_full_name() or u.get_username()
             for u in User.objects.filter(pk__in=user_ids).only("first_name", "last_name",
                                                                 "username")}

    def name(label: str, value: str) -> str:
        if not value.isdigit():
            return _readable_value(value)
        if label in _USER_LABELS:
            return users.get(int(value), value)
        if label in _MEMBER_LABELS:
            return member_names.get(int(value), value)
        return value

    return [TimelineEntry(when=e.when, who=e.who, action=e.action, subject=e.subject, why=e.why,
                          changes=[Change(c.field, name(c.field, c.old), name(c.field, c.new))
                                   for c in e.changes])
            for e in entries]


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")


def _readable_value(value: str) -> str:
    """Dates and times as people write them."""
    try:
        if _ISO_DATE.match(value):
            return f"{dt.date.fromisoformat(value):%-d %B %Y}"
        if _ISO_DATETIME.match(value):
            moment = timezone.localtime(dt.datetime.fromisoformat(value))
            return f"{moment:%-d %B %Y, %-I:%M}{moment:%p}".replace("AM", "am").replace(
                "PM", "pm")
    except ValueError:
        pass
    return value


def _letters(application: Application) -> QuerySet[Letter]:
    return (Letter.objects.filter(subject_type=ContentType.objects.get_for_model(Application),
                                  subject_id=str(application.pk))
            .only("public_id", "title", "status", "created_at", "sent_at", "pdf",
                  "recipient_name")
            .order_by("-created_at"))


def _scheme_now() -> Any:
    """The scheme version decisions made today apply (what the services use)."""
    try:
        return scheme_in_force()
    except ApplicationError:
        return None


def _qualification_proposal(application: Application, scheme: Any) -> Any:
    from applications.rules.qualification import (
        QualificationOutcome,
        QualificationResult,
        QualificationRules,
        assess_qualification,
    )

    facts = qualification_facts_for(application)
    if facts.lead_date_of_birth is None or scheme is None:
        return QualificationResult(
            outcome=QualificationOutcome.CANNOT_TELL,
            reasons=("The lead applicant's date of birth is missing."
                     if scheme else "No allocation scheme is in force.",),
            basis="", failed_criteria=(), exemptions_considered=(), how_to_reapply="")
    return assess_qualification(facts, QualificationRules.from_scheme(scheme),
                                timezone.localdate())


_CRITERIA = {"minimum_age": "minimum age", "local_connection": "local connection",
             "income": "income", "savings": "savings", "property": "owning a home",
             "housing_need": "housing need", "behaviour": "unacceptable behaviour"}


def _basis_label(basis: str) -> str:
    if basis in ("residence", "employment", "family"):
        return f"Local connection through {basis}"
    if basis.startswith("exemption_"):
        return "Exemption: " + basis.removeprefix("exemption_").replace("_", " ")
    return basis.replace("_", " ").capitalize()


def case_context(request: HttpRequest, application: Application, *,
                 failed: tuple[str, forms.Form] | None = None,
                 duplicate_matches: list[Any] | None = None) -> dict[str, Any]:
    """Everything the case page shows. The application arrives from ``application_detail``
    with its household, addresses, evidence, changes and decisions prefetched; the rest is a
    fixed number of queries (notes, letters, the timeline's histories, the scheme)."""
    from applications.rules.eligibility import (
        IMMIGRATION_STATUS_LABELS,
        RIGHT_TO_RESIDE_LABELS,
        ImmigrationStatus,
        RightToReside,
        assess_eligibility,
    )

    user = request.user
    today = timezone.localdate()
    forms_ = CaseForms(*(failed or ("", None)))
    members = list(application.members.all())
    names = {m.pk: m.full_name for m in members}
    adult_ids = {m.pk for m in adults(application, today)}
    partner_of = {m.partner_id: m.pk for m in members if m.partner_id}
    member_rows = [
        MemberRow(member=m, age=m.age_on(today), is_adult=m.pk in adult_ids,
                  partner_name=names.get(m.partner_id or partner_of.get(m.pk, 0), ""),
                  addresses=list(m.addresses.all()))
        for m in members]
    scheme_now = _scheme_now()
    # Address history is judged against the version the application was made under.
    scheme = application.scheme_version or scheme_now

    # Evidence
    evidence_rows = []
    for item in application.evidence.all():
        row = EvidenceRow(item)
        if item.status == EvidenceItem.Status.RECEIVED:
            row.verify_form = forms_.get(f"verify-{item.pk}", EvidenceVerifyForm)
            row.reject_form = forms_.get(f"reject-{item.pk}", EvidenceRejectForm)
        evidence_rows.append(row)

    # Eligibility: the rule's proposal for each proposed tenant, and the current decisions.
    tenants = proposed_tenants(application)
    decisions = [d for d in application.decisions.all() if d.is_current]
    eligibility_decisions = {d.member_id: d for d in decisions
                             if d.kind == Decision.Kind.ELIGIBILITY}
    qualification_decision = next((d for d in decisions
                                   if d.kind == Decision.Kind.QUALIFICATION), None)
    classes = prescribed_classes() if tenants else []
    decide_form = forms_.get("eligibility", EligibilityDecisionForm, tenants=tenants)
    tenant_rows = []
    for member in tenants:
        status_code = member.immigration_status or "not_known"
        reside_code = member.right_to_reside or "not_known"
        tenant_rows.append(TenantRow(
            member=member,
            immigration_status=IMMIGRATION_STATUS_LABELS.get(
                ImmigrationStatus(status_code), status_code)
            if status_code in ImmigrationStatus._value2member_map_ else status_code,
            right_to_reside=RIGHT_TO_RESIDE_LABELS.get(RightToReside(reside_code), reside_code)
            if reside_code in RightToReside._value2member_map_ else reside_code,
            proposal=assess_eligibility(eligibility_facts_for(member), classes, today),
            decision=eligibility_decisions.get(member.pk),
            findings_form=forms_.get(f"findings-{member.pk}", EligibilityFindingsForm,
                                     initial=_findings_initial(member)),
        ))

    member_add_form = forms_.get("member-add", HouseholdMemberAddForm)
    member_remove_forms = {m.pk: forms_.get(f"member-remove-{m.pk}", HouseholdMemberRemoveForm)
                           for m in members if m.role != HouseholdMember.Role.LEAD}
    for member_row in member_rows:
        member_row.remove_form = member_remove_forms.get(member_row.member.pk)

    change_rows = [
        ChangeRow(c, forms_.get(f"change-{c.pk}", ChangeReviewForm)
                  if c.status == ChangeOfCircumstances.Status.REPORTED else None)
        for c in application.changes.all()]

    qualification = _qualification_proposal(application, scheme_now)
    context: dict[str, Any] = {
        "application": application,
        "can_work": can_work_case(user, application),
        "members": member_rows,
        "address_gaps": address_gaps(application=application,
                                     years=scheme.address_history_years if scheme else 5,
                                     on=today),
        "address_years": scheme.address_history_years if scheme else 5,
        "circumstances": _circumstance_groups(application),
        "evidence": evidence_rows,
        "outstanding_count": sum(1 for r in evidence_rows if r.item.is_outstanding),
        "tenants": tenant_rows,
        "qualification_proposal": qualification,
        "qualification_basis": _basis_label(qualification.basis) if qualification.basis else "",
        "failed_criteria": [_CRITERIA.get(c, c) for c in qualification.failed_criteria],
        "unknown_criteria": [_CRITERIA.get(c, c) for c in qualification.unknown_criteria],
        "qualification_decision": qualification_decision,
        "decision_scheme": scheme_now,
        "notes": list(case_notes(user=user, application=application)),
        "changes": change_rows,
        "letters": list(_letters(application)),
        "timeline": _readable(_timeline(application, user), names),
        "duplicate_matches": duplicate_matches,
        "today": today,
        "forms": forms_.built,
        "assign_form": forms_.get("assign", AssignForm, officers=_caseworkers(),
                                  initial={"officer": application.assigned_officer_id}),
        "request_form": forms_.get("request", EvidenceRequestForm, members=members),
        "note_form": forms_.get("note", CaseNoteForm, can_restrict=_in_restricted_group(user)),
        "decide_form": decide_form,
        "qualification_form": forms_.get("qualification", QualificationDecisionForm),
        "closure_cancel_form": forms_.get("closure-cancel", ClosureCancelForm),
        "member_add_form": member_add_form,
        "current_award": current_award(application),
    }
    # The error summary (and the page title's "Error:") read ``form``.
    context["form"] = forms_.failed_form
    return context


def _findings_initial(member: HouseholdMember) -> dict[str, Any]:
    found = member.habitually_resident
    return {"habitually_resident": "" if found is None else ("yes" if found else "no"),
            "right_to_reside": member.right_to_reside or "not_known",
            "is_existing_social_tenant": member.is_existing_social_tenant,
            "sponsored_immigrant": member.sponsored_immigrant}


def _visible_case(request: HttpRequest, reference: str) -> Application:
    """The case with everything the page shows, or 404 if this person may not see it (a
    restricted case does not exist for an officer outside the restricted group)."""
    application = application_detail(user=request.user, reference=reference)
    if application is None:
        raise Http404("No such application")
    return application


class CaseView(CaseworkerRequiredMixin, View):
    """Caseworkers: one application, everything about it, and the forms to work it."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, reference: str) -> HttpResponse:
        application = _visible_case(request, reference)
        return render(request, "applications/staff/case.html",
                      case_context(request, application))


# --- Actions on a case -------------------------------------------------------------------------

def add_errors(form: forms.Form, exc: ApplicationError) -> None:
    """Show a service's refusal on the form: against the fields it names, and otherwise as a
    message at the top that says what went wrong (never a bare 'not allowed')."""
    unplaced: list[str] = []
    for name, field_messages in exc.errors.items():
        if name in form.fields:
            for message in field_messages:
                form.add_error(name, message)
        else:
            unplaced.extend(field_messages)
    if unplaced or not exc.errors:
        form.add_error(None, exc.message)
        for message in unplaced:
            if message != exc.message:
                form.add_error(None, message)


class CaseActionView(CaseworkerRequiredMixin, View):
    """POST only. Subclasses name the form and call one service in :meth:`perform`."""

    http_method_names = ["post"]
    anchor = ""
    success_message = "Saved"

    def form_key(self, **kwargs: Any) -> str:
        raise NotImplementedError

    def make_form(self, application: Application, data: Any, **kwargs: Any) -> forms.Form:
        return ActionForm(data, prefix=self.form_key(**kwargs))

    def perform(self, application: Application, form: Any, **kwargs: Any) -> str | None:
        """Call the service. Return a success message, or None for the default."""
        raise NotImplementedError

    def post(self, request: HttpRequest, reference: str, **kwargs: Any) -> HttpResponseBase:
        application = _visible_case(request, reference)
        if not can_work_case(request.user, application):
            raise PermissionDenied
        form = self.make_form(application, request.POST, **kwargs)
        if form.is_valid():
            try:
                message = self.perform(application, form, **kwargs)
            except ApplicationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, message or self.success_message)
                url = reverse("applications:staff-case", args=[application.reference])
                return redirect(f"{url}#{self.anchor}" if self.anchor else url)
        # Read the case again: a refused service rolled back, but may have touched the objects
        # we hold in memory.
        application = _visible_case(request, reference)
        return render(request, "applications/staff/case.html",
                      case_context(request, application,
                                   failed=(self.form_key(**kwargs), form)), status=400)


def _member(application: Application, member_id: int) -> HouseholdMember:
    member = next((m for m in application.members.all() if m.pk == member_id), None)
    if member is None:
        raise Http404("No such person on this application")
    return member


def _evidence_item(application: Application, item_id: int) -> EvidenceItem:
    item = next((e for e in application.evidence.all() if e.pk == item_id), None)
    if item is None:
        raise Http404("No such evidence on this application")
    return item


class HouseholdAddView(CaseActionView):
    """Add someone to the household of a live case; the bedroom need is worked out again."""

    anchor = "household"

    def form_key(self, **kwargs: Any) -> str:
        return "member-add"

    def make_form(self, application: Application, data: Any, **kwargs: Any) -> forms.Form:
        return HouseholdMemberAddForm(data, prefix="member-add")

    def perform(self, application: Application, form: Any, **kwargs: Any) -> str:
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("expecting", "reason")}
        member = household_member_add(application=application, actor=self.request.user,
                                      data=data, reason=form.cleaned_data["reason"])
        application.refresh_from_db()
        return (f"{member.full_name} added. Bedroom need is now "
                f"{application.bedroom_need}.")


class HouseholdRemoveView(CaseActionView):
    anchor = "household"

    def form_key(self, **kwargs: Any) -> str:
        return f"member-remove-{kwargs['member_id']}"

    def make_form(self, application: Application, data: Any, **kwargs: Any) -> forms.Form:
        return HouseholdMemberRemoveForm(data, prefix=self.form_key(**kwargs))

    def perform(self, application: Application, form: Any, **kwargs: Any) -> str:
        member = _member(application, kwargs["member_id"])
        household_member_remove(application=application, actor=self.request.user,
                                member_id=member.pk, reason=form.cleaned_data["reason"])
        application.refresh_from_db()
        return f"{member.full_name} removed. Bedroom need is now {application.bedroom_need}."


class AssignView(CaseActionView):
    anchor = "summary"

    def form_key(self, **kwargs: Any) -> str:
        return "assign"

    def make_form(self, application: Application, data: Any, **kwargs: Any) -> forms.Form:
        return AssignForm(data, prefix="assign", officers=_caseworkers())

    def perform(self, application: Application, form: Any, **kwargs: Any) -> str:
        officer = form.cleaned_data["officer"]
        application_assign(application=application, actor=self.request.user, officer=officer)
        if officer.pk == self.request.user.pk:
            return "The case is assigned to you"
        return f"The case is assigned to {officer.get_full_name() or officer.get_username()}"


class TriageView(CaseActionView):
    anchor = "summary"

    def form_key(self, **kwargs: Any) -> str:
        return "triage"

    def perform(self, application: Application, form: Any, **kwargs: Any) -> str:
        application_triage(application=application, actor=self.request.user)
        application.refresh_from_db(fields=["status"])
        return f"Triage done: the application is now “{application.get_status_display()}”"


class EvidenceRequestView(CaseActionView):
    anchor = "evidence"

    def form_key(self, **kwargs: Any) -> str:
        return "request"

    def make_form(self, application: Application, data: Any, **kwargs: Any) -> forms.Form:
        return EvidenceRequestForm(data, prefix="request", members=application.members.all())

    def perform(self, application: Application, form: Any, **kwargs: Any) -> str:
        data = form.cleaned_data
        item = evidence_request(application=application, actor=self.request.user,
                                kind=data["kind"], description=data["description"],
                                member_id=data["member"], due_date=data["due_date"])
        return f"Requested: {item.get_kind_display()}. The applicant has been sent a letter."


class EvidenceVerifyView(CaseActionView):
    anchor = "evidence"

    def form_key(self, **kwargs: Any) -> str:
        return f"verify-{kwargs['item_id']}"

    def make_form(self, application: Application, data: Any, **kwargs: Any) -> forms.Form:
        _evidence_item(application, kwargs["item_id"])
        return EvidenceVerifyForm(data, prefix=self.form_key(**kwargs))

    def perform(self, application: Application, form: Any, **kwargs: Any) -> str:
        item = evidence_verify(item=_evidence_item(application, kwargs["item_id"]),
                               actor=self.request.user, method=form.cleaned_data["method"])
        return f"Verified: {item.description}"


class EvidenceRejectView(CaseActionView):
    anchor = "evidence"

    def form_key(self, **kwargs: Any) -> str:
        return f"reject-{kwargs['item_id']}"

    def make_form(self, application: Application, data: Any, **kwargs: Any) -> forms.Form:
        _evidence_item(application, kwargs["item_id"])
        return EvidenceRejectForm(data, prefix=self.form_key(**kwargs))

    def perform(self, application: Application, form: Any, **kwargs: Any) -> str:
        item = evidence_reject(item=_evidence_item(application, kwargs["item_id"]),
                               actor=self.request.user, reason=form.cleaned_data["reason"])
        return f"Rejected: {item.description}"


class CaseNoteAddView(CaseActionView):
    anchor = "notes"
    success_message = "Note added"

    def form_key(self, **kwargs: Any) -> str:
        return "note"

    def make_form(self, application: Application, data: Any, **kwargs: Any) -> forms.Form:
        return CaseNoteForm(data, prefix="note",
                            can_restrict=_in_restricted_group(self.request.user))

    def perform(self, application: Application, form: Any, **kwargs: Any) -> str:
        note = case_note_add(application=application, actor=self.request.user,
                             category=form.cleaned_data["category"],
                             body=form.cleaned_data["body"],
                             restricted=form.restricted_choice())
        return "Restricted note added" if note.restricted else "Note added"


class DuplicatesView(CaseworkerRequiredMixin, View):
    """Check for duplicates on demand. A read, so the answer is shown straight away (sending
    it again changes nothing)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, reference: str) -> HttpResponse:
        application = _visible_case(request, reference)
        if not can_work_case(request.user, application):
            raise PermissionDenied
        matches = find_duplicates(application=application)
        return render(request, "applications/staff/case.html",
                      case_context(request, application, duplicate_matches=matches))


class EligibilityFindingsView(CaseActionView):
    anchor = "eligibility"

    def form_key(self, **kwargs: Any) -> str:
        return f"findings-{kwargs['member_id']}"

    def make_form(self, application: Application, data: Any, **kwargs: Any) -> forms.Form:
        _member(application, kwargs["member_id"])
        return EligibilityFindingsForm(data, prefix=self.form_key(**kwargs))

    def perform(self, application: Application, form: Any, **kwargs: Any) -> str:
        data = form.cleaned_data
        member = member_eligibility_facts_update(
            application=application, actor=self.request.user, member_id=kwargs["member_id"],
            habitually_resident=data["habitually_resident"],
            right_to_reside=data["right_to_reside"] or "",
            is_existing_social_tenant=data["is_existing_social_tenant"],
            sponsored_immigrant=data["sponsored_immigrant"])
        return f"Findings recorded for {member.full_name}"


class EligibilityDecideView(CaseActionView):
    anchor = "eligibility"

    def form_key(self, **kwargs: Any) -> str:
        return "eligibility"

    def make_form(self, application: Application, data: Any, **kwargs: Any) -> forms.Form:
        return EligibilityDecisionForm(data, prefix="eligibility",
                                       tenants=proposed_tenants(application))

    def perform(self, application: Application, form: Any, **kwargs: Any) -> str:
        outcome = eligibility_decide(application=application, actor=self.request.user,
                                     overrides=form.overrides())
        if outcome == "ineligible":
            return "Decision recorded: not eligible. The decision letter has been sent."
        if outcome == "eligible_sole_tenancy_only":
            return "Decision recorded: eligible for a sole tenancy only"
        return "Decision recorded: eligible"


class QualificationDecideView(CaseActionView):
    anchor = "qualification"

    def form_key(self, **kwargs: Any) -> str:
        return "qualification"

    def make_form(self, application: Application, data: Any, **kwargs: Any) -> forms.Form:
        return QualificationDecisionForm(data, prefix="qualification")

    def perform(self, application: Application, form: Any, **kwargs: Any) -> str:
        outcome = qualification_decide(application=application, actor=self.request.user,
                                       override_outcome=form.cleaned_data["outcome"],
                                       override_reason=form.cleaned_data["override_reason"])
        if outcome == "does_not_qualify":
            return "Decision recorded: does not qualify. The decision letter has been sent."
        return "Decision recorded: qualifies"


class ClosureConfirmView(CaseActionView):
    anchor = "summary"

    def form_key(self, **kwargs: Any) -> str:
        return "closure-confirm"

    def perform(self, application: Application, form: Any, **kwargs: Any) -> str:
        incomplete_closure_confirm(application=application, actor=self.request.user)
        return "The application is closed as incomplete. The applicant has been sent a letter."


class ClosureCancelView(CaseActionView):
    anchor = "summary"

    def form_key(self, **kwargs: Any) -> str:
        return "closure-cancel"

    def make_form(self, application: Application, data: Any, **kwargs: Any) -> forms.Form:
        return ClosureCancelForm(data, prefix="closure-cancel")

    def perform(self, application: Application, form: Any, **kwargs: Any) -> str:
        incomplete_closure_cancel(application=application, actor=self.request.user,
                                  reason=form.cleaned_data["reason"])
        return "Closure cancelled: the application stays open"


class ChangeReviewView(CaseActionView):
    anchor = "changes"

    def form_key(self, **kwargs: Any) -> str:
        return f"change-{kwargs['change_id']}"

    def _change(self, application: Application, change_id: int) -> ChangeOfCircumstances:
        change = next((c for c in application.changes.all() if c.pk == change_id), None)
        if change is None:
            raise Http404("No such change on this application")
        return change

    def make_form(self, application: Application, data: Any, **kwargs: Any) -> forms.Form:
        self._change(application, kwargs["change_id"])
        return ChangeReviewForm(data, prefix=self.form_key(**kwargs))

    def perform(self, application: Application, form: Any, **kwargs: Any) -> str:
        accepted = form.cleaned_data["decision"] == "accept"
        change_review(change=self._change(application, kwargs["change_id"]),
                      actor=self.request.user, accepted=accepted,
                      note=form.cleaned_data["note"])
        return "Change accepted" if accepted else "Change rejected: no change made"


# --- Evidence download -------------------------------------------------------------------------

_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._() -]+")


def safe_filename(name: str, fallback: str = "document") -> str:
    """The uploaded name, made safe for a Content-Disposition header: no path, no control or
    quote characters, no leading dots, at most 100 characters (keeping the extension)."""
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_FILENAME.sub("_", name).strip(" .")
    if not name:
        return fallback
    if len(name) > 100:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[:90]}.{ext[:9]}" if dot and len(ext) < 10 else name[:100]
    return name


class EvidenceDownloadView(CaseworkerRequiredMixin, View):
    """Caseworkers: the uploaded document, as an attachment, with the type we detected when it
    was uploaded (never the browser's claim)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, reference: str, item_id: int) -> HttpResponseBase:
        application = (applications_visible_to(request.user)
                       .filter(reference=reference).only("pk", "restricted_access").first())
        if application is None:
            raise Http404("No such application")
        if not can_work_case(request.user, application):
            raise PermissionDenied
        item = (EvidenceItem.objects.filter(application=application, pk=item_id)
                .exclude(Q(file="") | Q(file__isnull=True)).first())
        if item is None:
            raise Http404("No document uploaded")
        response = FileResponse(item.file.open("rb"),
                                content_type=item.content_type or "application/octet-stream",
                                as_attachment=True,
                                filename=safe_filename(item.original_filename))
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
