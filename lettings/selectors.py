"""Reads for lettings, always scoped to the person asking (policies.py says who sees what).

The bid-validity rules are pure; the functions here turn an application and an advert into the
plain facts they need (``bidder_facts``, ``advert_facts``) with a fixed number of queries, so
the portal can say for every advert on a page whether the applicant may bid and why not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from applications.models import (
    AddressHistory,
    Application,
    BandAward,
    Circumstances,
    HouseholdMember,
)
from housing.scheme.models import BandDefinition, SchemeVersion
from housing.scheme.selectors import scheme_in_force
from lettings import policies
from lettings.models import (
    LIVE_OFFER_STATUSES,
    Advert,
    Bid,
    BiddingCycle,
    BiddingPreference,
    DirectMatch,
    LettingResult,
    Offer,
    Property,
    ShortlistEntry,
    Void,
)
from lettings.rules.bid_validity import (
    AdvertFacts,
    BidderFacts,
    BidPolicy,
    BidValidity,
    Stage,
    check_bid,
)
from lettings.rules.direct_match import Category, MatchChecks, direct_match_checks
from lettings.rules.shortlist_order import PriorityFacts, sort_key
from lettings.services.adverts import default_criteria

SOCIAL_TENURES = frozenset({Circumstances.Tenure.COUNCIL_TENANT,
                            Circumstances.Tenure.HA_TENANT})
TRANSFER_TYPES = frozenset({Application.Type.TRANSFER, Application.Type.MANAGEMENT_TRANSFER,
                            Application.Type.DECANT})

# Re-exported so existing callers keep working; the policy layer owns these.
properties_visible_to = policies.properties_visible_to
adverts_visible_to = policies.adverts_visible_to


def advert_list(*, user: Any) -> QuerySet[Advert]:
    """Adverts the user may see, newest cycle first, with their live bid counts."""
    return (adverts_visible_to(user)
            .select_related("property", "property__landlord", "cycle")
            .annotate(bid_count=Count("bids", filter=Q(bids__status__in=Bid.LIVE_STATUSES)))
            .order_by("-cycle__opens_at", "reference"))


# --- The scheme's bidding settings --------------------------------------------------------------

def bid_policy(scheme: SchemeVersion) -> BidPolicy:
    names = dict(BandDefinition.objects.filter(scheme=scheme).values_list("code", "name"))
    return BidPolicy(max_bids=scheme.max_live_bids, limit_scope=scheme.bid_limit_scope,
                     bid_while_under_offer=scheme.bid_while_under_offer,
                     sheltered_bars_children=scheme.sheltered_bars_children, band_names=names)


def band_ranks(scheme: SchemeVersion) -> dict[str, int]:
    return dict(BandDefinition.objects.filter(scheme=scheme).values_list("code", "rank"))


# --- Facts for the rules --------------------------------------------------------------------------

def advert_facts(advert: Advert) -> AdvertFacts:
    """The advert's criteria as plain data (``advert`` with ``property`` and
    ``local_lettings_plan`` loaded)."""
    prop = advert.property
    plan = advert.local_lettings_plan
    condition = None
    if plan is not None and plan.mode == plan.Mode.CONDITION:
        condition = tuple(plan.postcode_areas)
    return AdvertFacts(
        reference=advert.reference, status=advert.status, opens_at=advert.opens_at,
        closes_at=advert.closes_at, bedrooms=prop.bedrooms, sizes=tuple(advert.sizes),
        min_occupancy=advert.min_occupancy, max_occupancy=advert.max_occupancy,
        designation=prop.designation, min_age=advert.min_age,
        partner_min_age=advert.partner_min_age, floor_level=prop.floor_level,
        access_needs_met=tuple(advert.mobility_accepted or prop.access_needs_met),
        mobility_required=advert.mobility_required, label=advert.label,
        band_restriction=tuple(advert.band_restriction), quota_group=advert.quota_group,
        quota_mode=advert.quota_mode, llp_name=plan.name if plan else "",
        llp_condition_areas=condition,
        local_connection_areas=tuple(advert.local_connection_areas),
        landlord_rules=tuple(advert.landlord_rules))


def llp_priority_areas(advert: Advert) -> tuple[str, ...] | None:
    plan = advert.local_lettings_plan
    if plan is not None and plan.mode == plan.Mode.PRIORITY:
        return tuple(plan.postcode_areas)
    return None


def _age(born: dt.date | None, on: dt.date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def bidder_applications(ids: Iterable[int]) -> QuerySet[Application]:
    """Applications with everything ``bidder_facts`` reads, in a fixed number of queries."""
    return (Application.objects.filter(pk__in=list(ids))
            .select_related("circumstances")
            .prefetch_related("members", "members__addresses",
                              Prefetch("awards", to_attr="current_awards",
                                       queryset=BandAward.objects.filter(
                                           status=BandAward.Status.CURRENT))))


def bidder_facts(application: Application, *, on: dt.date | None = None,
                 live_bids: int = 0, bids_this_cycle: int = 0,
                 already_bid: bool = False) -> BidderFacts:
    """The applicant's facts for the bid rules. ``application`` should come from
    ``bidder_applications`` (otherwise each relation costs a query)."""
    members = [m for m in application.members.all() if m.to_be_rehoused and m.main_home]
    awards = getattr(application, "current_awards", None)
    if awards is None:
        awards = list(application.awards.filter(status=BandAward.Status.CURRENT))
    try:
        circumstances = application.circumstances
    except Circumstances.DoesNotExist:
        circumstances = None
    return _facts(application, members, awards[0] if awards else None, circumstances,
                  lambda member: [a.postcode for a in member.addresses.all()],
                  on=on or timezone.localdate(), live_bids=live_bids,
                  bids_this_cycle=bids_this_cycle, already_bid=already_bid)


def _facts(application: Any, members: Sequence[Any], award: Any, circumstances: Any,
           postcodes_of: Callable[[Any], Iterable[str]], *, on: dt.date, live_bids: int = 0,
           bids_this_cycle: int = 0, already_bid: bool = False) -> BidderFacts:
    """``bidder_facts`` from plain data, so that one application (model instances) and many
    (``bidders_at_close``, plain rows with the same attribute names) give the same facts:
    the members who will move (to be rehoused, main home), the current award and the
    circumstances (or None), and a way to read a member's postcodes."""
    lead = next((m for m in members if m.role == "lead"), None)
    partner = next((m for m in members if m.role in ("partner", "joint")), None)
    ages = [(_age(m.date_of_birth, on), m) for m in members]
    # An expected baby counts as a child (age 0) for the rules about children.
    children = tuple(0 if age is None else age for age, m in ages
                     if (age is not None and age < 18) or (m.date_of_birth is None and m.due_date))
    flags = award.property_flags if award else {}
    mobility = flags.get("mobility_category") or ("ground_or_lift"
                                                  if flags.get("ground_floor_only") else "")
    social = (application.application_type in TRANSFER_TYPES
              or (circumstances is not None
                  and (circumstances.tenure in SOCIAL_TENURES
                       or circumstances.is_social_tenant_in_england))
              or any(m.is_existing_social_tenant for m in members))
    postcodes = [application.postcode] if application.postcode else []
    postcodes += [postcode for m in members if m.role in ("lead", "joint", "partner")
                  for postcode in postcodes_of(m) if postcode]
    sizes = tuple(award.eligible_sizes if award and award.eligible_sizes
                  else application.eligible_sizes or [])
    return BidderFacts(
        application_id=application.pk, status=application.status,
        application_type=application.application_type, is_social_tenant=social,
        band=application.band, eligible_sizes=sizes, household_size=max(len(members), 1),
        lead_age=_age(lead.date_of_birth, on) if lead else None,
        partner_age=_age(partner.date_of_birth, on) if partner else None,
        children_ages=children, mobility_need=mobility, postcodes=tuple(postcodes),
        suspension_reason=application.suspension_reason, live_bids=live_bids,
        bids_this_cycle=bids_this_cycle, already_bid=already_bid)


