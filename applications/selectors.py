"""Reads of the register, always scoped to the person asking (STYLE: selectors)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

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
from applications.policies import applications_visible_to, notes_visible_to

__all__ = ["applications_visible_to", "notes_visible_to"]


# --- Household --------------------------------------------------------------------------------

def proposed_tenants(application: Application) -> list[HouseholdMember]:
    """Lead and joint applicants: the people whose eligibility is decided (DOMAIN.md §4.2)."""
    return [m for m in application.members.all()
            if m.role in (HouseholdMember.Role.LEAD, HouseholdMember.Role.JOINT)]


def adults(application: Application, on: dt.date | None = None) -> list[HouseholdMember]:
    on = on or timezone.localdate()
    return [m for m in application.members.all()
            if m.is_proposed_tenant or (m.date_of_birth and (m.age_on(on) or 0) >= 18)]


def address_gaps(*, application: Application, years: int,
                 on: dt.date | None = None) -> list[str]:
    """Plain-English gaps in each adult's address history over the last ``years`` years."""
    on = on or timezone.localdate()
    start = on.replace(year=on.year - years) if not (on.month == 2 and on.day == 29) \
        else on.replace(year=on.year - years, day=28)
    problems: list[str] = []
    for member in adults(application, on):
        periods = sorted(member.addresses.all(), key=lambda a: a.from_date)
        name = member.first_name or "the applicant"
        if not periods:
            problems.append(f"Add where {name} has lived since {start:%-d %B %Y}.")
            continue
        if not any(p.to_date is None for p in periods):
            problems.append(f"Add {name}'s current address.")
        cursor = start
        for period in periods:
            if period.from_date > cursor + dt.timedelta(days=31):
                problems.append(f"{name}'s addresses have a gap from {cursor:%B %Y} to "
                                f"{period.from_date:%B %Y}.")
            end = period.to_date or on
            cursor = max(cursor, end)
        if cursor < on and all(p.to_date is not None for p in periods):
            problems.append(f"{name}'s addresses stop in {cursor:%B %Y}.")
    return problems


# --- Duplicates (DOMAIN.md §3.1 invariant: one live application per person) -------------------

@dataclass(frozen=True)
class DuplicateMatch:
    reference: str
    status: str
    person: str
    matched_on: str


def find_duplicates(*, application: Application) -> list[DuplicateMatch]:
    """Live applications (other than this one) that share a person with it: same name and date
    of birth, same National Insurance number, or same email address."""
    members = list(application.members.all())
    conditions = Q()
    for m in members:
        if m.first_name and m.last_name and m.date_of_birth:
            conditions |= Q(first_name__iexact=m.first_name, last_name__iexact=m.last_name,
                            date_of_birth=m.date_of_birth)
        if m.ni_number:
            conditions |= Q(ni_number=m.ni_number)
        if m.email:
            conditions |= Q(email__iexact=m.email)
    if not conditions:
        return []
    candidates = (HouseholdMember.objects.filter(conditions)
                  .exclude(application=application)
                  .filter(application__status__in=Application.LIVE_STATUSES)
                  .select_related("application")[:50])
    matches: list[DuplicateMatch] = []
    for other in candidates:
        for m in members:
            reason = ""
            if m.ni_number and m.ni_number == other.ni_number:
                reason = "National Insurance number"
            elif m.email and other.email and m.email.lower() == other.email.lower():
                reason = "email address"
            elif (m.date_of_birth and m.date_of_birth == other.date_of_birth
                  and m.first_name.lower() == other.first_name.lower()
                  and m.last_name.lower() == other.last_name.lower()):
                reason = "name and date of birth"
            if reason:
                matches.append(DuplicateMatch(other.application.reference,
                                              other.application.get_status_display(),
                                              other.full_name, reason))
                break
    return matches


# --- Officer queues and search ----------------------------------------------------------------

