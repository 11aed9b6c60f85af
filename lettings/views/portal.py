"""The public homes pages and the applicant's bids (DOMAIN.md §3.10, §3.11, §4.6, §4.8, §5.2
steps 3–4).

Anyone may browse the homes taking bids, read an advert (with every rule about who may bid, in
plain English) and see its photos. A signed-in applicant also sees, on every advert, whether they
may bid and, if not, every reason; they place and withdraw bids, see their place in the queue and
choose property alerts and automatic bidding.

Reads go through ``lettings.selectors`` (scoped: public adverts, the applicant's own bids through
``policies.bids_visible_to``); writes through one service per POST. A refused POST shows the page
again with a GOV.UK error summary (400, or 409 when the state of things is in the way) and
changes nothing; success redirects with a message (post/redirect/get).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from applications.models import Application
from housing.accounts.mixins import ApplicantRequiredMixin
from housing.accounts.models import Organisation
from housing.accounts.policies import can_use_applicant_account
from housing.core.exceptions import ApplicationError
from housing.core.views_helpers import add_form_errors
from housing.scheme.models import SchemeVersion
from housing.scheme.selectors import scheme_in_force
from lettings import policies, selectors
from lettings.forms_portal import BiddingPreferenceForm, HomesFilterForm
from lettings.models import (
    Advert,
    Bid,
    BiddingCycle,
    BiddingPreference,
    Property,
    PropertyPhoto,
)
from lettings.rules.bid_validity import (
    NEED_TEXT,
    QUOTA_TEXT,
    AdvertFacts,
    BidderFacts,
    BidPolicy,
    BidValidity,
    application_can_bid,
)
from lettings.rules.bypass import BYPASS_BY_CODE
from lettings.services import bidding
from lettings.services.preferences import bidding_preference_set
from lettings.views.photos import photo_response

HOMES_PER_PAGE = 20
DETAIL_TEMPLATE = "lettings/portal/home_detail.html"
WITHDRAW_TEMPLATE = "lettings/portal/bid_withdraw.html"
PREFERENCES_TEMPLATE = "lettings/portal/preferences.html"


# --- What the pages say about a home ------------------------------------------------------------

def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def home_title(prop: Property) -> str:
    """"2 bedroom flat", "Studio"."""
    if prop.property_type == Property.Type.STUDIO or prop.bedrooms == 0:
        return "Studio"
    return f"{prop.bedrooms} bedroom {prop.get_property_type_display().lower()}"


def home_heading(prop: Property) -> str:
    """"2 bedroom flat in Northfield"."""
    return f"{home_title(prop)} in {prop.area or prop.town}"


def floor_text(prop: Property) -> str:
    """"Ground floor", "3rd floor, with a lift", "2nd floor, no lift"."""
    if prop.floor_level == 0:
        return "Ground floor"
    floor = "Basement" if prop.floor_level < 0 else f"{_ordinal(prop.floor_level)} floor"
    return f"{floor}, {'with a lift' if prop.has_lift else 'no lift'}"


def minimum_age(advert: Advert) -> int | None:
    return advert.min_age or advert.property.min_age


def designation_text(advert: Advert) -> str:
    """"General needs", "Sheltered, 60 and over"."""
    text = advert.property.get_designation_display()
    age = minimum_age(advert)
    return f"{text}, {age} and over" if age else text


@dataclass(frozen=True)
class HomeSummary:
    """One advert as the homes list and the advert page show it."""

    advert: Advert
    title: str
    area: str
    landlord: str
    rent: Decimal
    service_charge: Decimal
    total: Decimal
    floor: str
    access: str
    designation: str
    photo: PropertyPhoto | None
    validity: BidValidity | None = None

    @property
    def heading(self) -> str:
        return f"{self.title} in {self.area}"

    @property
    def already_bid(self) -> bool:
        return self.validity is not None and "duplicate" in self.validity.codes

    @property
    def first_reason(self) -> str:
        return self.validity.messages[0] if self.validity and self.validity.reasons else ""


def summarise(advert: Advert, validity: BidValidity | None = None) -> HomeSummary:
    prop = advert.property
    photos = list(prop.photos.all())  # prefetched by the selectors
    return HomeSummary(
        advert=advert, title=home_title(prop), area=prop.area or prop.town,
        landlord=prop.landlord.name, rent=prop.weekly_rent, service_charge=prop.service_charge,
        total=prop.weekly_total, floor=floor_text(prop),
        access=prop.get_mobility_category_display(), designation=designation_text(advert),
        photo=photos[0] if photos else None, validity=validity)


def _or_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def _sizes(sizes: list[int]) -> str:
    return _or_list(["studio" if n == 0 else f"{n}-bedroom" for n in sorted(set(sizes))])


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


@dataclass(frozen=True)
class WhoCanBid:
    conditions: list[str]  # every one must be met to bid
    first: list[str]  # who is considered first among the bidders


def who_can_bid(advert: Advert, scheme: SchemeVersion | None) -> WhoCanBid:
    """The advert's criteria (DOMAIN.md §4.6, §4.7) as sentences an applicant can check
    themselves against. The same criteria drive ``rules.bid_validity``, which says which ones
    they miss."""
    prop = advert.property
    first: list[str] = []
    lines = [f"Households who can bid for {_sizes(advert.sizes)} homes."]
    if advert.min_occupancy == advert.max_occupancy:
        lines.append(f"Households of {_people(advert.max_occupancy)}.")
    elif advert.min_occupancy <= 1:
        lines.append(f"Households of up to {_people(advert.max_occupancy)}.")
    else:
        lines.append(f"Households of {advert.min_occupancy} to {_people(advert.max_occupancy)}.")
    age = advert.min_age
    if age:
        partner = " So must a partner who will live here." if advert.partner_min_age else ""
        lines.append(f"The main applicant must be aged {age} or over.{partner}")
    if (prop.designation in Property.AGE_DESIGNATIONS
            and (scheme is None or scheme.sheltered_bars_children)):
        lines.append("Children cannot live here, because it is housing for older people.")
    needs = [NEED_TEXT[n] for n in (advert.mobility_accepted or prop.access_needs_met)
             if n in NEED_TEXT]
    if advert.mobility_required:
        lines.append("Only people whose medical assessment says they need "
                     f"{_or_list(needs) if needs else 'an accessible home'}.")
    elif advert.accessible_need_priority:
        first.append("People whose assessed mobility need this home meets.")
    if advert.label == Advert.Label.TRANSFER:
        lines.append("Only existing council or housing association tenants who want to move.")
    elif advert.label == Advert.Label.HOMESEEKER:
        lines.append("Only people who are not already council or housing association tenants.")
    if advert.band_restriction:
        names = selectors.bid_policy(scheme).band_names if scheme else {}
        bands = [names.get(code, f"Band {code}") for code in advert.band_restriction]
        lines.append(f"Only applicants in {_or_list(bands)}.")
    if advert.quota_group:
        group = QUOTA_TEXT.get(advert.quota_group, advert.get_quota_group_display())
        if advert.quota_mode == Advert.QuotaMode.RESTRICT:
            lines.append(f"Kept for {group}.")
        else:
            first.append(f"{group[0].upper()}{group[1:]}.")
    plan = advert.local_lettings_plan
    if plan is not None:
        where = f" ({', '.join(plan.postcode_areas)})" if plan.postcode_areas else ""
        if plan.mode == plan.Mode.CONDITION:
            lines.append(f"Only people who meet the local lettings plan, {plan.name}: "
                         f"{plan.description}{where}")
        else:
            first.append(f"People who meet the local lettings plan, {plan.name}: "
                         f"{plan.description}{where}")
    if advert.local_connection_areas:
        lines.append("Only people who live in, or have lived in, "
                     f"{_or_list(list(advert.local_connection_areas))}.")
    rule_text = dict(Advert.LandlordRule.choices)
    for rule in advert.landlord_rules:
        lines.append(f"The landlord's rule: {rule_text.get(rule, rule)}.")
    return WhoCanBid(conditions=lines, first=first)


def features(advert: Advert) -> list[tuple[str, str]]:
    """The home's features for the summary list (rows with nothing to say are left out)."""
    prop = advert.property
    rows = [("Type", home_title(prop)), ("Bedrooms", str(prop.bedrooms) if prop.bedrooms
                                           else "Studio"),
            ("Most people who can live here", _people(prop.bedspaces)),
            ("Floor", floor_text(prop))]
    rows.append(("Steps to the entrance", "None (level access)" if not prop.steps_to_entrance
                 else str(prop.steps_to_entrance)))
    rows.append(("Accessibility", prop.get_mobility_category_display()))
    if prop.adaptations:
        rows.append(("Adaptations", ", ".join(str(a) for a in prop.adaptations)))
    rows.append(("Who the home is for", designation_text(advert)))
    rows.append(("Garden", "Yes" if prop.has_garden else "No"))
    if prop.parking:
        rows.append(("Parking", prop.parking))
    if prop.pet_policy:
        rows.append(("Pets", prop.get_pet_policy_display()))
    if prop.epc_rating:
        rows.append(("Energy rating (EPC)", prop.epc_rating))
    if prop.council_tax_band:
        rows.append(("Council Tax band", prop.council_tax_band))
    if prop.is_first_let:
        rows.append(("New home", "Yes, never lived in before"))
    return rows


