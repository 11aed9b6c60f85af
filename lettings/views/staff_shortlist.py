"""Officer pages for working a shortlist and handling offers (DOMAIN.md §4.7, §4.9, §4.10, §5.2
steps 6–9; Appendix A.1, A.4).

- The shortlist of a closed advert in rank order, with each bidder's priority as it was frozen
  at close (the snapshot the ranks come from) and what has changed since.
- One bidder: contact, verification checks, a bypass (some reasons need a manager), the debt
  check at offer with a request for a manager's override, and making the offer.
- One offer: the viewing, the applicant's answer, the assessment of a refusal (and the penalty
  it brings), the landlord withdrawing it, starting the sign-up once accepted; and the list of
  live offers.

Lettings staff only (``LettingsStaffRequiredMixin``); medical advisers, providers' users and
applicants get 403. Bidders are found through ``policies.bids_visible_to`` and offers through
the applications the officer may see, so restricted cases stay hidden (404). Each POST calls
one service; bad input or a refusal shows the page again with a GOV.UK error summary and
status 400, and nothing has changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from applications.models import Application, HouseholdMember
from housing.approvals.models import ApprovalRequest
from housing.approvals.selectors import approvals_for
from housing.core.exceptions import ApplicationError
from housing.letters.models import Letter
from housing.scheme.selectors import scheme_in_force
from lettings import policies
from lettings.forms_shortlist import (
    AssessForm,
    BypassForm,
    ConfirmForm,
    ContactForm,
    DebtOverrideForm,
    OfferForm,
    RefuseForm,
    VerifyForm,
    ViewingForm,
    WithdrawOfferForm,
    usually,
)
from lettings.forms_viewings import GroupViewingForm
from lettings.models import (
    LIVE_OFFER_STATUSES,
    Advert,
    DirectMatch,
    LettingResult,
    Offer,
    ShortlistEntry,
    SignUp,
)
from lettings.rules.bypass import BYPASS_BY_CODE, CHECKS
from lettings.selectors import offer_order
from lettings.services.offers import (
    offer_accept,
    offer_arrange_viewing,
    offer_assess_refusal,
    offer_make,
    offer_refuse,
    offer_withdraw,
)
from lettings.services.shortlisting import (
    DebtCheck,
    debt_check,
    debt_override_request,
    shortlist_bypass,
    shortlist_contact,
    shortlist_verify,
)
from lettings.views.staff_base import LettingsStaffRequiredMixin, failed, history_rows

WORKABLE = ShortlistEntry.WORKABLE_STATUSES
# The debt check reads each bidder's debts and approvals, so the shortlist runs it only for the
# first few bidders still being worked; the bidder's own page always runs it.
DEBT_CHECKS_ON_SHORTLIST = 10
SHORTLISTED_STATUSES = (Advert.Status.SHORTLISTED, Advert.Status.OFFER_IN_PROGRESS)
OFFER_LETTERS = ("offer", "offer-viewing", "refusal-decision")
ENTRY_TEMPLATE = "lettings/staff/shortlist_entry.html"
SHORTLIST_TEMPLATE = "lettings/staff/shortlist.html"
OFFER_TEMPLATE = "lettings/staff/offer.html"


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _long(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "none"


def _refused(form: Any, exc: ApplicationError, *, rename: dict[str, str] | None = None) -> Any:
    """A service's refusal on ``form``: notes about a field the form has go next to it; the
    sentence, and any notes about something else (the bidder, the home), go at the top, so
    the officer sees every reason."""
    rename = rename or {}
    errors = {rename.get(name, name): notes for name, notes in exc.errors.items()}
    on_form = {name: notes for name, notes in errors.items() if name in form.fields}
    others = [note for name, notes in errors.items() if name not in form.fields
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


def _household_size() -> Coalesce:
    """The people who will move (as the bid rules count them), as a subquery per bidder."""
    people = (HouseholdMember.objects
              .filter(application=OuterRef("bid__application_id"), to_be_rehoused=True,
                      main_home=True)
              .order_by().values("application").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(people, output_field=IntegerField()), 0)


def _entries(request: HttpRequest) -> QuerySet[ShortlistEntry]:
    return (ShortlistEntry.objects
            .filter(bid__in=policies.bids_visible_to(request.user))
            .select_related("bid", "bid__application", "bypassed_by", "bypass_approved_by",
                            "offer")
            .annotate(current_household=_household_size()))


def _advert(request: HttpRequest, pk: int) -> Advert:
    advert = (policies.adverts_visible_to(request.user)
              .select_related("property", "property__landlord", "cycle")
              .filter(pk=pk).first())
    if advert is None:
        raise Http404("No such advert")
    return advert


def _entry(request: HttpRequest, pk: int) -> ShortlistEntry:
    entry = (_entries(request)
             .select_related("advert", "advert__property", "advert__property__landlord")
             .filter(pk=pk).first())
    if entry is None:
        raise Http404("No such shortlist entry")
    return entry


def _live_offer(entry: ShortlistEntry) -> Offer | None:
    try:
        offer: Offer = entry.offer  # type: ignore[attr-defined]
    except ObjectDoesNotExist:
        return None
    return offer


# --- The shortlist ------------------------------------------------------------------------------

@dataclass
class Comparison:
    """A bidder's priority at close (from the snapshot) against today's."""

    band: str
    band_date: dt.date | None
    registered: dt.date | None
    household: int | None
    bedroom_need: int | None
    now_band: str
    now_band_date: dt.date | None
    now_registered: dt.date | None
    now_household: int
    now_bedroom_need: int | None
    now_status: str
    changes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def compare(entry: ShortlistEntry) -> Comparison:
    """What has changed about the bidder since bidding closed: the officer checks these before
    an offer (the ranks stay as they were at close, §4.7)."""
    application: Application = entry.bid.application
    snap = entry.bid.snapshot or {}
    household = snap.get("household_size")
    now_household = max(int(getattr(entry, "current_household", 0) or 0), 1)
    result = Comparison(
        band=snap.get("band") or "", band_date=_date(snap.get("effective_date")),
        registered=_date(snap.get("registration_date")),
        household=household if isinstance(household, int) else None,
        bedroom_need=snap.get("bedroom_need"), now_band=application.band,
        now_band_date=application.effective_date,
        now_registered=application.registration_date, now_household=now_household,
        now_bedroom_need=application.bedroom_need, now_status=application.get_status_display())
    changes = result.changes
    if result.now_band != result.band:
        changes.append(f"Band now {result.now_band or 'none'} (was {result.band or 'none'})")
    if result.now_band_date != result.band_date:
        changes.append(f"Band date now {_long(result.now_band_date)}")
    if result.household is not None and now_household != result.household:
        changes.append(f"Household now {now_household} "
                       f"{'person' if now_household == 1 else 'people'} "
                       f"(was {result.household})")
    if result.bedroom_need is not None and result.now_bedroom_need != result.bedroom_need:
        changes.append(f"Bedroom need now {result.now_bedroom_need} (was {result.bedroom_need})")
    offer = _live_offer(entry)
    expected = {Application.Status.ACTIVE}
    if offer is not None and offer.is_live:
        expected.add(Application.Status.UNDER_OFFER)
    if application.status not in expected:
        changes.append(f"Status now {application.get_status_display().lower()}")
    return result


@dataclass(frozen=True)
class ShortlistRow:
    entry: ShortlistEntry
    application: Application
    compared: Comparison
    offer: Offer | None
    debt: DebtCheck | None
    debt_unchecked: bool  # still being worked, beyond the bidders checked on this page

    @property
    def bypass_label(self) -> str:
        reason = BYPASS_BY_CODE.get(self.entry.bypass_reason_code)
        return reason.label if reason else self.entry.bypass_reason_code


def shortlist_rows(entries: list[ShortlistEntry], *, debt_limit: int) -> list[ShortlistRow]:
    rows = []
    checked = 0
    for entry in entries:
        application = entry.bid.application
        debt = None
        unchecked = False
        if entry.status in WORKABLE:
            if checked < debt_limit:
                debt = debt_check(application)
                checked += 1
            else:
                unchecked = True
        rows.append(ShortlistRow(entry=entry, application=application, compared=compare(entry),
                                 offer=_live_offer(entry), debt=debt, debt_unchecked=unchecked))
    return rows


class ShortlistView(LettingsStaffRequiredMixin, View):
    """Lettings staff: an advert's shortlist in rank order, with each bidder's band, band date
    and registration date as frozen at close, what has changed since, where each bidder is
    (contacted, verified, bypassed and why, offered), and whether housing debt stands in the
    way (for the first bidders still being worked). Restricted cases the officer may not see
    are counted but not shown."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, SHORTLIST_TEMPLATE, shortlist_context(request, _advert(request, pk)))


