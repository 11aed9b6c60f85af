"""The applicant's offers of a home (DOMAIN.md §3.13, §4.9, §5.2 steps 8–9).

Applicants only, and only their own offers: an offer is theirs when its application's
``applicant_user`` is them. Anyone else's offer, or one that does not exist, is a 404.

The offer page shows the home, the rent and charges, the tenancy, the landlord, the viewing and
the deadline to answer (in UK time, in words). A homelessness final offer (s193) carries the
warning and the advice to accept and ask for a suitability review (s202). While the offer is
open and its deadline has not passed, the applicant can accept it (a confirmation page, then
``offer_accept``) or refuse it with a reason from the scheme's list (``offer_refuse``). Once
answered, the page says what happens next. Bad input shows the page again with a GOV.UK error
summary (400, or 409 when the state of the offer is in the way) and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from housing.accounts.mixins import ApplicantRequiredMixin
from housing.core.dates import spoken_moment
from housing.core.exceptions import ApplicationError
from housing.core.forms import GovukForm
from housing.core.views_helpers import add_form_errors
from housing.scheme.models import SchemeVersion
from housing.scheme.selectors import scheme_in_force
from lettings import policies as lettings_policies
from lettings import selectors
from lettings.models import Offer
from lettings.services import offers as offer_services
from lettings.views import portal_signups
from lettings.views.portal import home_heading

OFFER_TEMPLATE = "lettings/portal/offer.html"
ACCEPT_TEMPLATE = "lettings/portal/offer_accept.html"
REFUSE_TEMPLATE = "lettings/portal/offer_refuse.html"





def offers_of_applicant(user: Any) -> QuerySet[Offer]:
    """The offers made to the signed-in applicant's household (their applications' offers)."""
    return Offer.objects.filter(application__applicant_user=user)



def _scheme() -> SchemeVersion | None:
    try:
        return scheme_in_force()
    except ApplicationError:
        return None


def _offer(request: HttpRequest, pk: int) -> Offer:
    offer = (offers_of_applicant(request.user)
             .select_related("application", "property", "property__landlord", "advert")
             .filter(pk=pk).first())
    if offer is None:
        raise Http404("No such offer")
    return offer


def _photos(offer: Offer) -> tuple[str, list[Any]]:
    """The home's photos when its advert is public (they are served by the homes pages)."""
    if offer.advert is None or selectors.public_advert(offer.advert.reference) is None:
        return "", []
    return offer.advert.reference, list(offer.property.photos.all())


def _context(offer: Offer, **extra: Any) -> dict[str, Any]:
    now = timezone.now()
    scheme = _scheme()
    prop = offer.property
    advert_reference, photos = _photos(offer)
    problem = lettings_policies.offer_answer_problem(offer, now)
    return {
        "offer": offer, "prop": prop, "heading": home_heading(prop),
        "advert_reference": advert_reference, "photos": photos,
        "viewing_text": spoken_moment(offer.viewing_at) if offer.viewing_at else "",
        "deadline_text": spoken_moment(offer.respond_by),
        "can_answer": not problem, "answer_problem": problem,
        "scheme": scheme,
        "high_band": bool(scheme and scheme.priority_band_refusal_removes_priority
                          and offer.application.band in scheme.high_bands),
        "problems": [], **extra,
    }


class OfferView(ApplicantRequiredMixin, View):
    """Applicants only, their own offers only (others are a 404): the offer, the deadline to
    answer, the final-offer warning when it is one, and either the ways to answer or what
    happens next."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        offer = _offer(request, pk)
        return render(request, OFFER_TEMPLATE, _context(
            offer, tenancy_panel=portal_signups.offer_tenancy_panel(request.user, offer)))


class OfferAcceptView(ApplicantRequiredMixin, View):
    """Applicants only, their own offers only: confirm, then accept (``offer_accept``) while
    the offer is open and its deadline has not passed."""

    http_method_names = ["get", "head", "post"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, ACCEPT_TEMPLATE, _context(_offer(request, pk)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        offer = _offer(request, pk)
        problem = lettings_policies.offer_answer_problem(offer)
        if problem:
            return render(request, ACCEPT_TEMPLATE, _context(offer, problems=[problem]),
                          status=409)
        try:
            offer_services.offer_accept(offer=offer, actor=request.user)
        except ApplicationError as exc:
            return render(request, ACCEPT_TEMPLATE,
                          _context(_offer(request, pk), problems=[exc.message]),
                          status=exc.status_code)
        messages.success(request, f"You accepted the offer of {offer.property.address}.")
        return redirect("lettings:portal-offer", pk=offer.pk)


class RefuseOfferForm(GovukForm):
    """Why the applicant refuses: one of the scheme's reasons, and more detail (needed when the
    reason is "other")."""

    reason_code = forms.ChoiceField(
        label="Why are you refusing this home?", widget=forms.RadioSelect,
        error_messages={"required": "Select why you are refusing the offer",
                        "invalid_choice": "Select a reason from the list"})
    reason_text = forms.CharField(
        label="Tell us more", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="You must tell us more if you choose “Another reason”.",
        error_messages={"max_length": "Tell us more in 2,000 characters or fewer"})

    def __init__(self, *args: Any, reasons: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["reason_code"]
        field.choices = [(str(r["code"]), str(r["label"])) for r in reasons]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason_code") == "other" and not data.get("reason_text", "").strip():
            self.add_error("reason_text", "Tell us why you are refusing the offer")
        return data


class OfferRefuseView(ApplicantRequiredMixin, View):
    """Applicants only, their own offers only: refuse with a reason from the scheme's list and
    any detail (``offer_refuse``) while the offer is open and its deadline has not passed.
    "Another reason" needs the detail."""

    http_method_names = ["get", "head", "post"]

    @staticmethod
    def _reasons(scheme: SchemeVersion | None) -> list[dict[str, Any]]:
        return list(scheme.refusal_reasons) if scheme else []

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        offer = _offer(request, pk)
        form = RefuseOfferForm(reasons=self._reasons(_scheme()))
        return render(request, REFUSE_TEMPLATE, _context(offer, form=form))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        offer = _offer(request, pk)
        form = RefuseOfferForm(request.POST, reasons=self._reasons(_scheme()))
        problem = lettings_policies.offer_answer_problem(offer)
        if problem:
            return render(request, REFUSE_TEMPLATE,
                          _context(offer, form=form, problems=[problem]), status=409)
        if not form.is_valid():
            return render(request, REFUSE_TEMPLATE, _context(offer, form=form), status=400)
        try:
            offer_services.offer_refuse(offer=offer, actor=request.user,
                                        reason_code=form.cleaned_data["reason_code"],
                                        reason_text=form.cleaned_data["reason_text"])
        except ApplicationError as exc:
            add_form_errors(form, exc)
            return render(request, REFUSE_TEMPLATE, _context(_offer(request, pk), form=form),
                          status=exc.status_code)
        messages.success(request, f"You refused the offer of {offer.property.address}.")
        return redirect("lettings:portal-offer", pk=offer.pk)
