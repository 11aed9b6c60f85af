"""Officer and manager pages for nominations to registered providers (DOMAIN.md §4.13, §5.4,
§7.5) under /staff/nominations/.

- The overview: open vacancies, the soonest due first, with the working days left to nominate,
  and nominations by status.
- One vacancy: the home, the provider and agreement, the SLA, its nominations and history; the
  actions its state allows: nominate the top verified bidders from the advert's shortlist, or a
  match from the register; return it to the provider.
- One nomination: its status, the provider's decision and reasons, and the council's answer to
  a rejection (accept it, or challenge it), or withdrawing an undecided nominee.
- Agreements (everyone on the lettings team may read; managers edit), and monitoring.

Lettings staff only (``NominationsStaffRequiredMixin``): medical advisers, providers' users
(who have /partners/) and applicants get 403. Each POST calls one service; bad input or a
refusal shows the page again with a GOV.UK error summary and status 400, and nothing changes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from applications.policies import applications_visible_to
from housing.accounts.mixins import PolicyRequiredMixin
from housing.core.exceptions import ApplicationError
from lettings.models import ShortlistEntry, Void
from lettings.policies import voids_visible_to
from lettings.views.staff_base import failed, history_rows, refused
from nominations import policies, selectors
from nominations.forms import (
    AgreementForm,
    ChallengeForm,
    MonitoringForm,
    RegisterNominateForm,
    RejectionAcceptForm,
    RequestOpenForm,
    ReturnForm,
    ShortlistNominateForm,
    WithdrawForm,
)
from nominations.models import Nomination, NominationAgreement, NominationRequest
from nominations.rules.rejections import reason_label
from nominations.services import council
from nominations.services._common import agreement_in_force

REQUEST_TEMPLATE = "nominations/staff/request.html"
NOMINATION_TEMPLATE = "nominations/staff/nomination.html"
AGREEMENT_TEMPLATE = "nominations/staff/agreement_form.html"


class NominationsStaffRequiredMixin(PolicyRequiredMixin):
    """The council's lettings staff: officers, managers and administrators."""

    policy = staticmethod(policies.is_nominations_staff)


class AgreementEditorRequiredMixin(PolicyRequiredMixin):
    """Managers and administrators."""

    policy = staticmethod(policies.can_edit_agreements)


# --- The overview -------------------------------------------------------------------------------