def shortlist_context(request: HttpRequest, advert: Advert, *,
                      viewing_form: GroupViewingForm | None = None) -> dict[str, Any]:
    """Everything the shortlist page shows; ``viewing_form`` is the officer's refused one."""
    entries = list(_entries(request).filter(advert=advert).order_by("rank"))
    totals = advert.shortlist.aggregate(
        entries=Count("pk"), live=Count("pk", filter=Q(status__in=WORKABLE)))
    rows = shortlist_rows(entries, debt_limit=DEBT_CHECKS_ON_SHORTLIST)
    workable = [row for row in rows if row.entry.status in WORKABLE]
    live_offer = (Offer.objects.filter(property=advert.property_id,
                                       status__in=LIVE_OFFER_STATUSES)
                  .select_related("application").first())
    scheme = scheme_in_force()
    visible = {row.entry.pk: row.entry for row in workable}
    order = [entry.pk for entry in offer_order(advert.pk, basis=scheme.rank_basis)]
    candidates = [visible[pk] for pk in order if pk in visible]
    for position, pk in enumerate(order, start=1):
        if pk in visible:
            visible[pk].offer_position = position  # type: ignore[attr-defined]
    viewing_form = viewing_form or GroupViewingForm(
        prefix="viewing", candidates=candidates,
        initial={"entries": [str(entry.pk) for entry in
                             candidates[:scheme.group_viewing_max]]})
    return {
        "advert": advert,
        "property": advert.property,
        "rows": rows,
        "bidders": totals["entries"],
        "still_worked": totals["live"],
        "hidden": totals["entries"] - len(rows),
        "bid_count": advert.bids.count(),
        "debt_limit": DEBT_CHECKS_ON_SHORTLIST,
        "debt_unchecked": sum(1 for row in workable if row.debt_unchecked),
        "live_offer": live_offer,
        "shortlisted": advert.status in SHORTLISTED_STATUSES or bool(rows),
        "rank_basis": scheme.rank_basis,
        "next_entry_id": order[0] if order else None,
        "viewings": list(advert.viewings.filter(cancelled_at__isnull=True)
                         .prefetch_related("invitees__bid__application").order_by("starts_at")),
        "group_viewing_max": scheme.group_viewing_max,
        "viewing_form": viewing_form,
        "form": failed(viewing_form),
    }