QUEUES: dict[str, tuple[str, Q]] = {
    "new": ("New submissions", Q(status=Application.Status.SUBMITTED)),
    "awaiting": ("Awaiting information", Q(status=Application.Status.AWAITING_INFORMATION)),
    "assess": ("Ready to assess", Q(status=Application.Status.UNDER_ASSESSMENT)),
    "closure": ("Closure to confirm", Q(closure_proposed_at__isnull=False)),
    "changes": ("Changes to verify",
                Q(changes__status=ChangeOfCircumstances.Status.REPORTED)),
}


def queue_counts(*, user: Any) -> dict[str, int]:
    """How many cases are in each queue, plus "mine" (assigned to the user, still open)."""
    visible = applications_visible_to(user)
    counts = {key: visible.filter(condition).distinct().count()
              for key, (_, condition) in QUEUES.items()}
    counts["mine"] = visible.filter(assigned_officer=user,
                                    status__in=Application.LIVE_STATUSES).count()
    return counts


_REFERENCE = re.compile(r"^HR-[\w-]+$", re.IGNORECASE)
_NI = re.compile(r"^[A-Z]{2}\d{6}[A-D]$", re.IGNORECASE)
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$", re.IGNORECASE)
_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def _leads() -> Prefetch:
    return Prefetch("members", queryset=HouseholdMember.objects.filter(
        role=HouseholdMember.Role.LEAD), to_attr="leads")


def application_list(*, user: Any, status: str = "", queue: str = "", query: str = "",
                     assigned_to: Any = None) -> QuerySet[Application]:
    """Applications for a list page, filtered, with the lead applicant prefetched (a constant
    number of queries whatever the page size)."""
    qs = applications_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    if queue == "mine":
        qs = qs.filter(assigned_officer=user, status__in=Application.LIVE_STATUSES)
    elif queue in QUEUES:
        qs = qs.filter(QUEUES[queue][1]).distinct()
    if assigned_to is not None:
        qs = qs.filter(assigned_officer=assigned_to)
    if query:
        qs = qs.filter(pk__in=_search_ids(query))
    return (qs.select_related("assigned_officer").prefetch_related(_leads())
            .order_by("-submitted_at", "-created_at"))


def _search_ids(query: str) -> QuerySet[Any]:
    """Match by reference, National Insurance number, postcode, date of birth, email, phone or
    name (each index-backed)."""
    text = query.strip()
    members = HouseholdMember.objects.all()
    if _REFERENCE.match(text):
        return Application.objects.filter(reference=text.upper()).values("pk")
    if _NI.match(text.replace(" ", "")):
        return members.filter(ni_number=text.replace(" ", "").upper()).values("application_id")
    if _POSTCODE.match(text):
        compact = text.upper().replace(" ", "")
        spaced = f"{compact[:-3]} {compact[-3:]}"
        return Application.objects.filter(postcode__in=[spaced, compact]).values("pk")
    date_match = _DATE.match(text)
    if date_match:
        day, month, year = (int(g) for g in date_match.groups())
        try:
            born = dt.date(year, month, day)
        except ValueError:
            return Application.objects.none().values("pk")
        return members.filter(date_of_birth=born).values("application_id")
    if "@" in text:
        return members.filter(email=text.lower()).values("application_id")
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 10 and len(digits) >= len(text.replace(" ", "")) - 1:
        return members.filter(phone__in=[digits, text]).values("application_id")
    words = [w for w in re.split(r"\s+", text) if w]
    if len(words) >= 2:
        return members.filter(first_name__iexact=words[0],
                              last_name__iexact=" ".join(words[1:])).values("application_id")
    return members.filter(last_name__iexact=text).values("application_id")


# --- The case view ----------------------------------------------------------------------------