# --- Helpers ----------------------------------------------------------------------------------

def _scheme() -> SchemeVersion | None:
    try:
        return scheme_in_force()
    except ApplicationError:
        return None


def _public_advert(reference: str) -> Advert:
    advert = selectors.public_advert(reference)
    if advert is None:
        raise Http404("No such home")
    return advert


def _applicant_application(request: HttpRequest) -> Application | None:
    """The signed-in applicant's application that can bid (None for anyone else)."""
    if not can_use_applicant_account(request.user):
        return None
    return selectors.bidding_application_for(request.user)


def _live_landlords(now: dt.datetime) -> list[tuple[str, str]]:
    """The council and providers with homes taking bids now, for the landlord filter."""
    return list(Organisation.objects
                .filter(kind__in=[Organisation.Kind.COUNCIL,
                                  Organisation.Kind.REGISTERED_PROVIDER],
                        properties__adverts__status=Advert.Status.LIVE,
                        properties__adverts__opens_at__lte=now,
                        properties__adverts__closes_at__gt=now)
                .order_by("name").values_list("code", "name").distinct())


def _queue(bid: Bid, scheme: SchemeVersion | None) -> tuple[int | None, int]:
    """The bid's place in the queue and the number of bidders, by today's priority."""
    if scheme is None or not scheme.show_queue_position or not bid.is_live:
        return None, 0
    positions = selectors.queue_positions(bid.advert_id, ranks=selectors.band_ranks(scheme))
    return positions.get(bid.pk), len(positions)


