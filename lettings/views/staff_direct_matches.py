"""Officer pages for direct matches (DOMAIN.md §4.11, §5.5) under /staff/direct-matches/.

- The list: every match the officer may see, filtered by status or category, with the counts
  by status and by category (direct lets are counted separately from lets through bidding).
- Proposing one: the home (one ready to let, or the home of an advert that found no acceptable
  bidder), the applicant, the scheme's category, the justification and, when a higher-priority
  applicant needs a home of this size, why not them. "Check" shows what the checks find without
  saving anything; "Propose" sends it to a manager in the approvals queue.
- One match: what the checks found, the manager's decision (with a link to the request), the
  single offer once approved, cancelling before the offer, and its history.

Lettings staff only (``LettingsStaffRequiredMixin``): medical advisers, providers' users and
applicants get 403. Matches are found through ``policies.direct_matches_visible_to``, so a
restricted case the officer may not see is a 404. Each POST calls one service; bad input or a
refusal shows the page again with a GOV.UK error summary and status 400, and nothing changes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import ListView

from applications.models import Application
from applications.policies import applications_visible_to
from housing.approvals.policies import can_decide_approvals
from housing.core.exceptions import ApplicationError
from lettings import policies, selectors
from lettings.forms_direct_matches import (
    CHECK,
    PROPOSE,
    CancelForm,
    DirectOfferForm,
    FilterForm,
    ProposeForm,
)
from lettings.models import Advert, DirectMatch, Property
from lettings.rules.direct_match import MatchChecks
from lettings.services.direct_matches import (
    NO_ACCEPTABLE_BIDS,
    direct_match_cancel,
    direct_match_offer,
    direct_match_propose,
)
from lettings.views.staff_base import LettingsStaffRequiredMixin, failed, history_rows

NEW_TEMPLATE = "lettings/staff/direct_match_new.html"
DETAIL_TEMPLATE = "lettings/staff/direct_match.html"
NO_APPLICATION = "There is no application with that reference you can work on"


def _refused(form: Any, exc: ApplicationError) -> Any:
    """A service's refusal on ``form``: notes about a field it has go next to that field; the
    sentence, and notes about anything else, go at the top."""
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


# --- The list -----------------------------------------------------------------------------------

class DirectMatchListView(LettingsStaffRequiredMixin, ListView):
    """Lettings staff: direct matches, newest first, filtered by status and category, with
    the counts by status and by category."""

    template_name = "lettings/staff/direct_matches.html"
    context_object_name = "matches"
    paginate_by = 50

    def get_queryset(self) -> Any:
        self.categories = selectors.direct_match_categories()
        form = FilterForm(self.request.GET, categories=self.categories)
        self.filter_form = form
        data = form.cleaned_data if form.is_valid() else {}
        self.filtered = bool(data.get("status") or data.get("category"))
        return selectors.direct_matches_list(user=self.request.user,
                                             status=data.get("status") or "",
                                             category=data.get("category") or "")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        by_status, by_category = selectors.direct_match_counts(user=self.request.user)
        labels = {c.code: c.label for c in self.categories}
        for match in context["matches"]:
            match.category_label = labels.get(match.category, match.category)
        context.update(filter_form=self.filter_form, filtered=self.filtered,
                       by_status=by_status, by_category=by_category,
                       total=sum(c.total for c in by_status))
        return context


# --- Proposing ----------------------------------------------------------------------------------

def _advert(request: HttpRequest, reference: str) -> Advert | None:
    if not reference:
        return None
    return (policies.adverts_visible_to(request.user)
            .select_related("property", "property__landlord", "local_lettings_plan", "void")
            .filter(reference=reference).first())


def _homes(request: HttpRequest, advert: Advert | None) -> list[Property]:
    """The homes to choose from: the advert's home when converting one, else homes ready to
    let with nothing in progress."""
    if advert is not None:
        return [advert.property]
    return selectors.direct_match_homes(user=request.user)


def _application(request: HttpRequest, reference: str) -> Application | None:
    if not reference:
        return None
    return applications_visible_to(request.user).filter(reference__iexact=reference).first()


class DirectMatchNewView(LettingsStaffRequiredMixin, View):
    """Lettings staff: propose a direct match. ``?property=<id>&application=<reference>&advert=
    <reference>`` fill the form in (``advert``: convert the home of an advert that found no
    acceptable bidder). "Check" shows what the checks find; "Propose" calls
    ``direct_match_propose`` and, when it is accepted, goes to the match."""

    http_method_names = ["get", "head", "post"]

    def _render(self, request: HttpRequest, form: ProposeForm, advert: Advert | None, *,
                checks: MatchChecks | None = None, status: int = 200) -> HttpResponse:
        convertible = advert is not None and selectors.advert_has_no_acceptable_bidder(advert)
        return render(request, NEW_TEMPLATE, {
            "form": form if form.errors else None, "propose_form": form, "advert": advert,
            "convertible": convertible, "checks": checks,
            "homes": form.fields["property"].choices,  # type: ignore[attr-defined]
        }, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        reference = request.GET.get("advert", "").strip()[:20]
        advert = _advert(request, reference)
        categories = selectors.direct_match_categories()
        homes = _homes(request, advert)
        initial: dict[str, Any] = {"advert": advert.reference if advert is not None else "",
                                   "application": request.GET.get("application", "")[:20]}
        wanted = request.GET.get("property", "")
        if advert is not None:
            initial["property"] = str(advert.property_id)
            initial["category"] = NO_ACCEPTABLE_BIDS
        elif wanted in {str(p.pk) for p in homes}:
            initial["property"] = wanted
        form = ProposeForm(initial=initial, homes=homes, categories=categories)
        return self._render(request, form, advert)

    def post(self, request: HttpRequest) -> HttpResponseBase:
        action = CHECK if request.POST.get("action") == CHECK else PROPOSE
        advert = _advert(request, request.POST.get("advert", "").strip()[:20])
        homes = _homes(request, advert)
        form = ProposeForm(request.POST, homes=homes,
                           categories=selectors.direct_match_categories(), action=action)
        if request.POST.get("advert", "").strip() and advert is None:
            form.add_error(None, "There is no advert with that reference.")
        if not form.is_valid():
            return self._render(request, form, advert, status=400)
        data = dict(form.cleaned_data)  # kept: a refusal below takes fields out of the form's
        application = _application(request, data["application"])
        if application is None:
            form.add_error("application", NO_APPLICATION)
            return self._render(request, form, advert, status=400)
        prop = next(p for p in homes if str(p.pk) == data["property"])
        category = next(c for c in selectors.direct_match_categories()
                        if c.code == data["category"])

        def checks() -> MatchChecks:
            return selectors.direct_match_checks_for(
                prop=prop, application=application, category=category,
                priority_reason=data["not_highest_priority_reason"], advert=advert)

        if action == CHECK:
            return self._render(request, form, advert, checks=checks())
        try:
            match = direct_match_propose(
                property=prop, application=application, category=category.code,
                justification=data["justification"],
                not_highest_priority_reason=data["not_highest_priority_reason"],
                from_advert=advert, actor=request.user)
        except ApplicationError as exc:
            _refused(form, exc)
            return self._render(request, form, advert, checks=checks(), status=400)
        messages.success(request, f"Direct match {match.reference} proposed. It is waiting for "
                                  f"a manager's decision in the approvals queue.")
        return redirect("lettings:staff-direct-match", match.pk)


# --- One match ----------------------------------------------------------------------------------

def _match(request: HttpRequest, pk: int) -> DirectMatch:
    match = (policies.direct_matches_visible_to(request.user)
             .select_related("property", "property__landlord", "application", "void",
                             "from_advert", "approval", "approval__decided_by", "offer",
                             "proposed_by", "decided_by")
             .filter(pk=pk).first())
    if match is None:
        raise Http404("No such direct match")
    return match


def match_context(request: HttpRequest, match: DirectMatch, *,
                  offer_form: DirectOfferForm | None = None,
                  cancel_form: CancelForm | None = None) -> dict[str, Any]:
    """Everything the match page shows, and the forms its status allows."""
    user = request.user
    approval = match.approval
    categories = {c.code: c for c in selectors.direct_match_categories()}
    category = categories.get(match.category)
    pending = approval is not None and approval.is_pending
    offer_form = offer_form or DirectOfferForm(prefix="offer")
    cancel_form = cancel_form or CancelForm(prefix="cancel")
    may_cancel = match.status in (DirectMatch.Status.PROPOSED, DirectMatch.Status.APPROVED) and (
        not pending or (approval is not None and approval.requested_by_id == user.pk)
        or can_decide_approvals(user))
    lead = match.application.members.filter(role="lead").first()
    return {
        "match": match,
        "property": match.property,
        "application": match.application,
        "lead": lead,
        "category_label": category.label if category else match.category,
        "size_may_differ": category is not None and not category.bedroom_need_must_match,
        "checks": match.checks or [],
        "approval": approval,
        # The approvals queue shows managers every request, and officers their own.
        "approval_visible": approval is not None and (can_decide_approvals(user)
                                                      or approval.requested_by_id == user.pk),
        "can_offer": match.status == DirectMatch.Status.APPROVED,
        "can_cancel": may_cancel,
        "cancel_waits": (match.status == DirectMatch.Status.PROPOSED and not may_cancel),
        "offer_form": offer_form,
        "cancel_form": cancel_form,
        "history": history_rows(match.history.all()),
        "form": failed(offer_form, cancel_form),
    }


class DirectMatchDetailView(LettingsStaffRequiredMixin, View):
    """Lettings staff: one direct match and the actions its status allows."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, DETAIL_TEMPLATE, match_context(request, _match(request, pk)))