# Plain rows for ``bidders_at_close``, with the attribute names ``_facts`` reads.
class _ApplicationRow(NamedTuple):
    pk: int
    status: str
    application_type: str
    band: str
    postcode: str
    suspension_reason: str
    eligible_sizes: list[int]
    effective_date: dt.date | None
    registration_date: dt.date | None
    bedroom_need: int | None


class _MemberRow(NamedTuple):
    pk: int
    role: str
    date_of_birth: dt.date | None
    due_date: dt.date | None
    is_existing_social_tenant: bool


class _AwardRow(NamedTuple):
    property_flags: dict[str, Any]
    eligible_sizes: list[int]


class _CircumstancesRow(NamedTuple):
    tenure: str
    is_social_tenant_in_england: bool


@dataclass(frozen=True)
class BidderAtClose:
    """What closing an advert needs about one bidder: the facts for the rules, and the
    priority data its snapshot keeps."""

    facts: BidderFacts
    effective_date: dt.date | None
    registration_date: dt.date | None
    bedroom_need: int | None


def _id_in(model: type[Model], field: str, ids: list[int]) -> Any:
    """``field`` is one of ``ids``: on PostgreSQL one array parameter (``= ANY(%s)``), not a
    placeholder per id, which costs tens of milliseconds to build and parse for thousands."""
    if connection.vendor == "postgresql":
        target: Any = model._meta.get_field(field)
        column = f'"{model._meta.db_table}"."{target.column}"'
        # Names from the model's metadata; the ids go as a parameter.
        return RawSQL(f"{column} = ANY(%s)", (ids,),  # noqa: S611
                      output_field=BooleanField())
    return Q(**{f"{field}__in": ids})


