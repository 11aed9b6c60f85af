"""Reads for lettings, always scoped to the person asking (policies.py says who sees what).

The bid-validity rules are pure; the functions here turn an application and an advert into the
plain facts they need (``bidder_facts``, ``advert_facts``) with a fixed number of queries, so
the portal can say for every advert on a page whether the applicant may bid and why not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from applications.models import Application, BandAward, Circumstances
from housing.scheme.models import BandDefinition, SchemeVersion
from housing.scheme.selectors import scheme_in_force
from lettings import policies
from lettings.models import Advert, Bid, BiddingPreference, Property
from lettings.rules.bid_validity import (
    AdvertFacts,
    BidderFacts,
    BidPolicy,
    BidValidity,
    Stage,
    check_bid,
)
from lettings.rules.shortlist_order import PriorityFacts, sort_key

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
    on = on or timezone.localdate()
    members = [m for m in application.members.all() if m.to_be_rehoused and m.main_home]
    lead = next((m for m in members if m.role == "lead"), None)
    partner = next((m for m in members if m.role in ("partner", "joint")), None)
    ages = [(_age(m.date_of_birth, on), m) for m in members]
    # An expected baby counts as a child (age 0) for the rules about children.
    children = tuple(0 if age is None else age for age, m in ages
                     if (age is not None and age < 18) or (m.date_of_birth is None and m.due_date))
    awards = getattr(application, "current_awards", None)
    if awards is None:
        awards = list(application.awards.filter(status=BandAward.Status.CURRENT))
    award = awards[0] if awards else None
    flags = award.property_flags if award else {}
    mobility = flags.get("mobility_category") or ("ground_or_lift"
                                                  if flags.get("ground_floor_only") else "")
    try:
        circumstances = application.circumstances
    except Circumstances.DoesNotExist:
        circumstances = None
    social = (application.application_type in TRANSFER_TYPES
              or (circumstances is not None
                  and (circumstances.tenure in SOCIAL_TENURES
                       or circumstances.is_social_tenant_in_england))
              or any(m.is_existing_social_tenant for m in members))
    postcodes = [application.postcode] if application.postcode else []
    postcodes += [a.postcode for m in members if m.role in ("lead", "joint", "partner")
                  for a in m.addresses.all() if a.postcode]
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
                .select_related("advert", "advert__property", "advert__property__landlord")
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