# --- One bidder ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckRow:
    code: str
    label: str
    passed: bool | None  # None: not checked yet
    by: str
    at: dt.datetime | None
    note: str


def check_rows(entry: ShortlistEntry) -> list[CheckRow]:
    rows = []
    for code, label in CHECKS:
        result = (entry.verification_result or {}).get(code) or {}
        at = None
        if result.get("at"):
            try:
                at = dt.datetime.fromisoformat(result["at"])
            except ValueError:
                at = None
        rows.append(CheckRow(code=code, label=label,
                             passed=result.get("passed"),
                             by=result.get("by") or "", at=at, note=result.get("note") or ""))
    return rows


def entry_context(request: HttpRequest, entry: ShortlistEntry, *,
                  contact_form: ContactForm | None = None,
                  verify_form: VerifyForm | None = None,
                  bypass_form: BypassForm | None = None,
                  debt_form: DebtOverrideForm | None = None,
                  offer_form: OfferForm | None = None) -> dict[str, Any]:
    """Everything the bidder's page shows; the forms passed in are the officer's refused
    ones."""
    application = entry.bid.application
    advert = entry.advert
    workable = entry.status in WORKABLE
    debt = debt_check(application) if workable else None
    bypass_requests = list(approvals_for(entry).filter(type=ApprovalRequest.Type.BYPASS)[:1])
    latest_bypass = bypass_requests[0] if bypass_requests else None
    debt_requests = (list(approvals_for(application)
                          .filter(type=ApprovalRequest.Type.DEBT_OVERRIDE,
                                  status=ApprovalRequest.Status.PENDING)[:1])
                     if debt is not None and debt.blocks else [])
    offer = _live_offer(entry)
    other_offer = (Offer.objects.filter(property=advert.property_id,
                                        status__in=LIVE_OFFER_STATUSES)
                   .exclude(shortlist_entry=entry).select_related("application").first())
    lead = application.members.filter(role="lead").first()
    contact_form = contact_form or ContactForm(prefix="contact")
    verify_form = verify_form or VerifyForm(prefix="verify")
    bypass_form = bypass_form or BypassForm(prefix="bypass")
    debt_form = debt_form or DebtOverrideForm(prefix="debt")
    offer_form = offer_form or OfferForm(prefix="offer")
    checks = check_rows(entry)
    return {
        "entry": entry,
        "advert": advert,
        "property": advert.property,
        "application": application,
        "lead": lead,
        "compared": compare(entry),
        "checks": checks,
        "all_checks_passed": all(row.passed for row in checks),
        "failed_checks": [row for row in checks if row.passed is False],
        "workable": workable,
        "bypass_label": (BYPASS_BY_CODE[entry.bypass_reason_code].label
                         if entry.bypass_reason_code in BYPASS_BY_CODE
                         else entry.bypass_reason_code),
        "debt": debt,
        "pending_bypass": (latest_bypass if latest_bypass is not None
                           and latest_bypass.is_pending else None),
        "rejected_bypass": (latest_bypass if latest_bypass is not None and workable
                            and latest_bypass.status == ApprovalRequest.Status.REJECTED
                            else None),
        "pending_debt_override": debt_requests[0] if debt_requests else None,
        "offer": offer,
        "other_offer": other_offer,
        "contact_form": contact_form,
        "verify_form": verify_form,
        "bypass_form": bypass_form,
        "debt_form": debt_form,
        "offer_form": offer_form,
        "history": history_rows(entry.history.all()),
        "form": failed(contact_form, verify_form, bypass_form, debt_form, offer_form),
    }