def bidders_at_close(ids: Iterable[int], *, on: dt.date) -> dict[int, BidderAtClose]:
    """``bidder_facts`` (as on ``on``) for many applications at once, with each one's band
    date, registration date and bedroom need: five queries reading plain rows, no model
    instances, so re-checking the 5,000 bids on a popular home at close takes tens of
    milliseconds, not seconds (docs/performance.md). The same facts as ``bidder_facts``."""
    ids = list(ids)
    if not ids:
        return {}
    apps = [_ApplicationRow(*row) for row in Application.objects
            .filter(_id_in(Application, "id", ids)).order_by()
            .values_list("pk", "status", "application_type", "band", "postcode",
                         "suspension_reason", "eligible_sizes", "effective_date",
                         "registration_date", "bedroom_need")]
    # Members in the order ``application.members.all()`` gives them (by id, per application).
    members: dict[int, list[_MemberRow]] = {}
    for app_id, member_id, role, born, due, social in (HouseholdMember.objects
                            .filter(_id_in(HouseholdMember, "application", ids),
                                    to_be_rehoused=True, main_home=True)
                            .order_by("application_id", "id")
                            .values_list("application_id", "pk", "role", "date_of_birth",
                                         "due_date", "is_existing_social_tenant")):
        members.setdefault(app_id, []).append(_MemberRow(member_id, role, born, due, social))
    movers = [m.pk for rows in members.values() for m in rows
              if m.role in ("lead", "joint", "partner")]
    postcodes: dict[int, list[str]] = {}
    for member_id, postcode in (AddressHistory.objects
                                .filter(_id_in(AddressHistory, "member", movers))
                                .order_by("member_id", "-from_date")
                                .values_list("member_id", "postcode")):
        postcodes.setdefault(member_id, []).append(postcode)
    awards = {app_id: _AwardRow(flags, sizes) for app_id, flags, sizes in BandAward.objects
              .filter(_id_in(BandAward, "application", ids),
                      status=BandAward.Status.CURRENT).order_by()
              .values_list("application_id", "property_flags", "eligible_sizes")}
    circumstances = {app_id: _CircumstancesRow(tenure, social) for app_id, tenure, social
                     in Circumstances.objects.filter(_id_in(Circumstances, "application", ids))
                     .order_by().values_list("application_id", "tenure",
                                             "is_social_tenant_in_england")}

    def postcodes_of(member: _MemberRow) -> list[str]:
        return postcodes.get(member.pk, [])

    return {app.pk: BidderAtClose(
        facts=_facts(app, members.get(app.pk, []), awards.get(app.pk),
                     circumstances.get(app.pk), postcodes_of, on=on),
        effective_date=app.effective_date, registration_date=app.registration_date,
        bedroom_need=app.bedroom_need) for app in apps}


@dataclass(frozen=True)
class BidCounts:
    live: int
    by_cycle: dict[int | None, int]
    adverts: frozenset[int]


def bid_counts(application: Application) -> BidCounts:
    """Live bids (placed on adverts still taking bids), per cycle, and the adverts bid on.
    One query: everything counted here is among the application's live bids."""
    rows = list(Bid.objects.filter(application=application, status__in=Bid.LIVE_STATUSES)
                .order_by().values_list("advert_id", "advert__cycle_id", "advert__status",
                                        "status"))
    live = [(advert, cycle) for advert, cycle, advert_status, status in rows
            if status == Bid.Status.PLACED and advert_status == Advert.Status.LIVE]
    by_cycle: dict[int | None, int] = {}
    for _advert, cycle in live:
        by_cycle[cycle] = by_cycle.get(cycle, 0) + 1
    return BidCounts(live=len(live), by_cycle=by_cycle,
                     adverts=frozenset(advert for advert, _c, _a, _s in rows))