def application_detail(*, user: Any, reference: str) -> Application | None:
    """One application with everything the case view shows, in a fixed number of queries."""
    return (applications_visible_to(user)
            .select_related("circumstances", "assigned_officer", "scheme_version",
                            "applicant_user")
            .prefetch_related(
                Prefetch("members", queryset=HouseholdMember.objects.order_by("id")
                         .prefetch_related(Prefetch("addresses",
                                                    queryset=AddressHistory.objects
                                                    .order_by("-from_date")))),
                Prefetch("evidence", queryset=EvidenceItem.objects
                         .select_related("member", "reviewed_by").order_by("id")),
                Prefetch("changes", queryset=ChangeOfCircumstances.objects
                         .select_related("reported_by", "reviewed_by").order_by("-created_at")),
                Prefetch("decisions", queryset=Decision.objects
                         .select_related("member", "decided_by", "scheme_version")),
            )
            .filter(reference=reference).first())


def case_notes(*, user: Any, application: Application) -> QuerySet[CaseNote]:
    return notes_visible_to(user).filter(application=application).select_related("author")


def outstanding_evidence(application: Application) -> list[EvidenceItem]:
    return [e for e in application.evidence.all() if e.is_outstanding]


def register_counts() -> dict[str, int]:
    return dict(Application.objects.values_list("status").annotate(n=Count("id")))


# --- Facts for the rules (plain data in, reasons out) -------------------------------------------

def occupants_for(application: Application) -> list[Any]:
    """The household as the bedroom-need rule sees it. Someone whose date of birth (or due date)
    is not known yet, in an unfinished draft, is left out until it is."""
    from applications.rules.bedroom_need import Occupant

    members = [m for m in application.members.all() if m.date_of_birth or m.due_date]
    partner_of: dict[int, int] = {}
    for m in members:
        if m.partner_id:
            partner_of[m.pk] = m.partner_id
            partner_of[m.partner_id] = m.pk
    return [
        Occupant(key=str(m.pk), name=m.first_name or "the applicant",
                 date_of_birth=m.date_of_birth, due_date=m.due_date, sex=m.sex or None,
                 partner_key=str(partner_of[m.pk]) if m.pk in partner_of else None,
                 is_applicant=m.role == HouseholdMember.Role.LEAD,
                 cannot_share=m.cannot_share_bedroom, main_home=m.main_home,
                 to_be_rehoused=m.to_be_rehoused)
        for m in members
    ]


def eligibility_facts_for(member: HouseholdMember) -> Any:
    from applications.rules.eligibility import EligibilityFacts, ImmigrationStatus, RightToReside

    try:
        status = ImmigrationStatus(member.immigration_status or "not_known")
    except ValueError:
        status = ImmigrationStatus("not_known")
    try:
        reside = RightToReside(member.right_to_reside or "not_known")
    except ValueError:
        reside = RightToReside("not_known")
    return EligibilityFacts(
        name=member.first_name or "The applicant",
        is_existing_social_tenant=member.is_existing_social_tenant,
        immigration_status=status, status_expiry_date=member.status_expiry_date,
        habitually_resident=member.habitually_resident, right_to_reside=reside,
        sponsored_immigrant_within_five_years=member.sponsored_immigrant,
    )


def prescribed_classes() -> list[Any]:
    """The prescribed-classes table as the eligibility rule sees it."""
    from applications.models import PrescribedClass as Row
    from applications.rules.eligibility import ImmigrationStatus, PrescribedClass

    classes = []
    for row in Row.objects.all():
        statuses = tuple(ImmigrationStatus(s) for s in row.statuses
                         if s in ImmigrationStatus._value2member_map_)
        classes.append(PrescribedClass(code=row.code, title=row.title,
                                       description=row.description, statuses=statuses,
                                       requires_habitual_residence=row.requires_habitual_residence,
                                       effective_from=row.effective_from,
                                       effective_to=row.effective_to))
    return classes