def _bidding_blocker(application: Application | None,
                     scheme: SchemeVersion | None) -> str:
    """Why this application cannot bid at all (not about any one home), in the rules' own
    words, or "" when it can."""
    if application is None:
        return ""
    facts = BidderFacts(application_id=application.pk, status=application.status,
                        suspension_reason=application.suspension_reason)
    anywhere = AdvertFacts(reference="", status="", opens_at=None, closes_at=None, bedrooms=0,
                           sizes=(), min_occupancy=0, max_occupancy=0)
    policy = selectors.bid_policy(scheme) if scheme else BidPolicy()
    reasons = application_can_bid(facts, anywhere, policy, timezone.now())
    return reasons[0].message if reasons else ""


def _current_cycle_id() -> int | None:
    cycle = (BiddingCycle.objects.filter(status=BiddingCycle.Status.OPEN)
             .order_by("-opens_at").only("pk").first())
    return cycle.pk if cycle else None


def _allowance(application: Application, scheme: SchemeVersion | None,
               cycle_id: int | None = None) -> selectors.BidAllowance | None:
    if scheme is None:
        return None
    if scheme.bid_limit_scope == "cycle" and cycle_id is None:
        cycle_id = _current_cycle_id()
    return selectors.bid_allowance(application, cycle_id=cycle_id)