def bid_validity(application: Application, advert: Advert, *, now: dt.datetime | None = None,
                 stage: Stage = Stage.PLACEMENT, scheme: SchemeVersion | None = None,
                 counts: BidCounts | None = None) -> BidValidity:
    """Whether ``application`` may bid for ``advert`` now, with every reason if not. Used at
    placement, at close and before an offer (``stage``)."""
    now = now or timezone.now()
    scheme = scheme or scheme_in_force(on=timezone.localdate(now))
    counts = counts or bid_counts(application)
    facts = bidder_facts(application, on=timezone.localdate(now), live_bids=counts.live,
                         bids_this_cycle=counts.by_cycle.get(advert.cycle_id, 0),
                         already_bid=advert.pk in counts.adverts)
    return check_bid(facts, advert_facts(advert), bid_policy(scheme), now=now, stage=stage)


def bid_validity_many(application: Application, adverts: Sequence[Advert], *,
                      now: dt.datetime | None = None) -> dict[int, BidValidity]:
    """Validity for each advert on a page, for one applicant, in a fixed number of queries."""
    if not adverts:
        return {}
    now = now or timezone.now()
    scheme = scheme_in_force(on=timezone.localdate(now))
    policy = bid_policy(scheme)
    counts = bid_counts(application)
    app = bidder_applications([application.pk]).get()
    base = bidder_facts(app, on=timezone.localdate(now), live_bids=counts.live)
    result = {}
    for advert in adverts:
        facts = replace(base, bids_this_cycle=counts.by_cycle.get(advert.cycle_id, 0),
                        already_bid=advert.pk in counts.adverts)
        result[advert.pk] = check_bid(facts, advert_facts(advert), policy, now=now)
    return result


# --- Live adverts (public) --------------------------------------------------------------------

@dataclass(frozen=True)
class AdvertFilters:
    area: str = ""
    bedrooms: int | None = None
    property_type: str = ""
    landlord: str = ""          # organisation code
    accessible: bool = False


def live_adverts(*, filters: AdvertFilters | None = None,
                 now: dt.datetime | None = None) -> QuerySet[Advert]:
    """Adverts taking bids now, for anyone (the public portal), filtered as asked."""
    now = now or timezone.now()
    qs = (Advert.objects.filter(status=Advert.Status.LIVE, opens_at__lte=now, closes_at__gt=now)
          .select_related("property", "property__landlord", "local_lettings_plan", "cycle")
          .prefetch_related("property__photos")
          .order_by("closes_at", "reference"))
    f = filters or AdvertFilters()
    if f.area:
        qs = qs.filter(property__area__iexact=f.area)
    if f.bedrooms is not None:
        qs = qs.filter(property__bedrooms=f.bedrooms)
    if f.property_type:
        qs = qs.filter(property__property_type=f.property_type)
    if f.landlord:
        qs = qs.filter(property__landlord__code=f.landlord)
    if f.accessible:
        qs = qs.filter(Q(property__mobility_category__in=["step_free", "wheelchair"])
                       | Q(mobility_required=True))
    return qs


def live_advert_areas() -> list[str]:
    # DISTINCT in the database (with the model's ordering cleared, so it is one column): the
    # areas of 2,000 live adverts come back as a dozen rows, not 2,000.
    now = timezone.now()
    return sorted(Property.objects.filter(adverts__status=Advert.Status.LIVE,
                                          adverts__opens_at__lte=now, adverts__closes_at__gt=now)
                  .exclude(area="").order_by().values_list("area", flat=True).distinct())


def public_advert(reference: str) -> Advert | None:
    """An advert anyone may read: any advert that has been published (live, closed, being
    shortlisted or offered, let or re-advertised), so a bidder can still see what they bid for
    and results can be published. Drafts, approved adverts not yet live and withdrawn adverts
    are not shown."""
    return (Advert.objects.filter(reference=reference)
            .exclude(status__in=PUBLIC_ADVERT_EXCLUDED)
            .select_related("property", "property__landlord", "local_lettings_plan", "cycle")
            .prefetch_related("property__photos").first())


PUBLIC_ADVERT_EXCLUDED = (Advert.Status.DRAFT, Advert.Status.APPROVED, Advert.Status.WITHDRAWN)