class NominationsHomeView(NominationsStaffRequiredMixin, View):
    """Open vacancies with their SLA countdown, and nominations by status (``?status=``)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        statuses = dict(Nomination.Status.choices)
        status = request.GET.get("status", "")
        status = status if status in statuses else ""
        nominations = list(selectors.nominations_list(user=request.user, status=status)[:100])
        for nomination in nominations:
            nomination.days_left = selectors.days_left(nomination.decide_by)  # type: ignore[attr-defined]
        return render(request, "nominations/staff/home.html", {
            "vacancies": selectors.open_vacancies(user=request.user),
            "counts": selectors.nomination_counts(user=request.user),
            "nominations": nominations, "status": status,
            "status_label": statuses.get(status, ""),
            "can_edit_agreements": policies.can_edit_agreements(request.user),
        })


# --- Opening a vacancy --------------------------------------------------------------------------

def _void(request: HttpRequest, raw: str) -> Void | None:
    if not raw.isdigit():
        return None
    return (voids_visible_to(request.user).select_related("property", "property__landlord")
            .filter(pk=int(raw)).first())


class RequestNewView(NominationsStaffRequiredMixin, View):
    """Open a vacancy for nomination for a provider's void (``?void=<id>``), for example from
    the shortlist of the provider's advertised home."""

    http_method_names = ["get", "head", "post"]

    def _render(self, request: HttpRequest, void: Void, form: RequestOpenForm,
                status: int = 200) -> HttpResponse:
        agreement = agreement_in_force(void.property.landlord_id)
        return render(request, "nominations/staff/request_new.html", {
            "void": void, "property": void.property, "agreement": agreement,
            "open_request": selectors.open_request_for_void(void.pk),
            "open_form": form, "form": form if form.errors else None}, status=status)

    def get(self, request: HttpRequest) -> HttpResponseBase:
        void = _void(request, request.GET.get("void", ""))
        if void is None:
            raise Http404("No such void")
        already = selectors.open_request_for_void(void.pk)
        if already is not None:
            return redirect("nominations:staff-request", already.pk)
        route = request.GET.get("route", "")
        initial = {"route": route if route in NominationRequest.Route.values else "",
                   "is_first_let": "yes" if void.reason_vacant in selectors.FIRST_LET_REASONS
                   else "no"}
        return self._render(request, void, RequestOpenForm(initial=initial))

    def post(self, request: HttpRequest) -> HttpResponseBase:
        void = _void(request, request.POST.get("void", ""))
        if void is None:
            raise Http404("No such void")
        form = RequestOpenForm(request.POST)
        if form.is_valid():
            try:
                opened = council.nomination_request_open(
                    void=void, actor=request.user, route=form.cleaned_data["route"],
                    is_first_let=form.cleaned_data["is_first_let"] == "yes",
                    special_criteria=form.cleaned_data["special_criteria"])
            except ApplicationError as exc:
                refused(form, exc, as_sentence=True)
            else:
                messages.success(request, f"Vacancy {opened.reference} opened. Nominate by "
                                          f"{opened.nominate_by:%-d %B %Y}.")
                return redirect("nominations:staff-request", opened.pk)
        return self._render(request, void, form, status=400)


# --- One vacancy --------------------------------------------------------------------------------

def _request(request: HttpRequest, pk: int) -> NominationRequest:
    found = (policies.requests_visible_to(request.user)
             .select_related("provider", "agreement", "property", "property__landlord", "void",
                             "advert", "notified_by")
             .filter(pk=pk).first())
    if found is None:
        raise Http404("No such vacancy")
    return found


def request_context(request: HttpRequest, vacancy: NominationRequest, *,
                    shortlist_form: ShortlistNominateForm | None = None,
                    register_form: RegisterNominateForm | None = None,
                    return_form: ReturnForm | None = None) -> dict[str, Any]:
    """Everything the vacancy page shows, and the forms its state allows."""
    user = request.user
    visible = applications_visible_to(user)
    nominations = list(Nomination.objects.filter(request=vacancy)
                       .select_related("application", "sent_by").order_by("rank", "sent_at"))
    open_ = vacancy.status in NominationRequest.OPEN_STATUSES
    room = vacancy.agreement.nominees_per_vacancy - sum(
        1 for n in nominations if n.status in Nomination.LIVE_STATUSES)
    advertised = vacancy.route == NominationRequest.Route.ADVERTISED
    choices: list[selectors.ShortlistChoice] = []
    matches: list[selectors.RegisterMatch] = []
    hidden = 0
    if open_ and room > 0 and advertised:
        choices = selectors.shortlist_choices(vacancy)
    elif open_ and room > 0:
        found = selectors.register_matches(vacancy)
        allowed = set(visible.filter(pk__in=[m.application.pk for m in found])
                      .values_list("pk", flat=True))
        matches = [m for m in found if m.application.pk in allowed]
        hidden = len(found) - len(matches)
    shortlist_form = shortlist_form or ShortlistNominateForm(
        prefix="shortlist", choices=[(str(c.entry.pk), str(c.entry.rank)) for c in choices])
    register_form = register_form or RegisterNominateForm(
        prefix="register", choices=[(str(m.application.pk), m.application.reference)
                                    for m in matches])
    return_form = return_form or ReturnForm(prefix="return")
    return {
        "vacancy": vacancy, "property": vacancy.property, "agreement": vacancy.agreement,
        "advert": selectors.request_advert(vacancy) if advertised else None,
        "days_left": selectors.days_left(vacancy.nominate_by) if open_ else None,
        "nominations": nominations, "room": room, "is_open": open_,
        "can_nominate": open_ and room > 0,
        "can_return": vacancy.status == NominationRequest.Status.REQUESTED,
        "choices": choices, "matches": matches, "hidden_matches": hidden,
        "shortlist_form": shortlist_form, "register_form": register_form,
        "return_form": return_form,
        "history": history_rows(vacancy.history.all()),
        "form": failed(shortlist_form, register_form, return_form),
    }