class DirectMatchOfferView(LettingsStaffRequiredMixin, View):
    """Lettings staff: make the single offer of an approved match (``direct_match_offer``);
    the checks run again, housing debt is checked and the offer letter is sent."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        match = _match(request, pk)
        form = DirectOfferForm(request.POST, prefix="offer")
        if form.is_valid():
            try:
                offer = direct_match_offer(match=match, actor=request.user,
                                           viewing_at=form.cleaned_data.get("viewing_at"))
            except ApplicationError as exc:
                errors = {("viewing_date" if name == "viewing_at" else name): notes
                          for name, notes in exc.errors.items()}
                _refused(form, ApplicationError(exc.message, errors))
            else:
                messages.success(request, f"Direct offer made to {offer.application.reference}. "
                                          f"The offer letter has been sent.")
                return redirect("lettings:staff-offer", offer.pk)
        return render(request, DETAIL_TEMPLATE,
                      match_context(request, _match(request, pk), offer_form=form), status=400)


class DirectMatchCancelView(LettingsStaffRequiredMixin, View):
    """Lettings staff: call off a match before the offer, with a reason
    (``direct_match_cancel``); the home is ready to let again."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        match = _match(request, pk)
        form = CancelForm(request.POST, prefix="cancel")
        if form.is_valid():
            try:
                direct_match_cancel(match=match, actor=request.user,
                                    reason=form.cleaned_data["reason"])
            except ApplicationError as exc:
                _refused(form, exc)
            else:
                messages.success(request, f"Direct match {match.reference} cancelled. The home "
                                          f"is ready to let again.")
                return redirect("lettings:staff-direct-match", match.pk)
        return render(request, DETAIL_TEMPLATE,
                      match_context(request, _match(request, pk), cancel_form=form), status=400)