def public_advert_by_pk(pk: int) -> Advert | None:
    """The advert with this id if anyone may read it (as ``public_advert``), in one query and
    without its photos: what a bid needs."""
    return Advert.objects.filter(pk=pk).exclude(status__in=PUBLIC_ADVERT_EXCLUDED).first()


# --- Queue position ---------------------------------------------------------------------------

def _priority_rows(advert_ids: Iterable[int]
                   ) -> list[tuple[int, int, list[int], int, str, Any, Any]]:
    # Two indexed reads, the adverts' live bids and then their applications by primary key.
    # Joined in one query, PostgreSQL switches to reading the whole register (100,000 rows)
    # once an advert has a few hundred bids: 10 to 30 ms instead of 2 (docs/performance.md).
    bids = list(Bid.objects.filter(advert_id__in=list(advert_ids),
                                   status__in=Bid.LIVE_STATUSES)
                .order_by().values_list("advert_id", "id", "tiers", "application_id"))
    dates = {pk: (band, effective, registered) for pk, band, effective, registered
             in Application.objects.filter(pk__in={row[3] for row in bids})
             .order_by().values_list("pk", "band", "effective_date", "registration_date")}
    return [(advert_id, bid_id, tiers, app_id, *dates[app_id])
            for advert_id, bid_id, tiers, app_id in bids]


def queue_positions_many(advert_ids: Iterable[int], *,
                         ranks: dict[str, int]) -> dict[int, dict[int, int]]:
    """For each advert, each live bid's position by the shortlist order (§4.7) with today's
    priority data. Two queries whatever the number of adverts; reads only those adverts' bids
    and their applications (both by index), never the whole table."""
    worst = max(ranks.values(), default=0) + 1
    keyed: dict[int, list[tuple[tuple[Any, ...], int]]] = {pk: [] for pk in advert_ids}
    for advert_id, bid_id, tiers, app_id, band, effective, registered in \
            _priority_rows(keyed):
        facts = PriorityFacts(band_rank=ranks.get(band, worst), effective_date=effective,
                              registration_date=registered, application_id=app_id)
        keyed[advert_id].append((sort_key(tiers or [], facts), bid_id))
    return {advert_id: {bid_id: position for position, (_key, bid_id)
                        in enumerate(sorted(rows), start=1)}
            for advert_id, rows in keyed.items()}


def queue_positions(advert_id: int, *, ranks: dict[str, int]) -> dict[int, int]:
    """Each live bid's position on one advert (see ``queue_positions_many``)."""
    return queue_positions_many([advert_id], ranks=ranks)[advert_id]


def bid_position(bid: Bid, *, ranks: dict[str, int] | None = None) -> int | None:
    if bid.status not in Bid.LIVE_STATUSES:
        return None
    ranks = ranks if ranks is not None else band_ranks(scheme_in_force())
    return queue_positions(bid.advert_id, ranks=ranks).get(bid.pk)


# --- Who is next for an offer (§4.7 "snapshot vs live") ------------------------------------------



def offer_order(advert_id: int, *, basis: str,
                ranks: dict[str, int] | None = None) -> list[ShortlistEntry]:
    """The bidders still being considered for an advert, in the order the home is offered:
    by rank at close (``rank_basis = close``, the default) or, when the scheme says
    ``offer`` (Tonbridge & Malling), by each bidder's priority now, with the same key (§4.7)
    and the advert's tiers as worked out at close. Two queries."""
    entries = list(ShortlistEntry.objects.filter(advert_id=advert_id,
                                                 status__in=ShortlistEntry.WORKABLE_STATUSES)
                   .select_related("bid").order_by("rank"))
    if basis != "offer" or len(entries) < 2:
        return entries
    ranks = ranks if ranks is not None else band_ranks(scheme_in_force())
    worst = max(ranks.values(), default=0) + 1
    now = {pk: (band, effective, registered) for pk, band, effective, registered in
           Application.objects.filter(pk__in=[e.bid.application_id for e in entries])
           .order_by().values_list("pk", "band", "effective_date", "registration_date")}

    def key(entry: ShortlistEntry) -> tuple[Any, ...]:
        band, effective, registered = now[entry.bid.application_id]
        tiers = (entry.bid.snapshot or {}).get("tiers") or entry.bid.tiers or []
        return sort_key(tiers, PriorityFacts(band_rank=ranks.get(band, worst),
                                             effective_date=effective,
                                             registration_date=registered,
                                             application_id=entry.bid.application_id))

    return sorted(entries, key=key)