class RequestDetailView(NominationsStaffRequiredMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, REQUEST_TEMPLATE, request_context(request, _request(request, pk)))


class RequestNominateShortlistView(NominationsStaffRequiredMixin, View):
    """Nominate the top verified bidders (``nominate_from_shortlist``)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        vacancy = _request(request, pk)
        choices = selectors.shortlist_choices(vacancy)
        form = ShortlistNominateForm(request.POST, prefix="shortlist",
                                     choices=[(str(c.entry.pk), str(c.entry.rank))
                                              for c in choices])
        if form.is_valid():
            wanted = {int(pk) for pk in form.cleaned_data["entries"]}
            entries = list(ShortlistEntry.objects.filter(pk__in=wanted))
            try:
                made = council.nominate_from_shortlist(request=vacancy, entries=entries,
                                                       actor=request.user)
            except ApplicationError as exc:
                refused(form, exc)
                for note in exc.errors.get("entries", []):
                    if note not in form.errors.get("entries", []):
                        form.add_error("entries", note)
            else:
                people = ", ".join(n.application.reference for n in made)
                messages.success(request, f"Nominated {people} to {vacancy.provider.name}. "
                                          f"The nomination notice has been sent.")
                return redirect("nominations:staff-request", vacancy.pk)
        return render(request, REQUEST_TEMPLATE,
                      request_context(request, _request(request, pk), shortlist_form=form),
                      status=400)


class RequestNominateRegisterView(NominationsStaffRequiredMixin, View):
    """Nominate a match from the register (``nominate_from_register``)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        vacancy = _request(request, pk)
        found = selectors.register_matches(vacancy)
        visible = set(applications_visible_to(request.user)
                      .filter(pk__in=[m.application.pk for m in found])
                      .values_list("pk", flat=True))
        matches = {str(m.application.pk): m.application for m in found
                   if m.application.pk in visible}
        form = RegisterNominateForm(request.POST, prefix="register",
                                    choices=[(key, app.reference)
                                             for key, app in matches.items()])
        if form.is_valid():
            try:
                made = council.nominate_from_register(
                    request=vacancy, application=matches[form.cleaned_data["application"]],
                    actor=request.user, not_top_reason=form.cleaned_data["not_top_reason"])
            except ApplicationError as exc:
                refused(form, exc)
            else:
                messages.success(request, f"Nominated {made.application.reference} to "
                                          f"{vacancy.provider.name}. The nomination notice has "
                                          f"been sent.")
                return redirect("nominations:staff-request", vacancy.pk)
        return render(request, REQUEST_TEMPLATE,
                      request_context(request, _request(request, pk), register_form=form),
                      status=400)