class ShortlistEntryView(LettingsStaffRequiredMixin, View):
    """Lettings staff: one bidder on a shortlist: their priority at close against today's,
    the verification checks, contact, bypass, the debt check and making an offer."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = _entry(request, pk)
        return render(request, ENTRY_TEMPLATE, entry_context(request, entry))


class _EntryActionView(LettingsStaffRequiredMixin, View):
    """One form on the bidder's page, posted to its own URL: valid input calls one service;
    bad input or a refusal shows the page again (400) with the form's error summary."""

    http_method_names = ["post"]
    form_class: type[Any]
    context_name: str
    prefix: str

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        entry = _entry(request, pk)
        form = self.form_class(request.POST, prefix=self.prefix)
        if form.is_valid():
            try:
                return self.act(request, entry, form.cleaned_data)
            except ApplicationError as exc:
                self.refuse(form, exc)
        return render(request, ENTRY_TEMPLATE,
                      entry_context(request, _entry(request, pk), **{self.context_name: form}),
                      status=400)

    def refuse(self, form: Any, exc: ApplicationError) -> None:
        _refused(form, exc)

    def act(self, request: HttpRequest, entry: ShortlistEntry,
            data: dict[str, Any]) -> HttpResponseBase:
        raise NotImplementedError


def _back(entry: ShortlistEntry) -> HttpResponseBase:
    return redirect("lettings:staff-shortlist-entry", entry.pk)


class ShortlistContactView(_EntryActionView):
    """Lettings staff: record that the bidder was contacted and how long they have to reply
    (``shortlist_contact``)."""

    form_class = ContactForm
    context_name = "contact_form"
    prefix = "contact"

    def act(self, request: HttpRequest, entry: ShortlistEntry,
            data: dict[str, Any]) -> HttpResponseBase:
        done = shortlist_contact(entry=entry, actor=request.user, note=data.get("note") or "",
                                 respond_within_hours=data["respond_within_hours"])
        deadline = timezone.localtime(done.contact_deadline) if done.contact_deadline else None
        text = "Contact recorded"
        if deadline is not None:
            text += f". They have until {deadline:%-d %B %Y at %H:%M} to reply"
        messages.success(request, text)
        return _back(entry)


class ShortlistVerifyView(_EntryActionView):
    """Lettings staff: record verification checks, passed or failed (``shortlist_verify``)."""

    form_class = VerifyForm
    context_name = "verify_form"
    prefix = "verify"

    def refuse(self, form: Any, exc: ApplicationError) -> None:
        _refused(form, exc, rename={"checks": "check_identity"})

    def act(self, request: HttpRequest, entry: ShortlistEntry,
            data: dict[str, Any]) -> HttpResponseBase:
        done = shortlist_verify(entry=entry, actor=request.user, checks=data["checks"],
                                note=data.get("note") or "")
        messages.success(request, "Checks recorded. Every check has passed: the bidder is "
                                  "verified" if done.verified_at else "Checks recorded")
        return _back(entry)