def entries_ahead(entry: ShortlistEntry, *, basis: str) -> list[ShortlistEntry]:
    """The bidders still being considered who come before ``entry`` for this home: they must
    be offered it first, refuse it or be bypassed with a recorded reason (§2: an officer may not
    alter the ranking except by a recorded bypass; A.1)."""
    ahead: list[ShortlistEntry] = []
    for other in offer_order(entry.advert_id, basis=basis):
        if other.pk == entry.pk:
            return ahead
        ahead.append(other)
    return []


@dataclass(frozen=True)
class BidRow:
    bid: Bid
    position: int | None
    bid_count: int
    can_withdraw: bool


def bids_for_application(application: Application, *,
                         now: dt.datetime | None = None) -> list[BidRow]:
    """An applicant's bids, newest first, with live queue positions (a fixed number of
    queries)."""
    now = now or timezone.now()
    bids = list(Bid.objects.filter(application=application)
                .select_related("advert", "advert__property", "advert__property__landlord",
                                "shortlist_entry")
                .order_by("-placed_at"))
    ranks = band_ranks(scheme_in_force(on=timezone.localdate(now)))
    live = {bid.advert_id for bid in bids if bid.status in Bid.LIVE_STATUSES}
    by_advert = queue_positions_many(live, ranks=ranks) if live else {}
    rows = []
    for bid in bids:
        position = count = None
        if bid.status in Bid.LIVE_STATUSES:
            positions = by_advert[bid.advert_id]
            position, count = positions.get(bid.pk), len(positions)
        rows.append(BidRow(bid=bid, position=position, bid_count=count or 0,
                           can_withdraw=(bid.status == Bid.Status.PLACED
                                         and bid.advert.is_open_for_bids(now))))
    return rows


@dataclass(frozen=True)
class BidAllowance:
    limit: int
    scope: str
    used: int

    @property
    def left(self) -> int:
        return max(self.limit - self.used, 0)


def bid_allowance(application: Application, *, cycle_id: int | None = None) -> BidAllowance:
    """The bid limit and how many slots are used (live bids, or this cycle's)."""
    scheme = scheme_in_force()
    counts = bid_counts(application)
    used = counts.by_cycle.get(cycle_id, 0) if scheme.bid_limit_scope == "cycle" else counts.live
    return BidAllowance(limit=scheme.max_live_bids, scope=scheme.bid_limit_scope, used=used)


def bidding_application_for(user: Any) -> Application | None:
    """The applicant's application that can bid (or would, once active): their live one."""
    return (Application.objects.filter(applicant_user=user,
                                       status__in=Application.LIVE_STATUSES)
            .order_by("-created_at").first())


def bidding_preference(application: Application) -> BiddingPreference | None:
    return BiddingPreference.objects.filter(application=application).first()


# === Published lettings results (issue 6, "Lettings feedback"; DOMAIN.md §4.7, §7.2) ===========
# Public reads: anyone may see them. Only ``published`` rows are listed line by line; the
# summaries count every let, so a confidential direct match is counted but never shown.

RESULTS_RECENT_MONTHS = 3
# Bidding cycles that have stopped taking bids (their results can be published).
RESULT_CYCLE_STATUSES = (BiddingCycle.Status.CLOSED, BiddingCycle.Status.SHORTLISTED,
                         BiddingCycle.Status.ARCHIVED)


@dataclass(frozen=True)
class ResultFilters:
    """Which lets: one bidding cycle's, and/or those let between two dates (inclusive)."""

    cycle: int | None = None
    let_from: dt.date | None = None
    let_to: dt.date | None = None


def _results(filters: ResultFilters) -> QuerySet[LettingResult]:
    qs = LettingResult.objects.all()
    if filters.cycle is not None:
        qs = qs.filter(cycle_id=filters.cycle)
    if filters.let_from is not None:
        qs = qs.filter(let_on__gte=filters.let_from)
    if filters.let_to is not None:
        qs = qs.filter(let_on__lte=filters.let_to)
    return qs


def published_results(filters: ResultFilters) -> QuerySet[LettingResult]:
    """The lets listed line by line, newest first: published rows only, with their cycle in
    the same query (nothing else is read per row)."""
    return (_results(filters).filter(published=True).select_related("cycle")
            .order_by("-let_on", "reference", "-pk"))


@dataclass(frozen=True)
class ResultCount:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class ResultsSummary:
    """Every let in the selection, published or not: totals by route and by band, and the
    lets not listed individually (by route)."""

    total: int
    not_listed: int
    by_route: list[ResultCount]
    by_band: list[ResultCount]
    not_listed_by_route: list[ResultCount]


