"""Partner portal: the provider's vacancies (DOMAIN.md §4.13, §5.4 step 1).

- The list: the organisation's vacancies with their status and the council's nominate-by date
  (working days left), and its open voids no vacancy covers yet.
- Notify a vacancy: one of its homes, or a new home with its details; why it is empty and the
  dates; first let; special criteria; whether the council should advertise it
  (``provider.void_notify``: the void and the vacancy are created together, or nothing is).
- One vacancy: its home, void, status and the nominations sent for it.

Provider users only (``PartnerRequiredMixin``). A vacancy of another organisation is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views import View

from housing.accounts.mixins import PartnerRequiredMixin
from housing.core.exceptions import ApplicationError
from lettings.policies import properties_visible_to
from lettings.services.stock import PROPERTY_FIELDS, VOID_FIELDS
from lettings.views.staff_base import failed
from nominations import selectors
from nominations.forms_partners import NewHomeForm, NotifyVacancyForm, VacancyVoidForm
from nominations.models import Nomination
from nominations.services.provider import void_notify

NEW_TEMPLATE = "partners/vacancy_new.html"


class VacancyListView(PartnerRequiredMixin, View):
    """The organisation's vacancies and its open voids not yet notified."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "partners/vacancies.html", {
            "rows": selectors.partner_vacancies(user=request.user),
            "voids": selectors.partner_voids_without_request(user=request.user),
        })


def _homes(request: HttpRequest) -> Any:
    return properties_visible_to(request.user).order_by("reference")[:500]


def _put_errors(exc: ApplicationError, *, details: NotifyVacancyForm, home: NewHomeForm | None,
                void: VacancyVoidForm) -> None:
    """A refusal from the service, next to the question it is about."""
    placed = False
    for name, notes in exc.errors.items():
        target: Any
        if home is not None and name in PROPERTY_FIELDS and name in home.fields:
            target, field = home, name
        elif name in VOID_FIELDS and name in void.fields:
            target, field = void, name
        elif name in ("property", "void", "landlord"):
            target, field = details, "home"
        elif name in details.fields:
            target, field = details, name
        else:
            target, field = details, None
        for note in notes:
            target.add_error(field, note)
            placed = True
    if not placed or not exc.errors:
        details.add_error(None, exc.message)


class VacancyNewView(PartnerRequiredMixin, View):
    """Notify a vacancy: the void is recorded and the council's clock to nominate starts."""

    http_method_names = ["get", "head", "post"]

    def _render(self, request: HttpRequest, details: NotifyVacancyForm, home: NewHomeForm,
                void: VacancyVoidForm, status: int = 200) -> HttpResponse:
        errors = [f for f in (details, home, void) if f.errors]
        return render(request, NEW_TEMPLATE, {
            "details_form": details, "home_form": home, "void_form": void,
            "error_forms": errors, "form": failed(details, home, void)}, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, NotifyVacancyForm(homes=_homes(request)),
                            NewHomeForm(prefix="home"), VacancyVoidForm(prefix="void"))

    def post(self, request: HttpRequest) -> HttpResponseBase:
        homes = list(_homes(request))
        details = NotifyVacancyForm(request.POST, homes=homes)
        new_home = details.wants_new_home
        home = NewHomeForm(request.POST if new_home else None, prefix="home")
        void = VacancyVoidForm(request.POST, prefix="void")
        valid = details.is_valid() & void.is_valid() & (home.is_valid() if new_home else True)
        if valid:
            chosen = None
            if not new_home:
                chosen = next((h for h in homes if str(h.pk) == details.cleaned_data["home"]),
                              None)
            try:
                vacancy = void_notify(
                    actor=request.user, property=chosen,
                    property_data=home.to_data() if new_home else None,
                    void_data=void.to_data(),
                    is_first_let=details.cleaned_data["is_first_let"],
                    special_criteria=details.cleaned_data.get("special_criteria") or "",
                    advertise=details.cleaned_data["route"] == "advertised")
            except ApplicationError as exc:
                _put_errors(exc, details=details, home=home if new_home else None, void=void)
            else:
                messages.success(request, f"Vacancy {vacancy.reference} sent to the council. "
                                          f"They will nominate by "
                                          f"{vacancy.nominate_by.day} "
                                          f"{vacancy.nominate_by:%B %Y}.")
                return redirect("partners:vacancy", vacancy.pk)
        return self._render(request, details, home, void, status=400)


class VacancyDetailView(PartnerRequiredMixin, View):
    """One of the organisation's vacancies and the nominations sent for it."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        vacancy = selectors.partner_request(user=request.user, pk=pk)
        if vacancy is None:
            raise Http404("No such vacancy")
        nominations = selectors.with_lead_names(
            Nomination.objects.filter(request=vacancy).select_related("application")
            .order_by("-sent_at", "rank"))
        return render(request, "partners/vacancy.html", {
            "vacancy": vacancy,
            "days_left": (selectors.days_left(vacancy.nominate_by)
                          if vacancy.status == vacancy.Status.REQUESTED else None),
            "nominations": [(n, selectors.nominee_name(n)) for n in nominations],
        })
