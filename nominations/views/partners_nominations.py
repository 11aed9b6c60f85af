"""Partner portal: the nominations sent to the provider (DOMAIN.md §4.13, §5.4 steps 4–5).

- The list: nominations waiting for a decision first, with the decide-by date and the working
  days left; tick several to accept them, or reject them with one reason (all or nothing).
- One nomination: the agreed minimum about the nominee (``selectors.nominee_summary``: no
  notes, no evidence, no other applicants); accept, or reject with a reason the agreement
  permits; answer the council's challenge; record the viewing, the offer, the nominee's
  acceptance and the tenancy start; or withdraw an accepted nominee. The provider's user
  opening a nomination starts its review ("provider reviewing").
- The CSV export of the organisation's own nominations, streamed, without restricted data.

Provider users only (``PartnerRequiredMixin``). Another organisation's nomination is a 404, so
ids cannot be probed. Each POST calls one service; bad input or a refusal shows the page again
with a GOV.UK error summary (status 400) and nothing has changed.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterator
from typing import Any, ClassVar

from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from housing.accounts.mixins import PartnerRequiredMixin
from housing.core.exceptions import ApplicationError
from lettings.models import Offer
from lettings.views.staff_base import failed, refused
from nominations import selectors
from nominations.forms_partners import (
    BulkDecisionForm,
    ChallengeAnswerForm,
    ConfirmForm,
    OfferDateForm,
    RejectForm,
    TenancyStartForm,
    ViewingForm,
    WithdrawForm,
)
from nominations.models import Nomination
from nominations.rules.rejections import reason_label
from nominations.services import _common
from nominations.services import provider as services

LIST_TEMPLATE = "partners/nominations.html"
DETAIL_TEMPLATE = "partners/nomination.html"
EXPORT_COLUMNS = ["Reference", "Home", "Nominee", "Status", "Sent", "Decide by", "Decided",
                  "Reason for rejecting", "Tenancy start"]


def _reasons_for(user: Any) -> list[dict[str, Any]]:
    """The rejection reasons of the user's organisation's agreement in force (for bulk
    decisions; each nomination is still checked against its own agreement)."""
    org = getattr(user, "organisation_id", None)
    agreement = _common.agreement_in_force(org) if org else None
    return list(agreement.rejection_reasons) if agreement is not None else []


# --- The list and bulk decisions ----------------------------------------------------------------

def _list_context(request: HttpRequest, bulk_form: BulkDecisionForm | None = None
                  ) -> dict[str, Any]:
    rows = selectors.partner_nomination_rows(user=request.user)
    decidable = [row for row in rows if row.nomination.status in selectors.PARTNER_UNDECIDED]
    reasons = _reasons_for(request.user)
    form = bulk_form or BulkDecisionForm(choices=_bulk_choices(decidable), reasons=reasons)
    return {"waiting": [row for row in rows if row.nomination.status
                        in selectors.PARTNER_WAITING],
            "others": [row for row in rows if row.nomination.status
                       not in selectors.PARTNER_WAITING],
            "decidable": {row.nomination.pk for row in decidable},
            "bulk_form": form, "form": failed(form),
            "ticked": set(request.POST.getlist("nominations")) if form.is_bound else set()}


def _bulk_choices(rows: list[selectors.PartnerNominationRow]) -> list[tuple[str, str]]:
    return [(str(row.nomination.pk), row.nominee) for row in rows]


class NominationListView(PartnerRequiredMixin, View):
    """The organisation's nominations, those waiting for a decision first; bulk decisions."""

    http_method_names = ["get", "head", "post"]

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, LIST_TEMPLATE, _list_context(request))

    def post(self, request: HttpRequest) -> HttpResponseBase:
        visible = selectors.partner_nominations(user=request.user).filter(
            status__in=selectors.PARTNER_UNDECIDED)
        choices = [(str(n.pk), selectors.nominee_name(n)) for n in visible]
        form = BulkDecisionForm(request.POST, choices=choices,
                                reasons=_reasons_for(request.user))
        if form.is_valid():
            chosen = [n for n in visible if str(n.pk) in set(form.cleaned_data["nominations"])]
            try:
                done = services.bulk_decide(
                    nominations=chosen, actor=request.user,
                    decision=form.cleaned_data["decision"],
                    reason_code=form.cleaned_data.get("reason_code") or "",
                    reason_text=form.cleaned_data.get("reason_text") or "")
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                for name, notes in exc.errors.items():
                    for note in notes:
                        form.add_error(name if name in ("reason_code", "reason_text") else None,
                                       note)
            else:
                verb = "accepted" if form.cleaned_data["decision"] == "accept" else "rejected"
                messages.success(request, f"{len(done)} nomination{'s' if len(done) != 1 else ''}"
                                          f" {verb}.")
                return redirect("partners:nominations")
        return render(request, LIST_TEMPLATE, _list_context(request, form), status=400)