def results_summary(filters: ResultFilters) -> ResultsSummary:
    """Counts by route and band for the selection (two queries)."""
    labels = dict(LettingResult.Route.choices)
    order = {code: index for index, code in enumerate(labels)}
    by_route: dict[str, int] = {}
    hidden: dict[str, int] = {}
    for row in (_results(filters).order_by().values("route", "published")
                .annotate(n=Count("pk"))):
        by_route[row["route"]] = by_route.get(row["route"], 0) + row["n"]
        if not row["published"]:
            hidden[row["route"]] = hidden.get(row["route"], 0) + row["n"]
    bands: dict[str, ResultCount] = {}
    band_rows = (_results(filters).order_by().values("band", "band_name")
                 .annotate(n=Count("pk")))
    for band in sorted(band_rows, key=lambda r: (r["band"] or "~", r["band_name"])):
        code = band["band"] or ""
        before = bands.get(code)
        label = before.label if before else (band["band_name"] or (f"Band {code}" if code
                                                                   else "No band"))
        bands[code] = ResultCount(code, label, band["n"] + (before.count if before else 0))

    def counts(found: dict[str, int]) -> list[ResultCount]:
        return [ResultCount(code, labels.get(code, code), found[code])
                for code in sorted(found, key=lambda c: (order.get(c, len(order)), c))]

    return ResultsSummary(total=sum(by_route.values()), not_listed=sum(hidden.values()),
                          by_route=counts(by_route), by_band=list(bands.values()),
                          not_listed_by_route=counts(hidden))


def result_cycles(*, limit: int = 52) -> list[BiddingCycle]:
    """Bidding cycles that have closed, newest first (the most recent ``limit``): what the
    results page offers to choose from."""
    return list(BiddingCycle.objects.filter(status__in=RESULT_CYCLE_STATUSES)
                .order_by("-opens_at")[:limit])


def latest_cycle_with_results() -> BiddingCycle | None:
    """The most recent closed cycle with at least one let recorded (the results page's
    default)."""
    return (BiddingCycle.objects.filter(status__in=RESULT_CYCLE_STATUSES)
            .filter(Exists(LettingResult.objects.filter(cycle=OuterRef("pk"))))
            .order_by("-opens_at").first())


# --- Direct matches (§4.11, §5.5) ---------------------------------------------------------------

def home_facts(prop: Property, *, advert: Advert | None = None) -> AdvertFacts:
    """The criteria a direct match is checked against: the advert's, when a home that was
    advertised is converted (``advert`` with ``property`` and ``local_lettings_plan`` loaded);
    otherwise what an advert for this home says by default (``default_criteria``: its own size
    and occupancy, the age limit of older persons' housing, the access needs it meets)."""
    if advert is not None:
        return advert_facts(advert)
    criteria = default_criteria(prop)
    return AdvertFacts(
        reference=prop.reference, status="", opens_at=None, closes_at=None,
        bedrooms=prop.bedrooms, sizes=(prop.bedrooms,),
        min_occupancy=criteria["min_occupancy"], max_occupancy=criteria["max_occupancy"],
        designation=prop.designation, min_age=criteria["min_age"], floor_level=prop.floor_level,
        access_needs_met=tuple(criteria["mobility_accepted"]),
        mobility_required=criteria["mobility_required"])


def higher_priority_fitting(application: Application, *, sizes: Sequence[int],
                            ranks: dict[str, int]) -> int:
    """How many active applicants in a higher band than ``application`` have a bedroom need
    this home meets (§4.11: normally the highest-priority applicant with the relevant need is
    chosen; record why if not). One query; ``ranks`` from ``band_ranks``."""
    mine = ranks.get(application.band)
    higher = [code for code, rank in ranks.items() if mine is None or rank < mine]
    if not higher or not sizes:
        return 0
    return (Application.objects.filter(status=Application.Status.ACTIVE, band__in=higher,
                                       bedroom_need__in=list(sizes))
            .exclude(pk=application.pk).count())