class ShortlistBypassView(_EntryActionView):
    """Lettings staff: pass over the bidder with a reason and a note (``shortlist_bypass``).
    A reason that needs a manager goes to the approvals queue instead, and the bidder stays
    on the shortlist until a manager decides."""

    form_class = BypassForm
    context_name = "bypass_form"
    prefix = "bypass"

    def act(self, request: HttpRequest, entry: ShortlistEntry,
            data: dict[str, Any]) -> HttpResponseBase:
        result = shortlist_bypass(entry=entry, actor=request.user, code=data["code"],
                                  note=data["note"])
        if isinstance(result, ApprovalRequest):
            messages.success(request, "Sent to a manager for approval. The bidder stays on the "
                                      "shortlist until a manager decides.")
        else:
            messages.success(request, f"Rank {entry.rank} bypassed: "
                                      f"{BYPASS_BY_CODE[data['code']].label}")
        return _back(entry)


class ShortlistDebtOverrideView(_EntryActionView):
    """Lettings staff: ask a manager to let an offer go ahead despite housing debt
    (``debt_override_request``). Refused when debt does not stand in the way."""

    form_class = DebtOverrideForm
    context_name = "debt_form"
    prefix = "debt"

    def act(self, request: HttpRequest, entry: ShortlistEntry,
            data: dict[str, Any]) -> HttpResponseBase:
        debt_override_request(entry=entry, actor=request.user,
                              justification=data["justification"])
        messages.success(request, "Debt override sent to a manager for approval")
        return _back(entry)


class ShortlistOfferView(_EntryActionView):
    """Lettings staff: offer the home to this bidder (``offer_make``). The bid is checked
    again, and the debt check applies; the offer letter is sent."""

    form_class = OfferForm
    context_name = "offer_form"
    prefix = "offer"

    def refuse(self, form: Any, exc: ApplicationError) -> None:
        _refused(form, exc, rename={"viewing_at": "viewing_date"})

    def act(self, request: HttpRequest, entry: ShortlistEntry,
            data: dict[str, Any]) -> HttpResponseBase:
        offer = offer_make(entry=entry, actor=request.user, viewing_at=data.get("viewing_at"),
                           is_final_offer=bool(data.get("is_final_offer")))
        messages.success(request, f"Offer made to {offer.application.reference}. The offer "
                                  "letter has been sent.")
        return redirect("lettings:staff-offer", offer.pk)


# --- Offers -------------------------------------------------------------------------------------

def _offer(request: HttpRequest, pk: int) -> Offer:
    offer = (policies.offers_visible_to(request.user)
             .select_related("application", "property", "property__landlord", "advert",
                             "shortlist_entry", "offered_by", "assessed_by")
             .filter(pk=pk).first())
    if offer is None:
        raise Http404("No such offer")
    return offer


def _letters(offer: Offer) -> list[Letter]:
    """The offer letters (L11 viewing, L12 offer, L13 refusal decision) sent about this offer:
    letters are about the application, so these are the ones since the offer naming its
    home."""
    return list(Letter.objects
                .filter(subject_type=ContentType.objects.get_for_model(Application),
                        subject_id=str(offer.application_id),
                        template__code__in=OFFER_LETTERS,
                        created_at__gte=offer.offered_at - dt.timedelta(minutes=1),
                        context__address=offer.property.address)
                .only("public_id", "title", "status", "created_at", "pdf")
                .order_by("created_at"))


def assess_form_for(offer: Offer, data: Any = None) -> AssessForm:
    """The assessment form, with the scheme's usual view of the applicant's reason as a
    hint."""
    reason = {r["code"]: r for r in scheme_in_force().refusal_reasons}.get(
        offer.refusal_reason_code)
    if offer.status == Offer.Status.LAPSED:
        hint = "They did not answer by the deadline: under the scheme that counts as a refusal."
    elif reason is not None:
        hint = f"Their reason: “{reason['label']}”. {usually(bool(reason['reasonable']))}."
    else:
        hint = ""
    return AssessForm(data, prefix="assess", hint=hint,
                      usual=bool(reason["reasonable"]) if reason else None)


ANSWERABLE = (Offer.Status.ISSUED, Offer.Status.VIEWING_ARRANGED, Offer.Status.VIEWED)