class RequestReturnView(NominationsStaffRequiredMixin, View):
    """Return the vacancy to the provider: no suitable nominee (``request_return_to_rp``)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        vacancy = _request(request, pk)
        form = ReturnForm(request.POST, prefix="return")
        if form.is_valid():
            try:
                council.request_return_to_rp(request=vacancy, actor=request.user,
                                             reason=form.cleaned_data["reason"])
            except ApplicationError as exc:
                refused(form, exc)
            else:
                messages.success(request, f"Vacancy {vacancy.reference} returned to "
                                          f"{vacancy.provider.name}.")
                return redirect("nominations:staff-request", vacancy.pk)
        return render(request, REQUEST_TEMPLATE,
                      request_context(request, _request(request, pk), return_form=form),
                      status=400)


# --- One nomination -----------------------------------------------------------------------------

def _nomination(request: HttpRequest, pk: int) -> Nomination:
    found = (policies.nominations_visible_to(request.user)
             .filter(application__in=applications_visible_to(request.user))
             .select_related("request", "request__provider", "request__agreement",
                             "request__property", "application", "shortlist_entry", "sent_by",
                             "decided_by", "challenged_by", "offer")
             .filter(pk=pk).first())
    if found is None:
        raise Http404("No such nomination")
    return found


def nomination_context(request: HttpRequest, nomination: Nomination, *,
                       accept_form: RejectionAcceptForm | None = None,
                       challenge_form: ChallengeForm | None = None,
                       withdraw_form: WithdrawForm | None = None) -> dict[str, Any]:
    accept_form = accept_form or RejectionAcceptForm(prefix="accept")
    challenge_form = challenge_form or ChallengeForm(prefix="challenge")
    withdraw_form = withdraw_form or WithdrawForm(prefix="withdraw")
    pending = nomination.status == Nomination.Status.RP_REJECTED
    undecided = nomination.status in (Nomination.Status.SENT, Nomination.Status.RP_REVIEWING)
    lead = nomination.application.members.filter(role="lead").first()
    return {
        "nomination": nomination, "vacancy": nomination.request,
        "application": nomination.application, "lead": lead,
        "reason_label": reason_label(nomination.request.agreement.rejection_reasons,
                                     nomination.rejection_reason_code)
        if nomination.rejection_reason_code else "",
        "days_left": selectors.days_left(nomination.decide_by) if undecided else None,
        "can_answer": pending,
        "can_withdraw": nomination.status in council.COUNCIL_WITHDRAWABLE,
        "accept_form": accept_form, "challenge_form": challenge_form,
        "withdraw_form": withdraw_form,
        "history": history_rows(nomination.history.all()),
        "form": failed(accept_form, challenge_form, withdraw_form),
    }


class NominationDetailView(NominationsStaffRequiredMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, NOMINATION_TEMPLATE,
                      nomination_context(request, _nomination(request, pk)))


class _NominationAction(NominationsStaffRequiredMixin, View):
    """POST one form on the nomination page to one service."""

    http_method_names = ["post"]
    form_class: type[Any]
    prefix: str
    context_name: str

    def act(self, nomination: Nomination, data: dict[str, Any]) -> str:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        nomination = _nomination(request, pk)
        form = self.form_class(request.POST, prefix=self.prefix)
        if form.is_valid():
            try:
                done = self.act(nomination, form.cleaned_data)
            except ApplicationError as exc:
                refused(form, exc)
            else:
                messages.success(request, done)
                return redirect("nominations:staff-nomination", nomination.pk)
        return render(request, NOMINATION_TEMPLATE,
                      nomination_context(request, _nomination(request, pk),
                                         **{self.context_name: form}), status=400)


class RejectionAcceptView(_NominationAction):
    """Accept the provider's rejection (``rejection_accept``)."""

    form_class, prefix, context_name = RejectionAcceptForm, "accept", "accept_form"

    def act(self, nomination: Nomination, data: dict[str, Any]) -> str:
        council.rejection_accept(nomination=nomination, actor=self.request.user,
                                 note=data["note"])
        return ("Rejection accepted. The applicant has been told why, and the vacancy is "
                "waiting for another nominee.")


class RejectionChallengeView(_NominationAction):
    """Challenge the provider's rejection (``rejection_challenge``)."""

    form_class, prefix, context_name = ChallengeForm, "challenge", "challenge_form"

    def act(self, nomination: Nomination, data: dict[str, Any]) -> str:
        council.rejection_challenge(nomination=nomination, actor=self.request.user,
                                    note=data["note"])
        return f"Rejection challenged. {nomination.request.provider.name} will answer it."


