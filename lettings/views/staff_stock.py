"""Officer pages for homes and voids (DOMAIN.md §3.8, §3.9, §5.10): the stock list, a home's
details, photos and voids, and each void's stages with its dates and status.

Every page is for lettings staff only (``LettingsStaffRequiredMixin``); homes and voids are
found through ``policies.properties_visible_to`` / ``voids_visible_to`` (404 otherwise). Each
POST calls one service; a refusal shows the page again with a GOV.UK error summary and status
400 and nothing has changed; success redirects (post/redirect/get) with a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from housing.accounts.models import Organisation
from housing.core.audit import timeline
from housing.core.exceptions import ApplicationError
from lettings import policies
from lettings.forms import (
    PhotoForm,
    PropertyForm,
    PropertySearchForm,
    VoidFilterForm,
    VoidForm,
    VoidTransitionForm,
    property_initial,
    void_initial,
)
from lettings.models import Advert, Bid, Property, PropertyPhoto, Void
from lettings.services.stock import (
    property_create,
    property_photo_add,
    property_photo_remove,
    property_update,
    void_create,
    void_transition,
    void_update,
)
from lettings.views.photos import photo_response
from lettings.views.staff_base import (
    LettingsStaffRequiredMixin,
    failed,
    history_rows,
    refused,
)

VOID_LABELS = dict(Void.Status.choices)
# A void becomes "advertised" when its advert goes live, never by hand (the advert pages do it).
NOT_BY_HAND = frozenset({Void.Status.ADVERTISED})


def _organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).order_by("name")


def _property(request: HttpRequest, pk: int) -> Property:
    prop = (policies.properties_visible_to(request.user)
            .select_related("landlord", "managing_org").filter(pk=pk).first())
    if prop is None:
        raise Http404("No such home")
    return prop


def _void(request: HttpRequest, pk: int) -> Void:
    void = (policies.voids_visible_to(request.user)
            .select_related("property", "property__landlord", "created_by", "notified_by")
            .filter(pk=pk).first())
    if void is None:
        raise Http404("No such void")
    return void


# --- Homes ------------------------------------------------------------------------------------

class PropertyListView(LettingsStaffRequiredMixin, ListView):
    """Lettings staff: the stock list, searchable by reference, address or postcode and
    filtered by landlord and bedrooms, with each home's open void."""

    template_name = "lettings/staff/properties.html"
    context_object_name = "properties"
    paginate_by = 50

    def get_queryset(self) -> Any:
        visible = policies.properties_visible_to(self.request.user)
        self.landlords = list(Organisation.objects.filter(
            pk__in=visible.values("landlord_id")).order_by("name"))
        form = PropertySearchForm(self.request.GET, landlords=self.landlords)
        form.is_valid()  # unknown filters are dropped; the rest still apply
        self.search_form = form
        data = form.cleaned_data
        self.query = (data.get("q") or "").strip()
        self.landlord = data.get("landlord") or ""
        self.bedrooms = data.get("bedrooms") or ""
        qs = visible.select_related("landlord")
        if self.query:
            squashed = self.query.replace(" ", "")
            qs = qs.filter(Q(reference__icontains=self.query)
                           | Q(address_line_1__icontains=self.query)
                           | Q(address_line_2__icontains=self.query)
                           | Q(town__icontains=self.query)
                           | Q(area__icontains=self.query)
                           | Q(postcode__icontains=self.query)
                           | Q(postcode__icontains=squashed))
        if self.landlord:
            qs = qs.filter(landlord_id=int(self.landlord))
        if self.bedrooms != "":
            qs = qs.filter(bedrooms=int(self.bedrooms))
        open_void = (Void.objects.filter(property=OuterRef("pk"), status__in=Void.OPEN_STATUSES)
                     .order_by("-created_at"))
        return (qs.annotate(open_void_id=Subquery(open_void.values("pk")[:1]),
                            open_void_status=Subquery(open_void.values("status")[:1]))
                .order_by("reference"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        for prop in context["properties"]:
            prop.open_void_label = VOID_LABELS.get(prop.open_void_status or "", "")
        context.update(search_form=self.search_form, query=self.query,
                       filtered=bool(self.query or self.landlord or self.bedrooms != ""))
        return context


def _property_form_page(request: HttpRequest, form: PropertyForm, prop: Property | None,
                        status: int = 200) -> HttpResponse:
    return render(request, "lettings/staff/property_form.html",
                  {"property": prop, "property_form": form,
                   "form": form if form.errors else None}, status=status)


class PropertyCreateView(LettingsStaffRequiredMixin, View):
    """Lettings staff: add a home to the stock list (``property_create``)."""

    http_method_names = ["get", "head", "post"]

    def get(self, request: HttpRequest) -> HttpResponse:
        form = PropertyForm(organisations=_organisations(),
                            initial={"property_type": Property.Type.FLAT,
                                     "designation": Property.Designation.GENERAL,
                                     "rent_type": Property.RentType.SOCIAL,
                                     "mobility_category": ""})
        return _property_form_page(request, form, None)

    def post(self, request: HttpRequest) -> HttpResponseBase:
        form = PropertyForm(request.POST, organisations=_organisations())
        if form.is_valid():
            try:
                prop = property_create(actor=request.user, data=form.to_data())
            except ApplicationError as exc:
                refused(form, exc)
            else:
                messages.success(request, f"Home {prop.reference} added")
                return redirect("lettings:staff-property", prop.pk)
        return _property_form_page(request, form, None, status=400)


class PropertyEditView(LettingsStaffRequiredMixin, View):
    """Lettings staff: correct a home's details (``property_update``)."""

    http_method_names = ["get", "head", "post"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        prop = _property(request, pk)
        form = PropertyForm(organisations=_organisations(), initial=property_initial(prop))
        return _property_form_page(request, form, prop)

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        prop = _property(request, pk)
        form = PropertyForm(request.POST, organisations=_organisations())
        if form.is_valid():
            try:
                property_update(prop=prop, actor=request.user, data=form.to_data())
            except ApplicationError as exc:
                refused(form, exc)
            else:
                messages.success(request, "Home details saved")
                return redirect("lettings:staff-property", prop.pk)
        return _property_form_page(request, form, prop, status=400)


@dataclass(frozen=True)
class VoidRow:
    void: Void
    days: int | None
    rent_loss: Decimal | None


class PropertyDetailView(LettingsStaffRequiredMixin, View):
    """Lettings staff: a home's details, photos, voids and adverts, and the history of changes
    to its details."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        prop = _property(request, pk)
        today = timezone.localdate()
        voids = list(prop.voids.all())
        adverts = list(prop.adverts.select_related("cycle")
                       .annotate(bid_count=Count("bids",
                                                 filter=Q(bids__status__in=Bid.LIVE_STATUSES)))
                       .order_by("-created_at", "-pk"))
        for void in voids:
            void.property = prop  # rent loss reads the home's rent; no query per void
        return render(request, "lettings/staff/property.html", {
            "property": prop,
            "photos": list(prop.photos.all()),
            "void_rows": [VoidRow(v, v.void_days(today), v.rent_loss(today)) for v in voids],
            "open_void": next((v for v in voids if v.is_open), None),
            "adverts": adverts,
            "history": timeline(prop.history.all()),
        })


class PropertyPhotosView(LettingsStaffRequiredMixin, View):
    """Lettings staff: a home's photos, and the form to add one with its description
    (``property_photo_add`` checks the file's content, not its name)."""

    http_method_names = ["get", "head", "post"]
    template_name = "lettings/staff/property_photos.html"

    def _render(self, request: HttpRequest, prop: Property, form: PhotoForm,
                status: int = 200) -> HttpResponse:
        return render(request, self.template_name,
                      {"property": prop, "photos": list(prop.photos.all()), "photo_form": form,
                       "form": form if form.errors else None}, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, _property(request, pk), PhotoForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        prop = _property(request, pk)
        form = PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                property_photo_add(prop=prop, actor=request.user,
                                   upload=form.cleaned_data["image"],
                                   alt_text=form.cleaned_data["alt_text"])
            except ApplicationError as exc:
                refused(form, exc)
            else:
                messages.success(request, "Photo added")
                return redirect("lettings:staff-property-photos", prop.pk)
        return self._render(request, prop, form, status=400)


def _photo(request: HttpRequest, token: str) -> PropertyPhoto:
    photo = (PropertyPhoto.objects.select_related("property")
             .filter(token=token,
                     property__in=policies.properties_visible_to(request.user)).first())
    if photo is None:
        raise Http404("No such photo")
    return photo


class PropertyPhotoView(LettingsStaffRequiredMixin, View):
    """Lettings staff: one photo, served with the type found in its content when it was
    uploaded (never the uploader's claim)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, token: str) -> HttpResponseBase:
        return photo_response(_photo(request, token), public=False)


class PropertyPhotoRemoveView(LettingsStaffRequiredMixin, View):
    """Lettings staff: remove a photo (``property_photo_remove``)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, token: str) -> HttpResponseBase:
        photo = _photo(request, token)
        prop = photo.property
        try:
            property_photo_remove(photo=photo, actor=request.user)
        except ApplicationError as exc:
            form = refused(PhotoForm(), exc)
            return render(request, PropertyPhotosView.template_name,
                          {"property": prop, "photos": list(prop.photos.all()),
                           "photo_form": PhotoForm(), "form": form}, status=400)
        messages.success(request, "Photo removed")
        return redirect("lettings:staff-property-photos", prop.pk)


# --- Voids ------------------------------------------------------------------------------------

class VoidCreateView(LettingsStaffRequiredMixin, View):
    """Lettings staff: record that a home is, or is about to be, empty (``void_create``)."""

    http_method_names = ["get", "head", "post"]
    template_name = "lettings/staff/void_new.html"

    def _render(self, request: HttpRequest, prop: Property, form: VoidForm,
                status: int = 200) -> HttpResponse:
        open_void = prop.voids.filter(status__in=Void.OPEN_STATUSES).first()
        return render(request, self.template_name,
                      {"property": prop, "void_form": form, "open_void": open_void,
                       "form": form if form.errors else None}, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        prop = _property(request, pk)
        initial: dict[str, str] = {"void_type": Void.VoidType.STANDARD}
        if prop.is_first_let:
            initial.update(reason_vacant=Void.ReasonVacant.NEW_BUILD,
                           void_type=Void.VoidType.NEW_BUILD)
        return self._render(request, prop, VoidForm(initial=initial))

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        prop = _property(request, pk)
        form = VoidForm(request.POST)
        if form.is_valid():
            try:
                void = void_create(prop=prop, actor=request.user, data=form.to_data())
            except ApplicationError as exc:
                refused(form, exc)
            else:
                messages.success(request, f"Void recorded: {void.get_status_display().lower()}")
                return redirect("lettings:staff-void", void.pk)
        return self._render(request, prop, form, status=400)


@dataclass(frozen=True)
class OpenVoidRow:
    void: Void
    days: int | None
    overdue: bool


class VoidListView(LettingsStaffRequiredMixin, ListView):
    """Lettings staff: open voids by status, with the days empty so far and the target date
    to be ready to let."""

    template_name = "lettings/staff/voids.html"
    context_object_name = "voids"
    paginate_by = 50

    def get_queryset(self) -> Any:
        visible = policies.voids_visible_to(self.request.user).filter(
            status__in=Void.OPEN_STATUSES)
        self.counts = dict(visible.order_by().values_list("status").annotate(n=Count("pk")))
        form = VoidFilterForm(self.request.GET, counts=self.counts)
        form.is_valid()
        self.filter_form = form
        self.status = form.cleaned_data.get("status") or ""
        qs = visible.select_related("property", "property__landlord")
        if self.status:
            qs = qs.filter(status=self.status)
        return qs.order_by("created_at", "pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["rows"] = [
            OpenVoidRow(void, void.void_days(today),
                        bool(void.target_ready_date and void.target_ready_date < today
                             and void.status in (Void.Status.NOTICE, Void.Status.VACANT,
                                                 Void.Status.IN_WORKS)))
            for void in context["voids"]]
        context.update(filter_form=self.filter_form, status=self.status,
                       status_label=VOID_LABELS.get(self.status, ""))
        return context


def _transition_choices(void: Void) -> list[tuple[str, str]]:
    return [(value, label) for value, label in Void.Status.choices
            if void.can_move_to(value) and value not in NOT_BY_HAND]


def void_context(request: HttpRequest, void: Void, *, dates_form: VoidForm | None = None,
                 status_form: VoidTransitionForm | None = None) -> dict[str, Any]:
    """Everything the void page shows; the forms passed in are the officer's refused ones."""
    today = timezone.localdate()
    adverts = list(void.adverts.select_related("cycle").order_by("-created_at", "-pk"))
    active_advert = next((a for a in adverts if a.status in Advert.ACTIVE_STATUSES), None)
    choices = _transition_choices(void)
    dates_form = dates_form or VoidForm(prefix="dates", initial=void_initial(void))
    status_form = status_form or VoidTransitionForm(prefix="status", choices=choices)
    return {
        "void": void,
        "property": void.property,
        "stages": void.stages(today),
        "void_days": void.void_days(today),
        "rent_loss": void.rent_loss(today),
        "adverts": adverts,
        "active_advert": active_advert,
        "can_advertise": (void.status == Void.Status.READY_TO_LET and active_advert is None
                          and policies.can_manage_adverts(request.user)),
        "dates_form": dates_form,
        "status_form": status_form if choices else None,
        "history": history_rows(void.history.all()),
        "form": failed(dates_form, status_form),
    }


class VoidDetailView(LettingsStaffRequiredMixin, View):
    """Lettings staff: a void's stages and days, rent lost so far, the forms to record its
    dates and move it on, and (when ready to let) the way to advertise it."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        void = _void(request, pk)
        return render(request, "lettings/staff/void.html", void_context(request, void))


class VoidDatesView(LettingsStaffRequiredMixin, View):
    """Lettings staff: record or correct a void's dates and works (``void_update``)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        void = _void(request, pk)
        form = VoidForm(request.POST, prefix="dates")
        if form.is_valid():
            try:
                void_update(void=void, actor=request.user, data=form.to_data())
            except ApplicationError as exc:
                refused(form, exc)
            else:
                messages.success(request, "Void dates saved")
                return redirect("lettings:staff-void", void.pk)
        void = _void(request, pk)
        return render(request, "lettings/staff/void.html",
                      void_context(request, void, dates_form=form), status=400)


class VoidStatusView(LettingsStaffRequiredMixin, View):
    """Lettings staff: move a void on to one of the statuses its lifecycle allows next
    (``void_transition``; ending it early needs a reason)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        void = _void(request, pk)
        form = VoidTransitionForm(request.POST, prefix="status",
                                  choices=_transition_choices(void))
        if form.is_valid():
            data = form.cleaned_data
            try:
                moved = void_transition(void=void, to=data["to"], actor=request.user,
                                        on=data.get("on"), reason=data.get("reason") or "")
            except ApplicationError as exc:
                refused(form, exc)
            else:
                messages.success(request, f"Void is now {moved.get_status_display().lower()}")
                return redirect("lettings:staff-void", void.pk)
        void = _void(request, pk)
        return render(request, "lettings/staff/void.html",
                      void_context(request, void, status_form=form), status=400)