def direct_match_checks_for(*, prop: Property, application: Application, category: Category,
                            priority_reason: str = "", advert: Advert | None = None,
                            now: dt.datetime | None = None,
                            at_offer: bool = False) -> MatchChecks:
    """The checks on matching ``application`` with ``prop`` under ``category`` (the rules in
    ``lettings.rules.direct_match``), read now. Used when proposing, on the proposal page
    before anything is saved, and again before the offer. A fixed number of queries."""
    now = now or timezone.now()
    scheme = scheme_in_force(on=timezone.localdate(now))
    app = bidder_applications([application.pk]).get()
    bidder = bidder_facts(app, on=timezone.localdate(now))
    home = home_facts(prop, advert=advert)
    ranks = band_ranks(scheme)
    higher = higher_priority_fitting(app, sizes=home.sizes, ranks=ranks)
    return direct_match_checks(bidder, home, bid_policy(scheme), category=category, now=now,
                               higher_priority=higher, priority_reason=priority_reason,
                               at_offer=at_offer)


def direct_match_categories(scheme: SchemeVersion | None = None) -> list[Category]:
    """The categories of direct match the scheme in force allows (§4.11)."""
    scheme = scheme or scheme_in_force()
    return [Category.from_scheme(item) for item in scheme.direct_match_categories
            if isinstance(item, dict) and item.get("code")]


def advert_has_no_acceptable_bidder(advert: Advert) -> bool:
    """Whether a home's advert ended with no acceptable bidder, so the home may be converted to
    a direct match (§4.11): bidding has closed, nobody on its shortlist can still be offered
    the home (every bidder was bypassed, refused, did not answer, or there were none) and the
    home is not under offer. One query."""
    if advert.status not in (Advert.Status.CLOSED, Advert.Status.SHORTLISTED):
        return False
    busy = (Advert.objects.filter(pk=advert.pk)
            .filter(Exists(ShortlistEntry.objects.filter(advert=OuterRef("pk"),
                                                         status__in=ShortlistEntry.WORKABLE_STATUSES))
                    | Exists(Offer.objects.filter(property=OuterRef("property"),
                                                  status__in=LIVE_OFFER_STATUSES))))
    return not busy.exists()


def direct_match_homes(*, user: Any, limit: int = 100) -> list[Property]:
    """Homes a direct match can be proposed for without an advert: their void is ready to let,
    no advert is in progress for them and no direct match is open on them; the longest-ready
    first."""
    ready = Void.objects.filter(property=OuterRef("pk"), status=Void.Status.READY_TO_LET)
    return list(policies.properties_visible_to(user)
                .filter(Exists(ready))
                .exclude(Exists(Advert.objects.filter(property=OuterRef("pk"),
                                                      status__in=Advert.ACTIVE_STATUSES)))
                .exclude(Exists(DirectMatch.objects.filter(
                    property=OuterRef("pk"), status__in=DirectMatch.OPEN_STATUSES)))
                .select_related("landlord").order_by("postcode", "address_line_1", "pk")[:limit])


def direct_matches_list(*, user: Any, status: str = "", category: str = ""
                        ) -> QuerySet[DirectMatch]:
    """Direct matches the user may see (restricted cases only in the restricted group),
    newest first, optionally of one status or category."""
    qs = (policies.direct_matches_visible_to(user)
          .select_related("property", "application", "proposed_by", "from_advert")
          .order_by("-proposed_at", "-pk"))
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    return qs


@dataclass(frozen=True)
class DirectMatchCount:
    code: str
    label: str
    total: int
    open: int = 0
    let: int = 0


def direct_match_counts(*, user: Any) -> tuple[list[DirectMatchCount], list[DirectMatchCount]]:
    """Direct matches counted by status and by category (§4.11: direct lets are counted and
    reported separately from lets through bidding, even where not published one by one). Only
    the matches the user may see. Two queries (the matches, and the scheme for the labels)."""
    rows = list(policies.direct_matches_visible_to(user).order_by()
                .values("status", "category").annotate(n=Count("pk")))
    statuses = dict(DirectMatch.Status.choices)
    by_status = [DirectMatchCount(code, label, sum(r["n"] for r in rows if r["status"] == code))
                 for code, label in statuses.items()]
    labels = {c.code: c.label for c in direct_match_categories()}
    codes = list(labels) + sorted({r["category"] for r in rows} - set(labels))
    by_category = []
    for code in codes:
        mine = [r for r in rows if r["category"] == code]
        by_category.append(DirectMatchCount(
            code, labels.get(code, code), sum(r["n"] for r in mine),
            open=sum(r["n"] for r in mine if r["status"] in DirectMatch.OPEN_STATUSES),
            let=sum(r["n"] for r in mine if r["status"] == DirectMatch.Status.LET)))
    return by_status, by_category

