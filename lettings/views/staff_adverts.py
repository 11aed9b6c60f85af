"""Officer pages for adverts and bidding cycles (DOMAIN.md §3.10, §5.2 steps 2–5): turn a
ready void into an advert, have it approved (a manager or senior officer), publish it into a
cycle or its own window, withdraw or re-advertise it; see its bids in queue order; and, for
managers, open or close bidding by hand.

Lettings staff only (``LettingsStaffRequiredMixin``); adverts are found through
``policies.adverts_visible_to`` and bids through ``bids_visible_to`` (restricted cases stay
hidden). Each POST calls one service; a refusal shows the page again with a GOV.UK error
summary and status 400, and nothing has changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from housing.core.exceptions import ApplicationError, ConflictError
from housing.scheme.models import SchemeVersion
from housing.scheme.selectors import scheme_in_force
from lettings import policies, selectors
from lettings.forms import (
    ACCESS_NEED_CHOICES,
    ActionForm,
    AdvertCriteriaForm,
    AdvertFilterForm,
    PublishForm,
    ReasonForm,
    criteria_initial,
)
from lettings.models import Advert, Bid, BiddingCycle, LocalLettingsPlan, Property, Void
from lettings.services import cycles as cycle_services
from lettings.services.adverts import (
    CRITERIA_FIELDS,
    advert_approve,
    advert_create,
    advert_publish,
    advert_readvertise,
    advert_update,
    advert_withdraw,
    default_criteria,
)
from lettings.views.staff_base import (
    LettingsStaffRequiredMixin,
    failed,
    history_rows,
    refused,
)

NEED_TEXT = dict(ACCESS_NEED_CHOICES)
EDITABLE = frozenset({Advert.Status.DRAFT, Advert.Status.APPROVED})
RECENT_CYCLES = dt.timedelta(weeks=8)


def _scheme() -> SchemeVersion | None:
    try:
        return scheme_in_force()
    except ApplicationError:
        return None


def _band_choices(scheme: SchemeVersion | None) -> list[tuple[str, str]]:
    if scheme is None:
        return []
    return [(band.code, band.name) for band in scheme.bands.all()]


def _plans(current: int | None = None) -> QuerySet[LocalLettingsPlan]:
    condition = Q(is_active=True)
    if current:
        condition |= Q(pk=current)
    return LocalLettingsPlan.objects.filter(condition).order_by("name")


def _advert(request: HttpRequest, pk: int) -> Advert:
    advert = (policies.adverts_visible_to(request.user)
              .select_related("property", "property__landlord", "void", "cycle",
                              "local_lettings_plan", "created_by", "approved_by",
                              "readvertised_from")
              .filter(pk=pk).first())
    if advert is None:
        raise Http404("No such advert")
    return advert


def suggested_title(prop: Property) -> str:
    kind = prop.get_property_type_display().lower()
    where = prop.area or prop.town
    if prop.bedrooms == 0:
        return f"Studio in {where}"
    return f"{prop.bedrooms} bedroom {kind} in {where}"


# --- Criteria in plain English -------------------------------------------------------------------

def _sizes_text(sizes: list[int]) -> str:
    words = ["studio" if n == 0 else f"{n}-bedroom" for n in sorted(set(sizes))]
    if len(words) == 1:
        return f"a {words[0]} home"
    return f"a {', '.join(words[:-1])} or {words[-1]} home"


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def criteria_lines(advert: Advert, band_names: dict[str, str]) -> list[tuple[str, str]]:
    """The advert's rules as the officer reads them ("Households who need a 2-bedroom home")."""
    lines = [("Bedroom need", f"Households who need {_sizes_text(advert.sizes)}")]
    if advert.min_occupancy == advert.max_occupancy:
        people = f"Exactly {advert.max_occupancy} " \
                 f"{'person' if advert.max_occupancy == 1 else 'people'}"
    else:
        people = f"{advert.min_occupancy} to {advert.max_occupancy} people"
    lines.append(("Household size", people))
    if advert.min_age:
        age = f"The lead applicant must be {advert.min_age} or over"
        if advert.partner_min_age:
            age += ", and so must a partner who will live here"
        lines.append(("Age", age))
    else:
        lines.append(("Age", "No minimum age"))
    needs = [NEED_TEXT.get(n, n) for n in advert.mobility_accepted]
    if advert.mobility_required:
        access = f"Only people with an assessed need for: {_and(needs)}"
    elif needs:
        access = f"Anyone may bid. The home meets these needs: {_and(needs)}"
    else:
        access = "Anyone may bid"
    if advert.accessible_need_priority:
        access += ". People whose assessed need matches are ranked first"
    lines.append(("Accessibility", access))
    lines.append(("Who may bid", advert.get_label_display()))
    if advert.band_restriction:
        lines.append(("Bands", "Only " + _and([band_names.get(code, f"Band {code}")
                                               for code in advert.band_restriction])))
    else:
        lines.append(("Bands", "Any band"))
    if advert.quota_group:
        lines.append(("Quota", f"{advert.get_quota_group_display()}: "
                               f"{advert.get_quota_mode_display().lower()}"))
    plan = advert.local_lettings_plan
    if plan is not None:
        lines.append(("Local lettings plan", f"{plan.name}: {plan.get_mode_display().lower()}"))
    if advert.local_connection_areas:
        lines.append(("Local connection", "Only people who live in, or have lived in, "
                                          + _and(list(advert.local_connection_areas))))
    rules = dict(Advert.LandlordRule.choices)
    lines.append(("Landlord's rules", "; ".join(rules.get(r, r) for r in advert.landlord_rules)
                  or "None"))
    lines.append(("Automatic bids", "Allowed" if advert.auto_bid_eligible else "Not allowed"))
    return lines