def qualification_facts_for(application: Application) -> Any:
    from applications.rules.qualification import (
        ArmedForcesStatus,
        QualificationFacts,
        ResidencePeriod,
    )

    lead = next((m for m in application.members.all()
                 if m.role == HouseholdMember.Role.LEAD), None)
    # A case keyed in before its circumstances were recorded reads as "nothing declared".
    c = getattr(application, "circumstances", None) or Circumstances(application=application)
    members = list(application.members.all())
    residence = tuple(
        ResidencePeriod(from_date=a.from_date, to_date=a.to_date, in_district=a.in_district,
                        gap_reason=a.gap_reason or "")
        for a in (lead.addresses.all() if lead else [])
    )
    return QualificationFacts(
        lead_name=(lead.first_name if lead else "") or "the applicant",
        # None = not known yet: pre_check and qualification_decide check it before assessing.
        lead_date_of_birth=(lead.date_of_birth  # type: ignore[arg-type]
                            if lead and lead.date_of_birth else None),
        residence=residence,
        works_in_district_hours=(c.work_hours_per_week or 0) if c.works_in_district else 0,
        work_months=(c.work_months or 0) if c.works_in_district else 0,
        family_in_district_years=(c.family_years or 0) if c.family_in_district else 0,
        household_income=c.household_income_annual, savings=c.savings,
        has_children_or_is_family=len(members) > 1,
        owns_property=c.owns_property, has_housing_need=c.has_housing_need,
        armed_forces=ArmedForcesStatus(c.armed_forces or "none"),
        discharge_date=c.discharge_date,
        service_related_bereavement=c.service_related_bereavement,
        fled_domestic_abuse=c.fled_domestic_abuse, care_leaver=c.care_leaver,
        is_social_tenant_in_england=c.is_social_tenant_in_england,
        has_job_or_offer_in_district=c.has_job_or_offer_in_district,
        hardship_to_move_for_work=c.hardship_to_move_for_work,
        seeking_sheltered_only=c.seeking_sheltered_only,
        unacceptable_behaviour=c.unacceptable_behaviour,
    )


def _presumed_for_pre_check(member: HouseholdMember, on: dt.date) -> Any:
    """For the applicant's advice only: someone who has lived at UK addresses for the last two
    years is presumed habitually resident. The officer's decision never presumes this."""
    import dataclasses

    facts = eligibility_facts_for(member)
    if facts.habitually_resident is None:
        start = on - dt.timedelta(days=730)
        if any(a.from_date <= start for a in member.addresses.all()):
            facts = dataclasses.replace(facts, habitually_resident=True)
    return facts


@dataclass(frozen=True)
class PreCheck:
    """Advice before submission, not a decision: qualification, eligibility and bedroom need."""

    qualification: Any
    eligibility: Any
    bedrooms: Any


def pre_check(*, application: Application, on: dt.date | None = None) -> PreCheck:
    from applications.rules.bedroom_need import BedroomRules, bedroom_need
    from applications.rules.eligibility import assess_eligibility, household_eligibility
    from applications.rules.qualification import (
        QualificationOutcome,
        QualificationResult,
        QualificationRules,
        assess_qualification,
    )
    from housing.scheme.selectors import scheme_in_force

    on = on or timezone.localdate()
    scheme = scheme_in_force(on=on)
    facts = qualification_facts_for(application)
    if facts.lead_date_of_birth is None:
        qualification = QualificationResult(
            outcome=QualificationOutcome.CANNOT_TELL,
            reasons=("Tell us your date of birth first.",), basis="", failed_criteria=(),
            exemptions_considered=(), how_to_reapply="")
    else:
        qualification = assess_qualification(facts, QualificationRules.from_scheme(scheme), on)
    classes = prescribed_classes()
    eligibility = household_eligibility([
        assess_eligibility(_presumed_for_pre_check(m, on), classes, on)
        for m in proposed_tenants(application)])
    bedrooms = bedroom_need(occupants_for(application), BedroomRules.from_scheme(scheme), on)
    return PreCheck(qualification=qualification, eligibility=eligibility, bedrooms=bedrooms)
