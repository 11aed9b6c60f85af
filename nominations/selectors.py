"""Reads for nominations, scoped to the person asking (``nominations.policies`` says who sees
what). DOMAIN.md §3.14, §4.13, §5.4, §7.5.

The council's reads come first: who may be nominated for a vacancy (the top verified bidders on
the advert's shortlist, or a match from the register in priority order with the standing bid
rules), the officers' lists with SLA countdowns, and the monitoring of agreements. The partner
portal's reads follow in their own block at the end.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import connection
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from applications.models import Application, BandAward
from housing.scheme.selectors import scheme_in_force
from lettings.models import LIVE_OFFER_STATUSES, Advert, Offer, ShortlistEntry, Void
from lettings.rules.bid_validity import Stage, check_bid
from lettings.selectors import (
    band_ranks,
    bid_policy,
    bidders_at_close,
    home_facts,
    offer_order,
)
from nominations import policies
from nominations.models import Nomination, NominationAgreement, NominationRequest
from nominations.rules.rejections import reason_label
from nominations.rules.sla import working_days_left
from nominations.services._common import holidays

# === The council's reads ========================================================================

# How many of the register, in priority order, are read to find ``limit`` who fit the home: the
# standing rules run in Python over plain rows (``bidders_at_close``), a batch at a time.
_REGISTER_BATCH = 200
_REGISTER_MAX_READ = 4000


def request_advert(request: NominationRequest) -> Advert | None:
    """The advert behind an advertised vacancy: the one linked, or else the void's advert in
    progress (linked lazily: the council may advertise the home after the provider notified
    it)."""
    if request.advert_id is not None:
        return request.advert
    return (Advert.objects.filter(Q(void_id=request.void_id)
                                  | Q(void__isnull=True, property_id=request.property_id),
                                  status__in=Advert.ACTIVE_STATUSES)
            .select_related("property", "local_lettings_plan", "void")
            .order_by("-pk").first())


def live_nominations(request: NominationRequest) -> QuerySet[Nomination]:
    """The nominations still holding the vacancy (with the provider, or being let)."""
    return Nomination.objects.filter(request=request, status__in=Nomination.LIVE_STATUSES)


@dataclass(frozen=True)
class ShortlistChoice:
    """A bidder on the advert's shortlist, in offer order, and whether they can be nominated
    now (``problem`` is why not)."""

    entry: ShortlistEntry
    position: int
    verified: bool
    problem: str = ""


def shortlist_choices(request: NominationRequest, *, limit: int = 10) -> list[ShortlistChoice]:
    """The first bidders still being considered on the vacancy's advert, in the order the home
    is offered (§4.7: rank at close, or priority now where the scheme says so). Only the first
    few in that order can be nominated, and only once verified (§5.4 step 2: "the top verified
    bidder")."""
    advert = request_advert(request)
    if advert is None:
        return []
    basis = scheme_in_force().rank_basis
    order = offer_order(advert.pk, basis=basis)[:limit]
    ids = [entry.bid.application_id for entry in order]
    apps = {a.pk: a for a in Application.objects.filter(pk__in=ids).prefetch_related("members")}
    allowed = max(request.agreement.nominees_per_vacancy - live_nominations(request).count(), 0)
    choices = []
    for position, entry in enumerate(order, start=1):
        entry.bid.application = apps[entry.bid.application_id]
        verified = entry.verified_at is not None
        problem = ""
        if position > allowed:
            problem = ("Only the first bidder in order can be nominated" if allowed == 1
                       else f"Only the first {allowed} bidders in order can be nominated"
                       if allowed else "No more nominees can be sent for this vacancy now")
        elif not verified:
            problem = "Not verified yet: finish the checks on the shortlist first"
        choices.append(ShortlistChoice(entry=entry, position=position, verified=verified,
                                       problem=problem))
    return choices


@dataclass(frozen=True)
class RegisterMatch:
    application: Application
    position: int
    lead_name: str


def _register_candidates(request: NominationRequest, sizes: tuple[int, ...]
                         ) -> QuerySet[Application]:
    """Active applications with a band, not under offer, not already nominated for this
    vacancy nor with a nomination still live elsewhere, whose bedroom need this home's size
    meets (a cheap first cut; the rules decide), in priority order (band rank, band date,
    registration date, id: §4.7 without an advert's tiers)."""
    ranks = band_ranks(scheme_in_force())
    worst = max(ranks.values(), default=0) + 1
    fits: Any = Q()
    if connection.vendor == "postgresql":
        for size in sizes:
            fits |= Q(eligible_sizes__contains=[size])
            fits |= Exists(BandAward.objects.filter(application=OuterRef("pk"),
                                                    status=BandAward.Status.CURRENT,
                                                    eligible_sizes__contains=[size]))
    else:
        # The embedded SQLite has no JSON containment: cut by bedroom need (the rules decide).
        fits = Q(bedroom_need__in=sizes) | Q(bedroom_need__isnull=True)
    return (Application.objects.filter(status=Application.Status.ACTIVE).exclude(band="")
            .filter(fits)
            .exclude(Exists(Nomination.objects.filter(application=OuterRef("pk"),
                                                      request=request)))
            .exclude(Exists(Nomination.objects.filter(application=OuterRef("pk"),
                                                      status__in=Nomination.LIVE_STATUSES)))
            .exclude(Exists(Offer.objects.filter(application=OuterRef("pk"),
                                                 status__in=LIVE_OFFER_STATUSES)))
            .annotate(band_rank=Case(*[When(band=code, then=Value(rank))
                                       for code, rank in ranks.items()],
                                     default=Value(worst), output_field=IntegerField()))
            .order_by("band_rank", F("effective_date").asc(nulls_last=True),
                      F("registration_date").asc(nulls_last=True), "pk"))


def register_matches(request: NominationRequest, *, limit: int = 20,
                     now: dt.datetime | None = None) -> list[RegisterMatch]:
    """Who on the register could be nominated for a nomination-only vacancy (§5.4 step 2), in
    priority order: active applications that pass the standing bid rules for this home at
    offer (``check_bid`` at ``Stage.OFFER`` against what an advert for the home would say, as a
    direct match is checked; being under offer always stops it), and are not already nominated
    for this vacancy. The first ``limit``."""
    now = now or timezone.now()
    on = timezone.localdate(now)
    scheme = scheme_in_force(on=on)
    policy = replace(bid_policy(scheme), bid_while_under_offer=False)
    home = home_facts(request.property, advert=request_advert(request))
    ids = list(_register_candidates(request, home.sizes)
               .values_list("pk", flat=True)[:_REGISTER_MAX_READ])
    found: list[int] = []
    for start in range(0, len(ids), _REGISTER_BATCH):
        batch = ids[start:start + _REGISTER_BATCH]
        facts = bidders_at_close(batch, on=on)
        for pk in batch:
            if pk in facts and check_bid(facts[pk].facts, home, policy, now=now,
                                         stage=Stage.OFFER).valid:
                found.append(pk)
                if len(found) >= limit:
                    break
        if len(found) >= limit:
            break
    apps = {a.pk: a for a in Application.objects.filter(pk__in=found)
            .prefetch_related("members")}
    rows = []
    for position, pk in enumerate(found, start=1):
        app = apps[pk]
        lead = next((m for m in app.members.all() if m.role == "lead"), None)
        rows.append(RegisterMatch(application=app, position=position,
                                  lead_name=lead.full_name if lead else ""))
    return rows


# --- The officers' lists ------------------------------------------------------------------------

@dataclass(frozen=True)
class OpenVacancy:
    request: NominationRequest
    days_left: int
    live: int


def open_vacancies(*, user: Any, today: dt.date | None = None) -> list[OpenVacancy]:
    """Vacancies still open (waiting for a nominee, or with the provider), the soonest due
    first, with the working days left to nominate (negative: overdue)."""
    today = today or timezone.localdate()
    hols = holidays()
    qs = (policies.requests_visible_to(user)
          .filter(status__in=NominationRequest.OPEN_STATUSES)
          .select_related("provider", "property", "agreement")
          .order_by("nominate_by", "pk"))
    live = Counter(Nomination.objects.filter(request__in=qs,
                                             status__in=Nomination.LIVE_STATUSES)
                   .values_list("request_id", flat=True))
    return [OpenVacancy(request=r, days_left=working_days_left(today, r.nominate_by, hols),
                        live=live.get(r.pk, 0)) for r in qs[:200]]


def nominations_list(*, user: Any, status: str = "") -> QuerySet[Nomination]:
    """Nominations the user may see, newest first, optionally of one status."""
    qs = (policies.nominations_visible_to(user)
          .select_related("request", "request__provider", "request__property", "application")
          .order_by("-sent_at", "-pk"))
    if status:
        qs = qs.filter(status=status)
    return qs


def nomination_counts(*, user: Any) -> list[tuple[str, str, int]]:
    """Nominations the user may see, counted by status: (code, label, count)."""
    found = Counter(policies.nominations_visible_to(user).order_by()
                    .values_list("status", flat=True))
    return [(code, label, found.get(code, 0)) for code, label in Nomination.Status.choices]


def days_left(due: dt.date, *, today: dt.date | None = None) -> int:
    """Working days from today to ``due`` (0 on the day; negative once overdue)."""
    return working_days_left(today or timezone.localdate(), due, holidays())


def provider_void_has_agreement(advert: Advert) -> NominationAgreement | None:
    """The agreement in force for the provider that owns an advert's home, if any (the
    shortlist page links to nominating)."""
    from nominations.services._common import agreement_in_force

    landlord = advert.property.landlord
    if landlord.kind != landlord.Kind.REGISTERED_PROVIDER:
        return None
    return agreement_in_force(landlord.pk)


def open_request_for_void(void_id: int | None) -> NominationRequest | None:
    if void_id is None:
        return None
    return NominationRequest.objects.filter(
        void_id=void_id, status__in=NominationRequest.OPEN_STATUSES).first()


# --- Monitoring (§5.4 step 8, §7.5) -------------------------------------------------------------

# A let counts as a first let when the void was a new build or a first let after conversion.
FIRST_LET_REASONS = (Void.ReasonVacant.NEW_BUILD, Void.ReasonVacant.CONVERSION)


def _pct(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class LetShare:
    lets: int = 0
    via_nomination: int = 0
    agreed_pct: int = 0

    @property
    def pct(self) -> int | None:
        return _pct(self.via_nomination, self.lets)

    @property
    def below_agreed(self) -> bool:
        return self.pct is not None and self.pct < self.agreed_pct


@dataclass
class AgreementMonitoring:
    """One agreement's figures over the period (§7.5)."""

    agreement: NominationAgreement
    vacancies: int = 0
    returned_to_rp: int = 0
    nominations: int = 0
    nominated_in_sla: int = 0
    decisions: int = 0
    decided_in_sla: int = 0
    accepted: int = 0
    rejected: int = 0
    reasons: list[tuple[str, int]] = field(default_factory=list)
    challenges: int = 0
    challenges_overturned: int = 0
    challenges_upheld: int = 0
    first_lets: LetShare = field(default_factory=LetShare)
    relets: LetShare = field(default_factory=LetShare)

    @property
    def nominated_in_sla_pct(self) -> int | None:
        return _pct(self.nominated_in_sla, self.nominations)

    @property
    def decided_in_sla_pct(self) -> int | None:
        return _pct(self.decided_in_sla, self.decisions)

    @property
    def shares(self) -> list[tuple[str, LetShare]]:
        return [("First lets", self.first_lets), ("Re-lets", self.relets)]

    @property
    def accepted_pct(self) -> int | None:
        return _pct(self.accepted, self.accepted + self.rejected)


_ACCEPTED = (Nomination.Status.ACCEPTED, Nomination.Status.OFFERED, Nomination.Status.LET)


def _overlap(agreement: NominationAgreement, start: dt.date, end: dt.date
             ) -> tuple[dt.date, dt.date] | None:
    lo = max(start, agreement.effective_from)
    hi = min(end, agreement.effective_to or end)
    return (lo, hi) if lo <= hi else None


def nominations_monitoring(*, user: Any, start: dt.date, end: dt.date
                           ) -> list[AgreementMonitoring]:
    """Per provider and agreement, between ``start`` and ``end`` (inclusive):

    - vacancies notified (requests received), and those returned to the provider;
    - nominations sent, and the share sent within the nominate-by SLA;
    - provider decisions made, and the share within the decide-by SLA; accepted and rejected
      (a rejection counts once, when the provider rejected, whatever the council did next),
      with the rejection reasons;
    - disputes: rejections the council challenged, and how they ended;
    - lets to council nominees against the agreed share, first lets and re-lets separately:
      the provider's homes let in the period (voids with a let date in the period, while the
      agreement was in force), and of those the ones let through a nomination (the void's
      vacancy ended "let to a nominee"). First lets are voids of a new build or a conversion.

    Agreements the user may see; a fixed number of queries per agreement."""
    rows = []
    agreements = (policies.agreements_visible_to(user).select_related("provider")
                  .order_by("provider__name", "-effective_from"))
    for agreement in agreements:
        span = _overlap(agreement, start, end)
        if span is None:
            continue
        lo, hi = span
        row = AgreementMonitoring(agreement=agreement)
        requests = NominationRequest.objects.filter(agreement=agreement)
        received = requests.filter(received_at__date__gte=lo, received_at__date__lte=hi)
        row.vacancies = received.count()
        row.returned_to_rp = requests.filter(
            status=NominationRequest.Status.RETURNED_TO_RP,
            closed_at__date__gte=lo, closed_at__date__lte=hi).count()
        noms = Nomination.objects.filter(request__agreement=agreement)
        sent = noms.filter(sent_at__date__gte=lo, sent_at__date__lte=hi)
        row.nominations = sent.count()
        row.nominated_in_sla = sent.filter(sent_within_sla=True).count()
        decided = noms.filter(decided_at__date__gte=lo, decided_at__date__lte=hi)
        row.decisions = decided.count()
        row.decided_in_sla = decided.filter(decided_within_sla=True).count()
        row.rejected = decided.exclude(rejection_reason_code="").count()
        row.accepted = decided.filter(rejection_reason_code="", status__in=_ACCEPTED).count()
        codes = Counter(decided.exclude(rejection_reason_code="").order_by()
                        .values_list("rejection_reason_code", flat=True))
        row.reasons = [(reason_label(agreement.rejection_reasons, code), n)
                       for code, n in codes.most_common()]
        challenged = noms.filter(challenged_at__date__gte=lo, challenged_at__date__lte=hi)
        row.challenges = challenged.count()
        row.challenges_upheld = challenged.filter(
            status=Nomination.Status.REJECTION_UPHELD).count()
        row.challenges_overturned = challenged.filter(status__in=_ACCEPTED).count()
        let_by_nomination = NominationRequest.objects.filter(
            void=OuterRef("pk"), status=NominationRequest.Status.LET)
        lets = (Void.objects.filter(property__landlord_id=agreement.provider_id,
                                    status=Void.Status.LET, let_date__gte=lo, let_date__lte=hi)
                .annotate(nominated=Exists(let_by_nomination)).order_by()
                .values_list("reason_vacant", "nominated"))
        row.first_lets.agreed_pct = agreement.first_let_share_pct
        row.relets.agreed_pct = agreement.relet_share_pct
        for reason, nominated in lets:
            share = row.first_lets if reason in FIRST_LET_REASONS else row.relets
            share.lets += 1
            share.via_nomination += int(nominated)
        rows.append(row)
    return rows


# --- Partner portal -----------------------------------------------------------------------------
# The registered provider's reads (the PROVIDER side of issue 7). Every list starts from
# ``policies.requests_visible_to`` / ``nominations_visible_to``, so a provider user only ever
# reads its own organisation's vacancies and nominations; about a nominee it reads only the
# agreed minimum (``nominee_summary``): never case notes, evidence or other applicants.

# Nominations waiting for the provider: to decide, or to answer the council's challenge.
PARTNER_WAITING = (Nomination.Status.SENT, Nomination.Status.RP_REVIEWING,
                   Nomination.Status.CHALLENGED)
PARTNER_UNDECIDED = (Nomination.Status.SENT, Nomination.Status.RP_REVIEWING)


def with_lead_names(qs: QuerySet[Nomination]) -> QuerySet[Nomination]:
    from django.db.models import Prefetch

    from applications.models import HouseholdMember

    return qs.prefetch_related(Prefetch(
        "application__members", queryset=HouseholdMember.objects.filter(role="lead"),
        to_attr="leads"))


def nominee_name(nomination: Nomination) -> str:
    """The nominee's name (the lead applicant), from ``with_lead_names``'s prefetch when there."""
    leads = getattr(nomination.application, "leads", None)
    if leads is None:
        leads = list(nomination.application.members.filter(role="lead"))
    return leads[0].full_name if leads else nomination.application.reference


def partner_nominations(*, user: Any, status: str = "") -> QuerySet[Nomination]:
    """The nominations sent to the user's organisation (all of them, for staff): those waiting
    for the provider first, the soonest due first, then the rest newest first."""
    waiting = Case(When(status__in=PARTNER_WAITING, then=Value(0)), default=Value(1),
                   output_field=IntegerField())
    qs = (policies.nominations_visible_to(user)
          .select_related("request", "request__property", "request__provider",
                          "request__agreement", "application")
          .annotate(waiting=waiting)
          .order_by("waiting", "decide_by", "-sent_at", "-pk"))
    if status:
        qs = qs.filter(status=status)
    return with_lead_names(qs)


@dataclass(frozen=True)
class PartnerNominationRow:
    nomination: Nomination
    nominee: str
    days_left: int | None  # working days left to decide, while the provider has it


def partner_nomination_rows(*, user: Any, status: str = "", today: dt.date | None = None,
                            limit: int = 500) -> list[PartnerNominationRow]:
    today = today or timezone.localdate()
    hols = holidays()
    return [PartnerNominationRow(
        nomination=n, nominee=nominee_name(n),
        days_left=(working_days_left(today, n.decide_by, hols)
                   if n.status in PARTNER_UNDECIDED else None))
        for n in partner_nominations(user=user, status=status)[:limit]]


def partner_nomination(*, user: Any, pk: int) -> Nomination | None:
    """One nomination the user may see, or None (the page is then a 404, so ids of other
    organisations' nominations cannot be probed)."""
    if pk > 2_147_483_647:
        return None
    return (policies.nominations_visible_to(user)
            .select_related("request", "request__property", "request__provider",
                            "request__agreement", "request__void", "application", "offer",
                            "decided_by")
            .filter(pk=pk).first())


@dataclass(frozen=True)
class PartnerVacancyRow:
    request: NominationRequest
    days_left: int | None  # working days left for the council to nominate, while it must
    live: int


def partner_vacancies(*, user: Any, today: dt.date | None = None,
                      limit: int = 500) -> list[PartnerVacancyRow]:
    """The organisation's vacancies: open ones first (the council's nominate-by date soonest
    first), then closed ones newest first."""
    today = today or timezone.localdate()
    hols = holidays()
    open_first = Case(When(status__in=NominationRequest.OPEN_STATUSES, then=Value(0)),
                      default=Value(1), output_field=IntegerField())
    qs = (policies.requests_visible_to(user).select_related("property", "void", "provider")
          .annotate(open_first=open_first)
          .order_by("open_first", "nominate_by", "-received_at", "-pk"))[:limit]
    rows = list(qs)
    live = Counter(Nomination.objects.filter(request__in=[r.pk for r in rows],
                                             status__in=Nomination.LIVE_STATUSES)
                   .values_list("request_id", flat=True))
    return [PartnerVacancyRow(
        request=r, live=live.get(r.pk, 0),
        days_left=(working_days_left(today, r.nominate_by, hols)
                   if r.status == NominationRequest.Status.REQUESTED else None))
        for r in rows]


def partner_request(*, user: Any, pk: int) -> NominationRequest | None:
    if pk > 2_147_483_647:
        return None
    return (policies.requests_visible_to(user)
            .select_related("property", "void", "provider", "agreement", "advert")
            .filter(pk=pk).first())


def partner_voids_without_request(*, user: Any, limit: int = 200) -> QuerySet[Void]:
    """Open voids of the organisation's homes that no open vacancy covers (the provider may
    still notify them)."""
    from lettings.policies import voids_visible_to

    covered = NominationRequest.objects.filter(void=OuterRef("pk"),
                                               status__in=NominationRequest.OPEN_STATUSES)
    return (voids_visible_to(user).filter(status__in=Void.OPEN_STATUSES)
            .exclude(Exists(covered)).select_related("property")
            .order_by("-created_at", "-pk")[:limit])


@dataclass(frozen=True)
class PartnerCounts:
    open_vacancies: int
    waiting_for_nominee: int
    to_decide: int
    overdue: int
    challenged: int
    accepted: int
    offered: int
    let: int


def partner_counts(*, user: Any, today: dt.date | None = None) -> PartnerCounts:
    """The numbers on the portal's home page, for the user's organisation only."""
    from django.db.models import Count

    today = today or timezone.localdate()
    requests = Counter(policies.requests_visible_to(user).order_by()
                       .values_list("status", flat=True))
    noms = policies.nominations_visible_to(user).order_by()
    by_status = Counter(noms.values_list("status", flat=True))
    overdue = noms.filter(status__in=PARTNER_UNDECIDED, decide_by__lt=today).aggregate(
        n=Count("pk"))["n"]
    return PartnerCounts(
        open_vacancies=sum(requests.get(s, 0) for s in NominationRequest.OPEN_STATUSES),
        waiting_for_nominee=requests.get(NominationRequest.Status.REQUESTED, 0),
        to_decide=sum(by_status.get(s, 0) for s in PARTNER_UNDECIDED),
        overdue=overdue,
        challenged=by_status.get(Nomination.Status.CHALLENGED, 0),
        accepted=by_status.get(Nomination.Status.ACCEPTED, 0),
        offered=by_status.get(Nomination.Status.OFFERED, 0),
        let=by_status.get(Nomination.Status.LET, 0))


@dataclass(frozen=True)
class HouseholdPerson:
    relationship: str
    age: int | None
    expected: bool = False


@dataclass(frozen=True)
class DebtSummary:
    total: Any
    threshold: Any
    over_threshold: bool
    arrangement_kept: bool


@dataclass(frozen=True)
class NomineeSummary:
    """The agreed minimum a provider receives about a nominee (DOMAIN.md §2 provider row,
    §5.4 step 4): name and contact details, who is in the household (relationship and age,
    not names), bedroom need, band and band date, assessed access need and a housing debt
    total. Nothing else of the case: no notes, evidence, addresses or other applicants."""

    name: str
    reference: str
    household: tuple[HouseholdPerson, ...]
    bedroom_need: int | None
    band: str
    band_name: str
    band_date: dt.date | None
    phone: str
    email: str
    access_need: str
    debt: DebtSummary | None


_ACCESS_NEEDS = {
    "ground_or_lift": "A home on the ground floor or with a lift",
    "step_free": "A step-free home (accessible and adaptable, M4(2))",
    "wheelchair": "A wheelchair user home (M4(3))",
}


def nominee_summary(nomination: Nomination, *, today: dt.date | None = None) -> NomineeSummary:
    """The minimum data about the nominee of ``nomination`` (call it only for a nomination the
    user may see: ``partner_nomination``)."""
    from applications.models import HouseholdMember
    from applications.priority import debt_assessment
    from housing.core.exceptions import ApplicationError

    today = today or timezone.localdate()
    application = nomination.application
    members = list(HouseholdMember.objects.filter(application=application, to_be_rehoused=True)
                   .order_by("pk"))
    lead = next((m for m in members if m.role == HouseholdMember.Role.LEAD), None)
    if lead is None:
        lead = HouseholdMember.objects.filter(application=application, role="lead").first()
    roles = dict(HouseholdMember.Role.choices)
    household = tuple(HouseholdPerson(relationship=roles.get(m.role, m.role),
                                      age=m.age_on(today), expected=m.due_date is not None
                                      and m.date_of_birth is None)
                      for m in members)
    award = (BandAward.objects.filter(application=application, status=BandAward.Status.CURRENT)
             .order_by("-pk").first())
    flags = award.property_flags if award is not None and award.property_flags else {}
    need = str(flags.get("mobility_category") or "")
    try:
        result = debt_assessment(application, scheme_in_force(on=today), today)
        debt: DebtSummary | None = DebtSummary(
            total=result.qualifying_debt, threshold=result.threshold,
            over_threshold=result.over_threshold, arrangement_kept=result.arrangement_kept)
    except ApplicationError:  # no scheme in force: show no debt summary rather than fail
        debt = None
    account = application.applicant_user
    email = (lead.email if lead is not None and lead.email else "") or (
        account.email if account is not None else "")
    return NomineeSummary(
        name=lead.full_name if lead is not None else application.reference,
        reference=application.reference, household=household,
        bedroom_need=award.bedroom_need if award is not None and award.bedroom_need is not None
        else application.bedroom_need,
        band=award.band if award is not None else application.band,
        band_name=(award.band_name if award is not None and award.band_name
                   else f"Band {application.band}" if application.band else ""),
        band_date=award.effective_date if award is not None else application.effective_date,
        phone=lead.phone if lead is not None else "", email=email,
        access_need=_ACCESS_NEEDS.get(need, need), debt=debt)


def partner_export_rows(*, user: Any) -> Any:
    """The user's organisation's nominations as rows for the CSV export (a generator read in
    chunks): reference, home, nominee, status, sent, decide by, decided, reason, tenancy
    start. No restricted data."""
    from applications.models import HouseholdMember

    leads = HouseholdMember.objects.filter(application=OuterRef("application_id"),
                                           role="lead").order_by("pk")
    from django.db.models import Subquery
    from django.db.models.functions import Concat

    qs = (policies.nominations_visible_to(user)
          .annotate(nominee=Subquery(leads.annotate(
              full=Concat("first_name", Value(" "), "last_name")).values("full")[:1]))
          .select_related("request", "request__property", "request__agreement", "application")
          .order_by("-sent_at", "-pk"))
    labels = dict(Nomination.Status.choices)
    for n in qs.iterator(chunk_size=500):
        reason = (reason_label(n.request.agreement.rejection_reasons, n.rejection_reason_code)
                  if n.rejection_reason_code else "")
        yield [n.request.reference, n.request.property.address,
               n.nominee or n.application.reference, labels.get(n.status, n.status),
               timezone.localdate(n.sent_at).isoformat(), n.decide_by.isoformat(),
               timezone.localdate(n.decided_at).isoformat() if n.decided_at else "", reason,
               n.tenancy_start_date.isoformat() if n.tenancy_start_date else ""]