# --- The adverts list ---------------------------------------------------------------------------

class AdvertListView(LettingsStaffRequiredMixin, ListView):
    """Lettings staff: adverts by cycle with their windows and live bid counts, filtered by
    status and cycle."""

    template_name = "lettings/staff/adverts.html"
    context_object_name = "adverts"
    paginate_by = 50

    def get_queryset(self) -> Any:
        self.cycles = list(policies.cycles_visible_to(self.request.user)
                           .order_by("-opens_at")[:30])
        form = AdvertFilterForm(self.request.GET, cycles=self.cycles)
        form.is_valid()
        self.filter_form = form
        self.status = form.cleaned_data.get("status") or ""
        self.cycle = form.cleaned_data.get("cycle") or ""
        qs = selectors.advert_list(user=self.request.user)
        if self.status:
            qs = qs.filter(status=self.status)
        if self.cycle == "none":
            qs = qs.filter(cycle__isnull=True)
        elif self.cycle:
            qs = qs.filter(cycle_id=int(self.cycle))
        return qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(filter_form=self.filter_form,
                       filtered=bool(self.status or self.cycle))
        return context


# --- Creating and changing an advert ----------------------------------------------------------

def _criteria_form(*args: Any, scheme: SchemeVersion | None, plan: int | None = None,
                   **kwargs: Any) -> AdvertCriteriaForm:
    return AdvertCriteriaForm(*args, bands=_band_choices(scheme), plans=_plans(plan), **kwargs)