# --- One nomination ------------------------------------------------------------------------------

def _nomination(request: HttpRequest, pk: int) -> Nomination:
    nomination = selectors.partner_nomination(user=request.user, pk=pk)
    if nomination is None:
        raise Http404("No such nomination")
    return nomination


FORMS = ("reject_form", "accept_form", "challenge_form", "viewing_form", "offer_form",
         "acceptance_form", "let_form", "withdraw_form")


def detail_context(request: HttpRequest, nomination: Nomination, **forms: Any
                   ) -> dict[str, Any]:
    status = nomination.status
    S = Nomination.Status
    reasons = nomination.request.agreement.rejection_reasons
    made = {
        "accept_form": forms.get("accept_form") or ConfirmForm(prefix="accept"),
        "reject_form": forms.get("reject_form") or RejectForm(prefix="reject", reasons=reasons),
        "challenge_form": forms.get("challenge_form") or ChallengeAnswerForm(prefix="challenge"),
        "viewing_form": forms.get("viewing_form") or ViewingForm(prefix="viewing"),
        "offer_form": forms.get("offer_form") or OfferDateForm(prefix="offer"),
        "acceptance_form": forms.get("acceptance_form") or ConfirmForm(prefix="acceptance"),
        "let_form": forms.get("let_form") or TenancyStartForm(prefix="let"),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(prefix="withdraw"),
    }
    offer: Offer | None = nomination.offer if nomination.offer_id else None
    return {
        "nomination": nomination,
        "vacancy": nomination.request,
        "nominee": selectors.nominee_summary(nomination),
        "days_left": (selectors.days_left(nomination.decide_by)
                      if status in selectors.PARTNER_UNDECIDED else None),
        "reason": (reason_label(reasons, nomination.rejection_reason_code)
                   if nomination.rejection_reason_code else ""),
        "offer": offer,
        "can_decide": status in selectors.PARTNER_UNDECIDED,
        "can_answer_challenge": status == S.CHALLENGED,
        "can_record_viewing": status in (S.ACCEPTED, S.OFFERED),
        "can_record_offer": status == S.ACCEPTED,
        "can_record_acceptance": status == S.OFFERED and offer is not None
        and offer.status in (Offer.Status.ISSUED, Offer.Status.VIEWING_ARRANGED,
                             Offer.Status.VIEWED),
        "can_record_let": status == S.OFFERED and offer is not None
        and offer.status == Offer.Status.ACCEPTED,
        "can_withdraw": status in (S.ACCEPTED, S.OFFERED),
        **made,
        "form": failed(*made.values()),
    }


