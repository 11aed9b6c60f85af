"""Bidding on an applicant's behalf (DOMAIN.md §4.8 assisted bidding, §5.2 step 4): the
officer sees the applicant's bids with their queue positions and allowance, places a bid for
them (recorded as placed by an officer), withdraws one, and sets up automatic bidding.

Lettings staff only; the application is found through
``applications.policies.applications_visible_to`` (a restricted case stays hidden: 404) and
must be one the officer may bid for (``policies.can_bid_for``: 403 otherwise).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from applications.models import Application
from applications.policies import applications_visible_to
from housing.core.exceptions import ApplicationError
from lettings import policies, selectors
from lettings.forms import OTHER, ActionForm, AutoBidForm, BidOnBehalfForm
from lettings.models import BiddingCycle
from lettings.services.bidding import bid_place, bid_withdraw
from lettings.services.preferences import bidding_preference_set
from lettings.views.staff_base import LettingsStaffRequiredMixin, failed, refused

TEMPLATE = "lettings/staff/application_bids.html"


def _application(request: HttpRequest, reference: str) -> Application:
    application = (applications_visible_to(request.user).filter(reference=reference)
                   .prefetch_related("members").first())
    if application is None:
        raise Http404("No such application")
    if not policies.can_bid_for(request.user, application):
        raise PermissionDenied
    return application


def _auto_bid_initial(application: Application) -> dict[str, Any]:
    pref = selectors.bidding_preference(application)
    if pref is None:
        return {"auto_bid": "no"}
    return {"auto_bid": "yes" if pref.auto_bid else "no", "auto_bid_until": pref.auto_bid_until}


def bids_context(request: HttpRequest, application: Application, *,
                 bid_form: BidOnBehalfForm | None = None,
                 auto_form: AutoBidForm | None = None,
                 action_form: ActionForm | None = None) -> dict[str, Any]:
    """The applicant's bids and allowance, the homes they can bid for now (and why not the
    others), and their automatic-bidding setting."""
    now = timezone.now()
    live = list(selectors.live_adverts(now=now))
    validity = selectors.bid_validity_many(application, live, now=now)
    allowed = [advert for advert in live if validity[advert.pk].valid]
    refused_adverts = [(advert, validity[advert.pk].messages) for advert in live
                       if not validity[advert.pk].valid]
    open_cycle = (BiddingCycle.objects.filter(status=BiddingCycle.Status.OPEN)
                  .order_by("opens_at").values_list("pk", flat=True).first())
    bid_form = bid_form or BidOnBehalfForm(prefix="bid",
                                           references=[a.reference for a in allowed])
    auto_form = auto_form or AutoBidForm(prefix="auto",
                                         initial=_auto_bid_initial(application))
    lead = next((m for m in application.members.all() if m.role == "lead"), None)
    return {
        "application": application,
        "lead": lead,
        "rows": selectors.bids_for_application(application, now=now),
        "allowance": selectors.bid_allowance(application, cycle_id=open_cycle),
        "allowed_adverts": allowed,
        "refused_adverts": refused_adverts,
        "bid_form": bid_form,
        "other_choice": OTHER,
        "chosen": bid_form["advert"].value() or "",
        "preference": selectors.bidding_preference(application),
        "auto_form": auto_form,
        "form": failed(bid_form, auto_form, action_form),
    }


class ApplicationBidsView(LettingsStaffRequiredMixin, View):
    """Lettings staff who may work the case: the applicant's bids, and placing a bid on their
    behalf (``bid_place``, recorded as placed by an officer). A refusal lists every reason the
    rules give."""

    http_method_names = ["get", "head", "post"]

    def get(self, request: HttpRequest, reference: str) -> HttpResponse:
        application = _application(request, reference)
        return render(request, TEMPLATE, bids_context(request, application))

    def post(self, request: HttpRequest, reference: str) -> HttpResponseBase:
        application = _application(request, reference)
        live = list(selectors.live_adverts())
        validity = selectors.bid_validity_many(application, live)
        form = BidOnBehalfForm(request.POST, prefix="bid",
                               references=[a.reference for a in live
                                           if validity[a.pk].valid])
        if form.is_valid():
            chosen = form.chosen_reference
            advert = (policies.adverts_visible_to(request.user)
                      .filter(reference__iexact=chosen).first())
            try:
                if advert is None:
                    raise ApplicationError("There is no such advert.",
                                           {form.error_field: [f"There is no advert with the "
                                                               f"reference {chosen}"]})
                bid_place(application=application, advert=advert, actor=request.user,
                          channel=form.cleaned_data["channel"])
            except ApplicationError as exc:
                if exc.errors.get("advert"):
                    exc.errors = {**exc.errors,
                                  form.error_field: exc.errors.pop("advert")}
                refused(form, exc)
            else:
                messages.success(request, f"Bid placed on {advert.reference} for "
                                          f"{application.reference}")
                return redirect("lettings:staff-application-bids", application.reference)
        return render(request, TEMPLATE, bids_context(request, application, bid_form=form),
                      status=400)


class AutoBidView(LettingsStaffRequiredMixin, View):
    """Lettings staff who may work the case: turn automatic bidding on or off for the
    applicant, with a reason (``bidding_preference_set``)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, reference: str) -> HttpResponseBase:
        application = _application(request, reference)
        form = AutoBidForm(request.POST, prefix="auto")
        if form.is_valid():
            try:
                pref = bidding_preference_set(application=application, actor=request.user,
                                              data=form.to_data())
            except ApplicationError as exc:
                refused(form, exc)
            else:
                messages.success(request, "Automatic bidding is on" if pref.auto_bid
                                 else "Automatic bidding is off")
                return redirect("lettings:staff-application-bids", application.reference)
        return render(request, TEMPLATE, bids_context(request, application, auto_form=form),
                      status=400)


class BidWithdrawView(LettingsStaffRequiredMixin, View):
    """Lettings staff who may work the case: withdraw a bid while bidding is open
    (``bid_withdraw``)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        bid = (policies.bids_visible_to(request.user).select_related("application", "advert")
               .filter(pk=pk).first())
        if bid is None:
            raise Http404("No such bid")
        application = _application(request, bid.application.reference)
        form = ActionForm(request.POST)
        try:
            bid_withdraw(bid=bid, actor=request.user)
        except ApplicationError as exc:
            refused(form, exc)
            return render(request, TEMPLATE,
                          bids_context(request, application, action_form=form), status=400)
        messages.success(request, f"Bid on {bid.advert.reference} withdrawn")
        return redirect("lettings:staff-application-bids", application.reference)