class AdvertCreateView(LettingsStaffRequiredMixin, View):
    """Lettings staff: draft an advert for a void that is ready to let (``advert_create``),
    with criteria filled in from the home (``default_criteria``)."""

    http_method_names = ["get", "head", "post"]
    template_name = "lettings/staff/advert_form.html"

    def _void(self, request: HttpRequest, pk: int) -> Void:
        void = (policies.voids_visible_to(request.user).select_related("property")
                .filter(pk=pk).first())
        if void is None:
            raise Http404("No such void")
        return void

    def _render(self, request: HttpRequest, void: Void, form: AdvertCriteriaForm,
                status: int = 200) -> HttpResponse:
        existing = void.adverts.filter(status__in=Advert.ACTIVE_STATUSES).first()
        problem = ""
        if void.status != Void.Status.READY_TO_LET:
            problem = (f"Only a void that is ready to let can be advertised. This one is "
                       f"“{void.get_status_display().lower()}”.")
        elif existing is not None:
            problem = f"This void already has an advert: {existing.reference}."
        return render(request, self.template_name,
                      {"void": void, "property": void.property, "advert": None,
                       "criteria_form": form, "problem": problem, "existing": existing,
                       "form": form if form.errors else None}, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        void = self._void(request, pk)
        initial = criteria_initial({**default_criteria(void.property), "label": "both",
                                    "quota_mode": Advert.QuotaMode.RESTRICT,
                                    "auto_bid_eligible": True,
                                    "title": suggested_title(void.property)})
        return self._render(request, void, _criteria_form(scheme=_scheme(), initial=initial))

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        if not policies.can_manage_adverts(request.user):
            raise PermissionDenied
        void = self._void(request, pk)
        form = _criteria_form(request.POST, scheme=_scheme())
        if form.is_valid():
            try:
                advert = advert_create(void=void, actor=request.user, data=form.to_data())
            except ApplicationError as exc:
                refused(form, exc)
            else:
                messages.success(request, f"Advert {advert.reference} drafted. A manager or "
                                          "senior officer must approve it before it is "
                                          "published.")
                return redirect("lettings:staff-advert", advert.pk)
        return self._render(request, void, form, status=400)


class AdvertEditView(LettingsStaffRequiredMixin, View):
    """Lettings staff: change a draft or approved advert's criteria (``advert_update``; an
    approved advert goes back to draft to be approved again)."""

    http_method_names = ["get", "head", "post"]
    template_name = "lettings/staff/advert_form.html"

    def _render(self, request: HttpRequest, advert: Advert, form: AdvertCriteriaForm,
                status: int = 200) -> HttpResponse:
        problem = ""
        if advert.status not in EDITABLE:
            problem = (f"This advert is “{advert.get_status_display().lower()}”, so it can no "
                       "longer be changed. Withdraw it and re-advertise instead.")
        return render(request, self.template_name,
                      {"void": advert.void, "property": advert.property, "advert": advert,
                       "criteria_form": form, "problem": problem,
                       "form": form if form.errors else None}, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        advert = _advert(request, pk)
        values = {name: getattr(advert, name) for name in CRITERIA_FIELDS}
        values["allowed_sizes"] = advert.sizes
        form = _criteria_form(scheme=_scheme(), plan=advert.local_lettings_plan_id,
                              initial=criteria_initial(values))
        return self._render(request, advert, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        advert = _advert(request, pk)
        form = _criteria_form(request.POST, scheme=_scheme(),
                              plan=advert.local_lettings_plan_id)
        if form.is_valid():
            try:
                updated = advert_update(advert=advert, actor=request.user, data=form.to_data())
            except ApplicationError as exc:
                refused(form, exc)
            else:
                if advert.status == Advert.Status.APPROVED:
                    messages.success(request, "Advert changed. It is a draft again and needs "
                                              "approving before it is published.")
                else:
                    messages.success(request, f"Advert {updated.reference} saved")
                return redirect("lettings:staff-advert", advert.pk)
        return self._render(request, advert, form, status=400)


# --- The advert page ----------------------------------------------------------------------------

@dataclass(frozen=True)
class BidLine:
    bid: Bid
    position: int | None


def _publish_choices(scheme: SchemeVersion | None, now: dt.datetime) -> list[tuple[str, str]]:
    cycles = list(BiddingCycle.objects.filter(
        status__in=[BiddingCycle.Status.SCHEDULED, BiddingCycle.Status.OPEN],
        closes_at__gt=now).order_by("opens_at")[:8])
    if scheme is not None and scheme.cycle_mode == "rolling":
        first = ("", f"Its own window: {scheme.rolling_window_days} days of bidding, starting "
                     "now")
    else:
        first = ("", "The next cycle that has not closed")
    local = timezone.localtime
    return [first, *((str(c.pk), f"{c.name} ({c.get_status_display().lower()}: "
                                  f"{local(c.opens_at):%-d %b %H:%M} to "
                                  f"{local(c.closes_at):%-d %b %H:%M})") for c in cycles)]


def advert_context(request: HttpRequest, advert: Advert, *,
                   publish_form: PublishForm | None = None,
                   action_form: ActionForm | None = None) -> dict[str, Any]:
    """Everything the advert page shows; the forms passed in are the officer's refused ones."""
    user = request.user
    now = timezone.now()
    scheme = _scheme()
    ranks = selectors.band_ranks(scheme) if scheme is not None else {}
    positions = selectors.queue_positions(advert.pk, ranks=ranks)
    bids = list(policies.bids_visible_to(user).filter(advert=advert)
                .select_related("application", "placed_by_user", "withdrawn_by")
                .order_by("placed_at", "pk"))
    live = sorted((BidLine(b, positions.get(b.pk)) for b in bids if b.is_live),
                  key=lambda line: (line.position or 10**9, line.bid.pk))
    ended = [b for b in bids if not b.is_live]
    is_draft = advert.status == Advert.Status.DRAFT
    can_publish = advert.status == Advert.Status.APPROVED and advert.published_at is None
    publish_form = publish_form or PublishForm(prefix="publish",
                                               choices=_publish_choices(scheme, now))
    return {
        "advert": advert,
        "property": advert.property,
        "criteria": criteria_lines(advert, dict(_band_choices(scheme))),
        "live_bids": live,
        "hidden_bids": max(len(positions) - len(live), 0),
        "ended_bids": ended,
        "taking_bids": advert.is_open_for_bids(now),
        "can_edit": advert.status in EDITABLE,
        "can_approve": is_draft and policies.can_approve_adverts(user),
        "needs_approver": is_draft and not policies.can_approve_adverts(user),
        "can_publish": can_publish,
        "waiting_to_open": (advert.status == Advert.Status.APPROVED
                            and advert.published_at is not None),
        "can_withdraw": advert.can_move_to(Advert.Status.WITHDRAWN),
        "can_readvertise": advert.can_move_to(Advert.Status.READVERTISED),
        "can_convert": selectors.advert_has_no_acceptable_bidder(advert),
        "publish_form": publish_form,
        "readvertisements": list(advert.readvertisements.order_by("pk")),
        "history": history_rows(advert.history.all()),
        "form": failed(publish_form, action_form),
    }


class AdvertDetailView(LettingsStaffRequiredMixin, View):
    """Lettings staff: an advert's criteria in plain English, its window and who created and
    approved it, its bids in queue order (with invalid and withdrawn bids and why), and the
    actions its status allows."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        advert = _advert(request, pk)
        return render(request, "lettings/staff/advert.html", advert_context(request, advert))


class AdvertApproveView(LettingsStaffRequiredMixin, View):
    """Managers and senior officers (``policies.can_approve_adverts``): approve a draft
    (``advert_approve``). Anyone else gets 403."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        if not policies.can_approve_adverts(request.user):
            raise PermissionDenied
        advert = _advert(request, pk)
        form = ActionForm(request.POST)
        try:
            if advert.status != Advert.Status.DRAFT:
                raise ConflictError(f"Only a draft can be approved. This advert is "
                                    f"“{advert.get_status_display().lower()}”.")
            advert_approve(advert=advert, actor=request.user)
        except ApplicationError as exc:
            refused(form, exc)
            return render(request, "lettings/staff/advert.html",
                          advert_context(request, _advert(request, pk), action_form=form),
                          status=400)
        messages.success(request, f"Advert {advert.reference} approved. It can now be "
                                  "published.")
        return redirect("lettings:staff-advert", advert.pk)


class AdvertPublishView(LettingsStaffRequiredMixin, View):
    """Lettings staff: publish an approved advert into a cycle, or into its own window on a
    rolling scheme (``advert_publish``). It goes live at once if bidding is open."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        advert = _advert(request, pk)
        form = PublishForm(request.POST, prefix="publish",
                           choices=_publish_choices(_scheme(), timezone.now()))
        if form.is_valid():
            chosen = form.cleaned_data.get("cycle") or ""
            cycle = (policies.cycles_visible_to(request.user).filter(pk=int(chosen)).first()
                     if chosen else None)
            try:
                published = advert_publish(advert=advert, actor=request.user, cycle=cycle)
            except ApplicationError as exc:
                refused(form, exc, as_sentence=True)
            else:
                if published.status == Advert.Status.LIVE:
                    text = f"Advert {published.reference} is live and taking bids"
                else:
                    opens = timezone.localtime(published.opens_at)
                    text = (f"Advert {published.reference} published. It goes live when "
                            f"bidding opens on {opens:%-d %B %Y at %H:%M}.")
                messages.success(request, text)
                return redirect("lettings:staff-advert", advert.pk)
        return render(request, "lettings/staff/advert.html",
                      advert_context(request, _advert(request, pk), publish_form=form),
                      status=400)


class _ReasonView(LettingsStaffRequiredMixin, View):
    """A confirmation page with a required reason, then one service call."""

    http_method_names = ["get", "head", "post"]
    template_name = "lettings/staff/advert_reason.html"
    target_status: str
    heading: str
    label: str
    hint: str
    required_message: str
    button: str
    warning: str

    def _form(self, *args: Any) -> ReasonForm:
        return ReasonForm(*args, label=self.label, hint=self.hint,
                          required_message=self.required_message)

    def _render(self, request: HttpRequest, advert: Advert, form: ReasonForm,
                status: int = 200) -> HttpResponse:
        return render(request, self.template_name, {
            "advert": advert, "property": advert.property, "reason_form": form,
            "allowed": advert.can_move_to(self.target_status), "heading": self.heading,
            "button": self.button, "warning": self.warning,
            "live_bid_count": advert.bids.filter(status__in=Bid.LIVE_STATUSES).count(),
            "action": request.path, "form": form if form.errors else None}, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, _advert(request, pk), self._form())

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        advert = _advert(request, pk)
        form = self._form(request.POST)
        if form.is_valid():
            try:
                target = self.act(request, advert, form.cleaned_data["reason"])
            except ApplicationError as exc:
                refused(form, exc)
            else:
                return redirect("lettings:staff-advert", target.pk)
        return self._render(request, _advert(request, pk), form, status=400)

    def act(self, request: HttpRequest, advert: Advert, reason: str) -> Advert:
        raise NotImplementedError


class AdvertWithdrawView(_ReasonView):
    """Lettings staff: take an advert down, with a reason (``advert_withdraw``). Its live bids
    are withdrawn and an advertised void goes back to ready to let."""

    target_status = Advert.Status.WITHDRAWN
    heading = "Withdraw this advert"
    label = "Why are you withdrawing it?"
    hint = "For example, the tenant withdrew their notice. Kept in the advert's history."
    required_message = "Enter why you are withdrawing the advert"
    button = "Withdraw the advert"
    warning = "Every live bid on it will be withdrawn, and the bidders' slots freed."

    def act(self, request: HttpRequest, advert: Advert, reason: str) -> Advert:
        withdrawn = advert_withdraw(advert=advert, actor=request.user, reason=reason)
        messages.success(request, f"Advert {withdrawn.reference} withdrawn")
        return withdrawn


class AdvertReadvertiseView(_ReasonView):
    """Lettings staff: no acceptable bidder, so the home is advertised again
    (``advert_readvertise``): this advert closes and a new draft with the same criteria is made
    to be checked and approved."""

    target_status = Advert.Status.READVERTISED
    heading = "Re-advertise this home"
    label = "Why is the home being re-advertised?"
    hint = "For example, every bidder was bypassed or refused. Kept in the advert's history."
    required_message = "Enter why the home is being re-advertised"
    button = "Re-advertise the home"
    warning = ("This advert ends, and a new draft with the same criteria is made for you to "
               "check, widen if need be, and have approved.")

    def act(self, request: HttpRequest, advert: Advert, reason: str) -> Advert:
        copy = advert_readvertise(advert=advert, actor=request.user, reason=reason)
        messages.success(request, f"New draft advert {copy.reference} made from "
                                  f"{advert.reference}. Check its criteria and have it "
                                  "approved.")
        return copy


# --- Cycles ------------------------------------------------------------------------------------

def cycles_context(request: HttpRequest, *, action_form: ActionForm | None = None
                   ) -> dict[str, Any]:
    now = timezone.now()
    rows = list(policies.cycles_visible_to(request.user)
                .filter(Q(status__in=[BiddingCycle.Status.SCHEDULED, BiddingCycle.Status.OPEN])
                        | Q(closes_at__gte=now - RECENT_CYCLES))
                .annotate(advert_count=Count("adverts"))
                .order_by("opens_at"))
    upcoming = [c for c in rows if c.status == BiddingCycle.Status.SCHEDULED]
    next_cycle = next((c for c in upcoming if c.closes_at > now), None)
    return {
        "open_cycles": [c for c in rows if c.status == BiddingCycle.Status.OPEN],
        "upcoming": upcoming,
        "recent": sorted((c for c in rows if c.status not in (BiddingCycle.Status.SCHEDULED,
                                                              BiddingCycle.Status.OPEN)),
                         key=lambda c: c.closes_at, reverse=True),
        "next_cycle": next_cycle,
        "can_run": policies.can_run_cycles(request.user),
        "scheme": _scheme(),
        "form": action_form if action_form is not None and action_form.errors else None,
    }


class CycleListView(LettingsStaffRequiredMixin, View):
    """Lettings staff: upcoming, open and recent bidding cycles with their adverts; managers
    can open the next cycle or close an open one by hand."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "lettings/staff/cycles.html", cycles_context(request))


class _CycleActionView(LettingsStaffRequiredMixin, View):
    """Managers (``policies.can_run_cycles``) only; anyone else gets 403."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        if not policies.can_run_cycles(request.user):
            raise PermissionDenied
        cycle = policies.cycles_visible_to(request.user).filter(pk=pk).first()
        if cycle is None:
            raise Http404("No such cycle")
        form = ActionForm(request.POST)
        try:
            self.act(request, cycle)
            # Then everything else that is due, as Celery beat would a minute later.
            cycle_services.lettings_run_due()
        except ApplicationError as exc:
            refused(form, exc)
            return render(request, "lettings/staff/cycles.html",
                          cycles_context(request, action_form=form), status=400)
        cycle.refresh_from_db()
        messages.success(request, self.done_message(cycle))
        return redirect("lettings:staff-cycles")

    def act(self, request: HttpRequest, cycle: BiddingCycle) -> None:
        raise NotImplementedError

    def done_message(self, cycle: BiddingCycle) -> str:
        raise NotImplementedError


class CycleOpenView(_CycleActionView):
    """Managers: open a scheduled cycle now (``cycles.cycle_open_now``): its published
    adverts go live."""

    def act(self, request: HttpRequest, cycle: BiddingCycle) -> None:
        cycle_services.cycle_open_now(cycle=cycle, actor=request.user)

    def done_message(self, cycle: BiddingCycle) -> str:
        live = cycle.adverts.filter(status=Advert.Status.LIVE).count()
        return (f"Bidding is open for {cycle.name}: {live} advert{'s' if live != 1 else ''} "
                f"{'are' if live != 1 else 'is'} live")


class CycleCloseView(_CycleActionView):
    """Managers: close an open cycle now (``cycles.cycle_close_now``): its adverts close and
    their bids are checked again."""

    def act(self, request: HttpRequest, cycle: BiddingCycle) -> None:
        cycle_services.cycle_close_now(cycle=cycle, actor=request.user)

    def done_message(self, cycle: BiddingCycle) -> str:
        return f"Bidding has closed for {cycle.name}"