def _bid_name(advert: Advert) -> str:
    return f"{home_title(advert.property).lower()} at {advert.property}"


# --- The homes list -----------------------------------------------------------------------------

class HomesView(View):
    """Anyone, signed in or not: the homes taking bids now, as cards, with filters sent by GET.
    A signed-in applicant also sees on each card whether they may bid (one
    ``bid_validity_many`` for the page, so the page costs the same queries for 1 or 20
    homes)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        now = timezone.now()
        form = HomesFilterForm(request.GET, areas=selectors.live_advert_areas(),
                               landlords=_live_landlords(now))
        valid = form.is_valid()  # invalid filters are reported and left out, never a 500
        adverts = selectors.live_adverts(filters=form.filters(), now=now)
        page = Paginator(adverts, HOMES_PER_PAGE).get_page(request.GET.get("page"))
        page_adverts = list(page.object_list)
        application = _applicant_application(request)
        validity: dict[int, BidValidity] = {}
        if application is not None and page_adverts:
            try:
                validity = selectors.bid_validity_many(application, page_adverts, now=now)
            except ApplicationError:  # no scheme in force: the page still lists the homes
                validity = {}
        filtered = form.filters() != selectors.AdvertFilters()
        return render(request, "lettings/portal/homes.html", {
            "form": form, "page_obj": page, "is_paginated": page.has_other_pages(),
            "homes": [summarise(advert, validity.get(advert.pk)) for advert in page_adverts],
            "count": page.paginator.count, "filtered": filtered,
            "application": application,
            "is_applicant": can_use_applicant_account(request.user),
        }, status=200 if valid else 400)


# --- One home -----------------------------------------------------------------------------------

def detail_context(request: HttpRequest, advert: Advert, *,
                   problems: list[str] | None = None) -> dict[str, Any]:
    """Everything the advert page shows, including the signed-in applicant's bidding panel.
    ``problems`` are the reasons a bid was just refused (for the error summary)."""
    scheme = _scheme()
    is_applicant = can_use_applicant_account(request.user)
    application = _applicant_application(request)
    bid = position = validity = allowance = None
    bid_count = 0
    can_withdraw = False
    if application is not None:
        bid = (Bid.objects.filter(application=application, advert=advert,
                                  status__in=Bid.LIVE_STATUSES).first())
        if bid is not None:
            position, bid_count = _queue(bid, scheme)
            can_withdraw = (bid.status == Bid.Status.PLACED
                            and advert.is_open_for_bids(timezone.now()))
        elif scheme is not None:
            validity = selectors.bid_validity(application, advert, scheme=scheme)
        allowance = _allowance(application, scheme, advert.cycle_id)
    sign_in = reverse("accounts:sign-in") + "?" + urlencode({"next": request.get_full_path()})
    return {
        "advert": advert, "home": summarise(advert), "prop": advert.property,
        "photos": list(advert.property.photos.all()), "features": features(advert),
        "who_can_bid": who_can_bid(advert, scheme),
        "is_open": advert.is_open_for_bids(timezone.now()),
        "is_applicant": is_applicant, "application": application, "bid": bid,
        "position": position, "bid_count": bid_count, "can_withdraw": can_withdraw,
        "validity": validity, "allowance": allowance, "sign_in_url": sign_in,
        "problems": problems or [],
    }


class HomeDetailView(View):
    """Anyone: one advert that is taking bids (or has closed and is not yet let): photos, rent,
    features and who may bid. A signed-in applicant also sees whether they may bid and every
    reason if not, their place in the queue if they have bid, and their bid allowance."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, reference: str) -> HttpResponse:
        advert = _public_advert(reference)
        return render(request, DETAIL_TEMPLATE, detail_context(request, advert))