class NominationDetailView(PartnerRequiredMixin, View):
    """One nomination: the nominee's agreed minimum data and what the provider can do next.
    Opening a nomination just sent starts the provider's review."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        nomination = _nomination(request, pk)
        if nomination.status == Nomination.Status.SENT:
            # If someone decided it meanwhile, it is shown as it is now.
            with contextlib.suppress(ApplicationError):
                services.nomination_review_start(nomination=nomination, actor=request.user)
            nomination = _nomination(request, pk)
        return render(request, DETAIL_TEMPLATE, detail_context(request, nomination))


class _ActionView(PartnerRequiredMixin, View):
    """One form on the nomination page, posted to its own URL."""

    http_method_names = ["post"]
    context_name: str
    prefix: str
    done_message: str
    rename: ClassVar[dict[str, str]] = {}

    def make_form(self, request: HttpRequest, nomination: Nomination) -> Any:
        raise NotImplementedError

    def act(self, request: HttpRequest, nomination: Nomination, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        nomination = _nomination(request, pk)
        form = self.make_form(request, nomination)
        if form.is_valid():
            try:
                self.act(request, nomination, form.cleaned_data)
            except ApplicationError as exc:
                errors = {self.rename.get(k, k): v for k, v in exc.errors.items()}
                refused(form, ApplicationError(exc.message, errors))
            else:
                messages.success(request, self.done_message)
                return redirect("partners:nomination", pk)
        return render(request, DETAIL_TEMPLATE,
                      detail_context(request, _nomination(request, pk),
                                     **{self.context_name: form}), status=400)


class AcceptView(_ActionView):
    context_name, prefix = "accept_form", "accept"
    done_message = "Nominee accepted. Offer them the home and record the outcome here."

    def make_form(self, request: HttpRequest, nomination: Nomination) -> ConfirmForm:
        return ConfirmForm(request.POST, prefix=self.prefix)

    def act(self, request: HttpRequest, nomination: Nomination, data: dict[str, Any]) -> None:
        services.nomination_accept(nomination=nomination, actor=request.user)


class RejectView(_ActionView):
    context_name, prefix = "reject_form", "reject"
    done_message = "Nominee rejected. The council will review your reasons."

    def make_form(self, request: HttpRequest, nomination: Nomination) -> RejectForm:
        return RejectForm(request.POST, prefix=self.prefix,
                          reasons=nomination.request.agreement.rejection_reasons)

    def act(self, request: HttpRequest, nomination: Nomination, data: dict[str, Any]) -> None:
        services.nomination_reject(nomination=nomination, actor=request.user,
                                   reason_code=data["reason_code"],
                                   reason_text=data["reason_text"])


class ChallengeView(_ActionView):
    context_name, prefix = "challenge_form", "challenge"
    done_message = "Your answer to the challenge has been sent to the council."

    def make_form(self, request: HttpRequest, nomination: Nomination) -> ChallengeAnswerForm:
        return ChallengeAnswerForm(request.POST, prefix=self.prefix)

    def act(self, request: HttpRequest, nomination: Nomination, data: dict[str, Any]) -> None:
        services.challenge_decide(nomination=nomination, actor=request.user,
                                  uphold=data["answer"] == "uphold", note=data.get("note") or "")


class ViewingView(_ActionView):
    context_name, prefix = "viewing_form", "viewing"
    done_message = "Viewing recorded."
    rename: ClassVar[dict[str, str]] = {"viewing_at": "viewing_date"}

    def make_form(self, request: HttpRequest, nomination: Nomination) -> ViewingForm:
        return ViewingForm(request.POST, prefix=self.prefix)

    def act(self, request: HttpRequest, nomination: Nomination, data: dict[str, Any]) -> None:
        services.nomination_record_viewing(nomination=nomination, actor=request.user,
                                           viewing_at=data["viewing_at"])


class OfferView(_ActionView):
    context_name, prefix = "offer_form", "offer"
    done_message = "Offer recorded. Record the nominee's answer when you have it."

    def make_form(self, request: HttpRequest, nomination: Nomination) -> OfferDateForm:
        return OfferDateForm(request.POST, prefix=self.prefix)

    def act(self, request: HttpRequest, nomination: Nomination, data: dict[str, Any]) -> None:
        services.nomination_record_offer(nomination=nomination, actor=request.user,
                                         offered_on=data["offered_on"])


class AcceptanceView(_ActionView):
    context_name, prefix = "acceptance_form", "acceptance"
    done_message = "The nominee's acceptance is recorded. Record the tenancy start next."

    def make_form(self, request: HttpRequest, nomination: Nomination) -> ConfirmForm:
        return ConfirmForm(request.POST, prefix=self.prefix)

    def act(self, request: HttpRequest, nomination: Nomination, data: dict[str, Any]) -> None:
        services.nomination_record_acceptance(nomination=nomination, actor=request.user)


class LetView(_ActionView):
    context_name, prefix = "let_form", "let"
    done_message = "Tenancy start recorded: the home is let."

    def make_form(self, request: HttpRequest, nomination: Nomination) -> TenancyStartForm:
        return TenancyStartForm(request.POST, prefix=self.prefix)

    def act(self, request: HttpRequest, nomination: Nomination, data: dict[str, Any]) -> None:
        services.nomination_record_let(nomination=nomination, actor=request.user,
                                       tenancy_start=data["tenancy_start"])


class WithdrawView(_ActionView):
    context_name, prefix = "withdraw_form", "withdraw"
    done_message = "Nomination withdrawn. The council will nominate someone else."

    def make_form(self, request: HttpRequest, nomination: Nomination) -> WithdrawForm:
        return WithdrawForm(request.POST, prefix=self.prefix)

    def act(self, request: HttpRequest, nomination: Nomination, data: dict[str, Any]) -> None:
        services.nomination_withdraw(nomination=nomination, actor=request.user,
                                     reason=data["reason"])


# --- The export ---------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


class NominationExportView(PartnerRequiredMixin, View):
    """The organisation's own nominations as CSV, streamed: reference, home, nominee, status,
    sent, decide by, decided, reason for rejecting, tenancy start. Nothing restricted."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> StreamingHttpResponse:
        writer = csv.writer(_Echo())

        def rows() -> Iterator[str]:
            yield writer.writerow(EXPORT_COLUMNS)
            for row in selectors.partner_export_rows(user=request.user):
                yield writer.writerow([_cell(v) for v in row])

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        day = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="nominations-{day}.csv"'
        response["Cache-Control"] = "no-store"
        return response