class NominationWithdrawView(_NominationAction):
    """Withdraw a nominee the provider has not accepted (``nomination_withdraw``)."""

    form_class, prefix, context_name = WithdrawForm, "withdraw", "withdraw_form"

    def act(self, nomination: Nomination, data: dict[str, Any]) -> str:
        council.nomination_withdraw(nomination=nomination, actor=self.request.user,
                                    reason=data["reason"])
        return "Nomination withdrawn."


# --- Agreements ---------------------------------------------------------------------------------

class AgreementListView(NominationsStaffRequiredMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        agreements = list(policies.agreements_visible_to(request.user)
                          .select_related("provider").order_by("provider__name",
                                                               "-effective_from"))
        for agreement in agreements:
            agreement.is_in_force = agreement.in_force(today)  # type: ignore[attr-defined]
        return render(request, "nominations/staff/agreements.html", {
            "agreements": agreements,
            "can_edit": policies.can_edit_agreements(request.user)})


def _agreement_data(form: AgreementForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


class AgreementNewView(AgreementEditorRequiredMixin, View):
    http_method_names = ["get", "head", "post"]

    def _render(self, request: HttpRequest, form: AgreementForm,
                status: int = 200) -> HttpResponse:
        return render(request, AGREEMENT_TEMPLATE, {"agreement": None, "agreement_form": form,
                                                    "form": form if form.errors else None},
                      status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        blank = NominationAgreement()
        initial = AgreementForm.initial_for(blank)
        initial.update(name="", effective_from=None)
        return self._render(request, AgreementForm(initial=initial, new=True))

    def post(self, request: HttpRequest) -> HttpResponseBase:
        form = AgreementForm(request.POST, new=True)
        if form.is_valid():
            try:
                saved = council.agreement_save(actor=request.user, data=_agreement_data(form))
            except ApplicationError as exc:
                refused(form, exc)
            else:
                messages.success(request, f"Agreement “{saved.name}” saved.")
                return redirect("nominations:staff-agreements")
        return self._render(request, form, status=400)


class AgreementEditView(AgreementEditorRequiredMixin, View):
    http_method_names = ["get", "head", "post"]

    def _agreement(self, pk: int) -> NominationAgreement:
        found = (policies.agreements_visible_to(self.request.user).select_related("provider")
                 .filter(pk=pk).first())
        if found is None:
            raise Http404("No such agreement")
        return found

    def _render(self, request: HttpRequest, agreement: NominationAgreement,
                form: AgreementForm, status: int = 200) -> HttpResponse:
        return render(request, AGREEMENT_TEMPLATE, {
            "agreement": agreement, "agreement_form": form,
            "form": form if form.errors else None}, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = self._agreement(pk)
        return self._render(request, agreement,
                            AgreementForm(initial=AgreementForm.initial_for(agreement), new=False))

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        agreement = self._agreement(pk)
        form = AgreementForm(request.POST, new=False)
        if form.is_valid():
            try:
                saved = council.agreement_save(actor=request.user, data=_agreement_data(form),
                                               agreement=agreement)
            except ApplicationError as exc:
                refused(form, exc)
            else:
                messages.success(request, f"Agreement “{saved.name}” saved.")
                return redirect("nominations:staff-agreements")
        return self._render(request, agreement, form, status=400)


# --- Monitoring ---------------------------------------------------------------------------------

class MonitoringView(NominationsStaffRequiredMixin, View):
    """Per provider and agreement over a period (§7.5)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        form = MonitoringForm(request.GET or None)
        start, end = form.period(timezone.localdate())
        bad = form.is_bound and not form.is_valid()
        rows = selectors.nominations_monitoring(user=request.user, start=start, end=end)
        return render(request, "nominations/staff/monitoring.html", {
            "rows": rows, "start": start, "end": end, "period_form": form,
            "form": form if bad else None}, status=400 if bad else 200)