class HomePhotoView(View):
    """Anyone: a photo of a home whose advert the public may read (404 for any other)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, reference: str, token: str) -> HttpResponseBase:
        advert = _public_advert(reference)
        photo = PropertyPhoto.objects.filter(property_id=advert.property_id, token=token).first()
        if photo is None:
            raise Http404("No such photo")
        return photo_response(photo, public=True)


class HomeBidView(ApplicantRequiredMixin, View):
    """Applicants only (policy: ``can_use_applicant_account``; the service checks
    ``can_bid_for``): place a bid on this home for their own application (``bid_place``). A
    refusal shows the advert again with every reason."""

    http_method_names = ["get", "head", "post"]

    def get(self, request: HttpRequest, reference: str) -> HttpResponse:
        return redirect("lettings:home-detail", reference=reference)

    def post(self, request: HttpRequest, reference: str) -> HttpResponse:
        advert = _public_advert(reference)
        application = selectors.bidding_application_for(request.user)
        if application is None:
            problems = ["You need a housing application before you can bid. Apply to join the "
                        "housing register first."]
            status = 400
        else:
            try:
                bid = bidding.bid_place(application=application, advert=advert,
                                        actor=request.user, channel=Bid.Channel.WEB)
            except bidding.BidRefused as exc:
                problems, status = list(exc.reasons), exc.status_code
            except ApplicationError as exc:
                problems = [m for ms in exc.errors.values() for m in ms] or [exc.message]
                status = exc.status_code
            else:
                position, count = _queue(bid, _scheme())
                where = (f" You are number {position} of {count} "
                         f"{'bidder' if count == 1 else 'bidders'}." if position else "")
                messages.success(request, f"Bid placed for the {_bid_name(advert)}.{where}")
                return redirect("lettings:portal-bids")
        return render(request, DETAIL_TEMPLATE,
                      detail_context(request, advert, problems=problems), status=status)


# --- The applicant's bids -----------------------------------------------------------------------

_BID_TAGS: dict[str, str] = {
    Bid.Status.PLACED: "govuk-tag--blue", Bid.Status.SHORTLISTED: "govuk-tag--green",
    Bid.Status.WITHDRAWN: "govuk-tag--grey", Bid.Status.INVALIDATED: "govuk-tag--red"}


@dataclass(frozen=True)
class BidCard:
    row: selectors.BidRow
    title: str
    tag: str
    public: bool
    is_open: bool

    @property
    def bid(self) -> Bid:
        return self.row.bid

    @property
    def bypass_reason(self) -> str:
        """Why the applicant was passed over on the shortlist, in the notice's words (§4.7:
        bidders ranked above the successful one can see they were bypassed and why)."""
        entry = getattr(self.bid, "shortlist_entry", None)
        if entry is None or not entry.bypass_reason_code:
            return ""
        reason = BYPASS_BY_CODE.get(entry.bypass_reason_code)
        return reason.label if reason else "Another reason"


class BidsView(ApplicantRequiredMixin, View):
    """Applicants only: their own bids (``bids_for_application``) with their place in each
    queue, what they can still withdraw, why any bid stopped counting, and their allowance."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        scheme = _scheme()
        now = timezone.now()
        user: Any = request.user  # an applicant: ApplicantRequiredMixin ran first
        application = selectors.bidding_application_for(user)
        latest = application or (Application.objects.filter(applicant_user=user)
                                 .order_by("-created_at").first())
        cards: list[BidCard] = []
        allowance = None
        if application is not None:
            hidden = {Advert.Status.DRAFT, Advert.Status.APPROVED, Advert.Status.WITHDRAWN}
            cards = [BidCard(row=row, title=home_heading(row.bid.advert.property),
                             tag=_BID_TAGS.get(row.bid.status, "govuk-tag--grey"),
                             public=row.bid.advert.status not in hidden,
                             is_open=row.bid.advert.is_open_for_bids(now))
                     for row in selectors.bids_for_application(application, now=now)]
            allowance = _allowance(application, scheme)
        blocker = _bidding_blocker(application, scheme)
        if application is None and latest is not None:
            blocker = _bidding_blocker(latest, scheme)
        return render(request, "lettings/portal/bids.html", {
            "application": application, "latest": latest, "cards": cards,
            "allowance": allowance, "blocker": blocker,
            "show_position": bool(scheme and scheme.show_queue_position),
        })