def offer_context(request: HttpRequest, offer: Offer, *,
                  viewing_form: ViewingForm | None = None,
                  accept_form: ConfirmForm | None = None,
                  refuse_form: RefuseForm | None = None,
                  assess_form: AssessForm | None = None,
                  withdraw_form: WithdrawOfferForm | None = None,
                  signup_form: ConfirmForm | None = None) -> dict[str, Any]:
    """Everything the offer page shows, and the forms its status allows."""
    scheme = scheme_in_force()
    reasons = {r["code"]: r for r in scheme.refusal_reasons}
    reason = reasons.get(offer.refusal_reason_code)
    now = timezone.now()
    can_view = offer.status in (Offer.Status.ISSUED, Offer.Status.VIEWING_ARRANGED)
    can_answer = offer.status in ANSWERABLE
    can_refuse = can_answer or offer.status == Offer.Status.ACCEPTED
    can_assess = (offer.status in (Offer.Status.REFUSED, Offer.Status.LAPSED)
                  and not offer.refusal_assessment
                  and (offer.status == Offer.Status.REFUSED or scheme.no_response_is_refusal))
    viewing_form = viewing_form or ViewingForm(prefix="viewing")
    accept_form = accept_form or ConfirmForm(prefix="accept")
    refuse_form = refuse_form or RefuseForm(prefix="refuse", reasons=scheme.refusal_reasons)
    assess_form = assess_form or assess_form_for(offer)
    withdraw_form = withdraw_form or WithdrawOfferForm(prefix="withdraw")
    signup_form = signup_form or ConfirmForm(prefix="signup")
    # The sign-up comes after acceptance (lettings.views.staff_signups); a housing
    # association signs up its own nomination offers.
    signup = SignUp.objects.filter(offer=offer).first()
    is_nomination = offer.offer_type == Offer.Type.NOMINATION
    lead = offer.application.members.filter(role="lead").first()
    return {
        "offer": offer,
        "application": offer.application,
        "lead": lead,
        "property": offer.property,
        "entry": offer.shortlist_entry,
        "reason_label": reason["label"] if reason else offer.refusal_reason_code,
        "reason_usual": usually(bool(reason["reasonable"])) if reason else "",
        "overdue": offer.status in ANSWERABLE and offer.respond_by < now,
        "can_view": can_view,
        "can_accept": can_answer,
        "can_refuse": can_refuse,
        "can_assess": can_assess,
        "lapse_not_refusal": (offer.status == Offer.Status.LAPSED
                              and not scheme.no_response_is_refusal),
        "can_withdraw": offer.can_move_to(Offer.Status.WITHDRAWN),
        "viewing_form": viewing_form,
        "accept_form": accept_form,
        "refuse_form": refuse_form,
        "assess_form": assess_form,
        "withdraw_form": withdraw_form,
        "signup": signup,
        "is_nomination": is_nomination,
        "can_start_signup": (offer.status == Offer.Status.ACCEPTED and not is_nomination
                             and signup is None),
        "signup_form": signup_form,
        "direct_match": DirectMatch.objects.filter(offer=offer).first(),
        "result": (LettingResult.objects.filter(offer=offer).first()
                   if offer.status == Offer.Status.SIGNED_UP else None),
        "letters": _letters(offer),
        "history": history_rows(offer.history.all()),
        "form": failed(viewing_form, accept_form, refuse_form, assess_form, withdraw_form,
                       signup_form),
    }


class OfferDetailView(LettingsStaffRequiredMixin, View):
    """Lettings staff: one offer (the home, the applicant, its status, viewing and respond-by
    time, the answer and any refusal's assessment and penalty), and the actions its status
    allows."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        offer = _offer(request, pk)
        return render(request, OFFER_TEMPLATE, offer_context(request, offer))


class _OfferActionView(LettingsStaffRequiredMixin, View):
    """One form on the offer page, posted to its own URL (as ``_EntryActionView``)."""

    http_method_names = ["post"]
    context_name: str
    prefix: str

    def make_form(self, request: HttpRequest, offer: Offer) -> Any:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        offer = _offer(request, pk)
        form = self.make_form(request, offer)
        if form.is_valid():
            try:
                done = self.act(request, offer, form.cleaned_data)
            except ApplicationError as exc:
                _refused(form, exc, rename={"viewing_at": "viewing_date"})
            else:
                return redirect("lettings:staff-offer", done.pk)
        return render(request, OFFER_TEMPLATE,
                      offer_context(request, _offer(request, pk), **{self.context_name: form}),
                      status=400)

    def act(self, request: HttpRequest, offer: Offer, data: dict[str, Any]) -> Offer:
        raise NotImplementedError


class OfferViewingView(_OfferActionView):
    """Lettings staff: arrange or move the viewing (``offer_arrange_viewing``); the applicant
    then has the scheme's hours after it to answer, and the viewing letter is sent."""

    context_name = "viewing_form"
    prefix = "viewing"

    def make_form(self, request: HttpRequest, offer: Offer) -> ViewingForm:
        return ViewingForm(request.POST, prefix=self.prefix)

    def act(self, request: HttpRequest, offer: Offer, data: dict[str, Any]) -> Offer:
        done = offer_arrange_viewing(offer=offer, actor=request.user,
                                     viewing_at=data["viewing_at"])
        messages.success(request, "Viewing arranged and the viewing letter sent")
        return done