class BidWithdrawView(ApplicantRequiredMixin, View):
    """Applicants only, their own bids only (``policies.bids_visible_to``; anyone else's is a
    404): confirm, then withdraw (``bid_withdraw``) while bidding is open."""

    http_method_names = ["get", "head", "post"]

    def _bid(self, request: HttpRequest, pk: int) -> Bid:
        bid = (policies.bids_visible_to(request.user)
               .select_related("advert", "advert__property", "application")
               .filter(pk=pk).first())
        if bid is None:
            raise Http404("No such bid")
        return bid

    def _context(self, bid: Bid, problems: list[str] | None = None) -> dict[str, Any]:
        return {"bid": bid, "title": home_title(bid.advert.property),
                "can_withdraw": (bid.status == Bid.Status.PLACED
                                 and bid.advert.is_open_for_bids(timezone.now())),
                "problems": problems or []}

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        bid = self._bid(request, pk)
        return render(request, WITHDRAW_TEMPLATE, self._context(bid))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        bid = self._bid(request, pk)
        try:
            bidding.bid_withdraw(bid=bid, actor=request.user)
        except ApplicationError as exc:
            return render(request, WITHDRAW_TEMPLATE, self._context(bid, [exc.message]),
                          status=exc.status_code)
        messages.success(request, f"You withdrew your bid for the {_bid_name(bid.advert)}. "
                                  "You can use that bid on another home.")
        return redirect("lettings:portal-bids")


# --- Alerts and automatic bidding ---------------------------------------------------------------

def _preference_areas(saved: list[str]) -> list[str]:
    """Every area the council's homes are in, and any the applicant chose before."""
    areas = set(Property.objects.exclude(area="").values_list("area", flat=True).distinct())
    return sorted(areas | {str(a) for a in saved})


def _set_by_officer(preference: BiddingPreference | None) -> bool:
    """Automatic bidding an officer set up, which only an officer may change."""
    return bool(preference and preference.auto_bid
                and preference.auto_bid_set_by == BiddingPreference.AutoBidSetBy.OFFICER)


class BidPreferencesView(ApplicantRequiredMixin, View):
    """Applicants only, for their own application: property alerts by email and automatic
    bidding with preferred areas (``bidding_preference_set``)."""

    http_method_names = ["get", "head", "post"]

    def _context(self, application: Application | None, form: BiddingPreferenceForm | None,
                 preference: Any) -> dict[str, Any]:
        return {"application": application, "form": form, "preference": preference,
                "set_by_officer": _set_by_officer(preference)}

    def get(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        application = selectors.bidding_application_for(user)
        if application is None:
            return render(request, PREFERENCES_TEMPLATE, self._context(None, None, None))
        preference = selectors.bidding_preference(application)
        saved_areas = [str(a) for a in preference.areas] if preference else []
        initial = {"alerts_enabled": "True" if preference and preference.alerts_enabled
                   else "False",
                   "alerts_email": (preference.alerts_email if preference else "") or user.email,
                   "auto_bid": bool(preference and preference.auto_bid),
                   "areas": saved_areas}
        form = BiddingPreferenceForm(initial=initial, areas=_preference_areas(saved_areas),
                                     allow_auto_bid=not _set_by_officer(preference))
        return render(request, PREFERENCES_TEMPLATE,
                      self._context(application, form, preference))

    def post(self, request: HttpRequest) -> HttpResponse:
        application = selectors.bidding_application_for(request.user)
        if application is None:
            raise Http404("No application")
        preference = selectors.bidding_preference(application)
        form = BiddingPreferenceForm(request.POST, areas=_preference_areas(
            list(preference.areas) if preference else []),
            allow_auto_bid=not _set_by_officer(preference))
        if form.is_valid():
            try:
                bidding_preference_set(application=application, actor=request.user,
                                       data=form.cleaned_data)
            except ApplicationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, "Your choices about alerts and automatic bidding "
                                          "are saved.")
                return redirect("lettings:portal-bids")
        return render(request, PREFERENCES_TEMPLATE,
                      self._context(application, form, preference), status=400)