class OfferAcceptView(_OfferActionView):
    """Lettings staff: record that the applicant accepted (``offer_accept``); their other
    bids are withdrawn."""

    context_name = "accept_form"
    prefix = "accept"

    def make_form(self, request: HttpRequest, offer: Offer) -> ConfirmForm:
        return ConfirmForm(request.POST, prefix=self.prefix)

    def act(self, request: HttpRequest, offer: Offer, data: dict[str, Any]) -> Offer:
        done = offer_accept(offer=offer, actor=request.user)
        messages.success(request, "Acceptance recorded. The applicant's other bids have been "
                                  "withdrawn.")
        return done


class OfferRefuseView(_OfferActionView):
    """Lettings staff: record that the applicant refused, with their reason
    (``offer_refuse``); the home goes back to the shortlist."""

    context_name = "refuse_form"
    prefix = "refuse"

    def make_form(self, request: HttpRequest, offer: Offer) -> RefuseForm:
        return RefuseForm(request.POST, prefix=self.prefix,
                          reasons=scheme_in_force().refusal_reasons)

    def act(self, request: HttpRequest, offer: Offer, data: dict[str, Any]) -> Offer:
        done = offer_refuse(offer=offer, actor=request.user, reason_code=data["reason_code"],
                            reason_text=data.get("reason_text") or "")
        messages.success(request, "Refusal recorded. Assess whether it was reasonable.")
        return done


class OfferAssessView(_OfferActionView):
    """Lettings staff: decide whether a refused (or lapsed) offer was reasonable
    (``offer_assess_refusal``); an unreasonable one may bring the scheme's penalty, and the
    decision letter is sent."""

    context_name = "assess_form"
    prefix = "assess"

    def make_form(self, request: HttpRequest, offer: Offer) -> AssessForm:
        return assess_form_for(offer, request.POST)

    def act(self, request: HttpRequest, offer: Offer, data: dict[str, Any]) -> Offer:
        done = offer_assess_refusal(offer=offer, actor=request.user,
                                    assessment=data["assessment"], note=data["note"])
        text = f"Refusal assessed as {done.get_refusal_assessment_display().lower()}"
        text += f". {done.penalty_applied}" if done.penalty_applied else ". No penalty applies."
        messages.success(request, text)
        return done


class OfferWithdrawView(_OfferActionView):
    """Lettings staff: the landlord withdraws the offer, with a reason (``offer_withdraw``).
    Never counts as a refusal."""

    context_name = "withdraw_form"
    prefix = "withdraw"

    def make_form(self, request: HttpRequest, offer: Offer) -> WithdrawOfferForm:
        return WithdrawOfferForm(request.POST, prefix=self.prefix)

    def act(self, request: HttpRequest, offer: Offer, data: dict[str, Any]) -> Offer:
        done = offer_withdraw(offer=offer, actor=request.user, reason=data["reason"])
        messages.success(request, "Offer withdrawn. The home is back with the shortlist.")
        return done


class OfferListView(LettingsStaffRequiredMixin, ListView):
    """Lettings staff: live offers, the soonest respond-by first, with those past their
    deadline marked."""

    template_name = "lettings/staff/offers.html"
    context_object_name = "offers"
    paginate_by = 50

    def get_queryset(self) -> Any:
        return (policies.offers_visible_to(self.request.user)
                .filter(status__in=LIVE_OFFER_STATUSES)
                .select_related("application", "property", "advert", "offered_by")
                .order_by("respond_by", "pk"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(now=timezone.now(), answerable=ANSWERABLE)
        return context
