"""Officer forms for lettings: homes, voids, adverts, cycles and bidding on an applicant's
behalf (DOMAIN.md §3.8–3.11, §5.2, §5.10).

Validation of shape and GOV.UK wording only; the services decide (whether a void may move to a
status, whether a bid is allowed, whether criteria fit the home). Each form's ``to_data()``
turns its cleaned data into the ``data`` dict its service takes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from crispy_forms_gds.layout import HTML, Field, Layout
from django import forms
from django.utils import timezone

from applications.forms.priority import GovukDateField
from housing.accounts.models import Organisation
from housing.core.forms import GovukForm
from lettings.models import (
    Advert,
    Bid,
    BiddingCycle,
    LocalLettingsPlan,
    MobilityCategory,
    Property,
    Void,
)

REASON_MAX = 300
MAX_SIZE_CHOICE = 6
POSTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
AREA_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?( [0-9])?$")
ACCESS_NEED_CHOICES = [
    ("wheelchair", "Wheelchair user home (M4(3))"),
    ("step_free", "Step-free, accessible and adaptable home (M4(2))"),
    ("ground_or_lift", "Ground floor or lift access (no stairs)"),
]
SIZE_CHOICES = [(str(n), "Studio" if n == 0 else f"{n} bedroom{'s' if n > 1 else ''}")
                for n in range(0, MAX_SIZE_CHOICE + 1)]


def _money_input() -> forms.TextInput:
    # GOV.UK: a text box with a numeric keyboard, not <input type="number">.
    return forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})


def _number_input() -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})


def _section(title: str, *fields: Any) -> tuple[Any, ...]:
    """A heading and its questions. Headings rather than fieldsets, so the checkbox and radio
    groups inside (which are fieldsets themselves) are never nested."""
    return (HTML(f'<h2 class="govuk-heading-m govuk-!-margin-top-6">{title}</h2>'), *fields)


def _narrow(name: str) -> Field:
    return Field.text(name, field_width=3)


def _whole_number(label: str, *, required: bool = True, min_value: int | None = None,
                  max_value: int | None = None, help_text: str = "",
                  initial: int | None = None) -> forms.IntegerField:
    """A whole-number box whose messages name the question."""
    lower = f"{label[0].lower()}{label[1:]}"
    messages = {"required": f"Enter the {lower}",
                "invalid": f"The {lower} must be a whole number, like 2"}
    if min_value is not None:
        messages["min_value"] = f"The {lower} must be {min_value} or more"
    if max_value is not None:
        messages["max_value"] = f"The {lower} must be {max_value} or fewer"
    return forms.IntegerField(label=label, required=required, min_value=min_value,
                              max_value=max_value, help_text=help_text, initial=initial,
                              widget=_number_input(), error_messages=messages)


def _money(label: str, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    lower = f"{label[0].lower()}{label[1:]}"
    return forms.DecimalField(
        label=f"{label}, in pounds", required=required, max_digits=7, decimal_places=2,
        min_value=Decimal("0"), widget=_money_input(), help_text=help_text,
        error_messages={"required": f"Enter the {lower}",
                        "invalid": f"The {lower} must be an amount of money, like 110.50",
                        "min_value": f"The {lower} cannot be less than £0",
                        "max_digits": f"The {lower} is too large",
                        "max_whole_digits": f"The {lower} is too large",
                        "max_decimal_places": f"The {lower} can only have pence (2 decimal "
                                              "places)"})


def _choice(label: str, choices: Sequence[tuple[str, str]], *, required: bool = True,
            error: str = "", radios: bool = False, help_text: str = "") -> forms.ChoiceField:
    message = error or f"Choose the {label[0].lower()}{label[1:]}"
    return forms.ChoiceField(
        label=label, choices=list(choices), required=required, help_text=help_text,
        widget=forms.RadioSelect if radios else forms.Select,
        error_messages={"required": message, "invalid_choice": message})


def _reason(label: str, *, required: bool, help_text: str = "",
            required_message: str = "Enter a reason") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=REASON_MAX, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": required_message,
                        "max_length": f"The reason must be {REASON_MAX} characters or fewer"})


def split_list(text: str, *, upper: bool = False) -> list[str]:
    """Comma- or line-separated text as a list, without blanks or repeats."""
    items = [" ".join(part.split()) for part in re.split(r"[,\n]", text or "")]
    if upper:
        items = [item.upper() for item in items]
    return list(dict.fromkeys(item for item in items if item))


class OrganisationChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


# --- Homes ------------------------------------------------------------------------------------

class PropertySearchForm(GovukForm):
    """The homes list's search and filters (GET). Anything unknown is ignored."""

    q = forms.CharField(label="Search by reference, address or postcode", required=False,
                        max_length=100)
    landlord = forms.ChoiceField(label="Landlord", required=False)
    bedrooms = forms.ChoiceField(
        label="Bedrooms", required=False,
        choices=[("", "Any number"), *((str(n), "Studio (0)" if n == 0 else str(n))
                                      for n in range(0, MAX_SIZE_CHOICE + 1))])

    def __init__(self, *args: Any, landlords: Iterable[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["landlord"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "All landlords"), *((str(o.pk), o.name) for o in landlords)]


class PropertyForm(GovukForm):
    """Add a home, or correct its details (``property_create`` / ``property_update``)."""

    reference = forms.CharField(
        label="Reference", max_length=20, help_text="The landlord's own reference for the "
                                                    "home, for example BBC-00123.",
        error_messages={"required": "Enter the home's reference",
                        "max_length": "The reference must be 20 characters or fewer"})
    uprn = forms.CharField(
        label="UPRN (optional)", required=False, max_length=12,
        help_text="Unique Property Reference Number: up to 12 digits.",
        error_messages={"max_length": "The UPRN must be 12 digits or fewer"})
    address_line_1 = forms.CharField(
        label="Address line 1", max_length=200,
        error_messages={"required": "Enter the first line of the address",
                        "max_length": "Address line 1 must be 200 characters or fewer"})
    address_line_2 = forms.CharField(
        label="Address line 2 (optional)", required=False, max_length=200,
        error_messages={"max_length": "Address line 2 must be 200 characters or fewer"})
    town = forms.CharField(label="Town or city", max_length=100,
                           error_messages={"required": "Enter the town or city",
                                           "max_length": "The town must be 100 characters or "
                                                         "fewer"})
    postcode = forms.CharField(label="Postcode", max_length=10,
                               error_messages={"required": "Enter the postcode",
                                               "max_length": "Enter a real postcode"})
    area = forms.CharField(label="Area or neighbourhood (optional)", required=False,
                           max_length=100, help_text="Shown on adverts and used to search.")
    landlord = OrganisationChoiceField(
        label="Owning organisation", queryset=Organisation.objects.none(),
        empty_label="Choose the landlord",
        error_messages={"required": "Choose the organisation that owns the home",
                        "invalid_choice": "Choose the organisation that owns the home"})
    managing_org = OrganisationChoiceField(
        label="Managing organisation (optional)", queryset=Organisation.objects.none(),
        required=False, empty_label="The owner manages the home",
        error_messages={"invalid_choice": "Choose the managing organisation from the list"})
    property_type = _choice("Type of home", Property.Type.choices, radios=True,
                            error="Choose the type of home")
    bedrooms = _whole_number("Number of bedrooms", min_value=0, max_value=10,
                             help_text="0 for a studio or bedsit.")
    bedspaces = _whole_number("Most people who may live here", min_value=1, max_value=20)
    min_occupancy = _whole_number("Fewest people who may live here", min_value=1, max_value=20,
                                  initial=1)
    floor_level = _whole_number("Floor the front door is on", min_value=-2, max_value=60,
                                initial=0, help_text="0 for the ground floor, 1 for the first "
                                                     "floor.")
    has_lift = forms.BooleanField(label="There is a lift to the front door", required=False)
    steps_to_entrance = _whole_number("Steps up to the entrance", min_value=0, max_value=200,
                                      initial=0)
    mobility_category = _choice(
        "Accessibility", MobilityCategory.choices, required=False, radios=True,
        error="Choose how accessible the home is")
    adaptations = forms.CharField(
        label="Adaptations (optional)", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line, for example level-access shower, stairlift, ramp.")
    designation = _choice("Who the home is for", Property.Designation.choices,
                          error="Choose who the home is for")
    min_age = _whole_number("Minimum age (optional)", required=False, min_value=16,
                            max_value=100, help_text="For older persons' housing, usually 55 "
                                                     "or 60.")
    rent_type = _choice("Rent type", Property.RentType.choices, error="Choose the rent type")
    weekly_rent = _money("Weekly rent")
    service_charge = _money("Weekly service charge", required=False,
                            help_text="Leave blank if there is none.")
    tenancy_type_offered = _choice(
        "Tenancy offered (optional)", [("", "Not set"), *Property.TenancyType.choices],
        required=False, error="Choose the tenancy from the list")
    is_first_let = forms.BooleanField(label="This is a new home that has never been let",
                                      required=False)
    sensitive_let = forms.BooleanField(
        label="Sensitive let: extra checks before an offer (not shown to applicants)",
        required=False)
    pet_policy = _choice("Pets (optional)", [("", "Not set"), *Property.PetPolicy.choices],
                         required=False, error="Choose the pet policy from the list")
    has_garden = forms.BooleanField(label="The home has a garden", required=False)
    parking = forms.CharField(label="Parking (optional)", required=False, max_length=100,
                              help_text="For example, one allocated space.")
    council_tax_band = _choice("Council tax band (optional)",
                               [("", "Not known"), *((b, b) for b in "ABCDEFGH")],
                               required=False, error="Choose a council tax band from A to H")
    epc_rating = _choice("Energy performance (EPC) rating (optional)",
                         [("", "Not known"), *((b, b) for b in "ABCDEFG")], required=False,
                         error="Choose an EPC rating from A to G")

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("landlord", "managing_org"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = organisations
        self.helper.layout = Layout(
            *_section("References", Field.text("reference", field_width=10),
                      Field.text("uprn", field_width=10)),
            *_section("Address", "address_line_1", "address_line_2",
                      Field.text("town", field_width=20), Field.text("postcode", field_width=10),
                      Field.text("area", field_width=20)),
            *_section("Landlord", Field.select("landlord"), Field.select("managing_org")),
            *_section("The home", Field.radios("property_type", small=True), _narrow("bedrooms"),
                      _narrow("bedspaces"), _narrow("min_occupancy")),
            *_section("Access", _narrow("floor_level"), Field.checkbox("has_lift", small=True),
                      _narrow("steps_to_entrance"), Field.radios("mobility_category", small=True),
                      Field.textarea("adaptations", rows=3)),
            *_section("Who it is for", Field.select("designation"), _narrow("min_age")),
            *_section("Rent and tenancy", Field.select("rent_type"),
                      Field.text("weekly_rent", field_width=5),
                      Field.text("service_charge", field_width=5),
                      Field.select("tenancy_type_offered")),
            *_section("Other details", Field.checkbox("is_first_let", small=True),
                      Field.checkbox("sensitive_let", small=True), Field.select("pet_policy"),
                      Field.checkbox("has_garden", small=True), Field.text("parking"),
                      Field.select("council_tax_band"), Field.select("epc_rating")),
        )

    def clean_uprn(self) -> str:
        uprn: str = (self.cleaned_data.get("uprn") or "").strip()
        if uprn and not uprn.isdigit():
            raise forms.ValidationError("The UPRN must be up to 12 digits, like 100012345678")
        return uprn

    def clean_postcode(self) -> str:
        postcode = " ".join((self.cleaned_data.get("postcode") or "").upper().split())
        if not POSTCODE_RE.match(postcode):
            raise forms.ValidationError("Enter a real postcode, like BF1 2AB")
        return postcode

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        bedrooms, bedspaces = data.get("bedrooms"), data.get("bedspaces")
        fewest = data.get("min_occupancy")
        if bedrooms is not None and bedspaces is not None and bedspaces < max(bedrooms, 1):
            self.add_error("bedspaces", "The most people who may live here must be at least "
                                        "the number of bedrooms")
        if fewest is not None and bedspaces is not None and fewest > bedspaces:
            self.add_error("min_occupancy", "The fewest people cannot be more than the most "
                                            "people who may live here")
        return data

    def to_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["adaptations"] = split_list(data.get("adaptations", ""))
        data["service_charge"] = data.get("service_charge") or Decimal("0")
        for name in ("mobility_category", "tenancy_type_offered", "pet_policy",
                     "council_tax_band", "epc_rating", "uprn", "address_line_2", "area",
                     "parking"):
            data[name] = data.get(name) or ""
        return data


def property_initial(prop: Property) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(prop, name) for name in PropertyForm.base_fields}
    initial["adaptations"] = "\n".join(prop.adaptations or [])
    initial["landlord"] = prop.landlord_id
    initial["managing_org"] = prop.managing_org_id
    initial["uprn"] = prop.uprn or ""
    return initial


class PhotoForm(GovukForm):
    image = forms.FileField(
        label="Photo", help_text="A JPG or PNG, smaller than 5MB.",
        error_messages={"required": "Choose a photo to upload",
                        "empty": "The photo is empty: choose another file",
                        "invalid": "Choose a photo to upload"})
    alt_text = forms.CharField(
        label="What the photo shows", max_length=200,
        help_text="For people who cannot see it, for example “Kitchen with a window over the "
                  "sink”.",
        error_messages={"required": "Describe what the photo shows",
                        "max_length": "The description must be 200 characters or fewer"})


# --- Voids ------------------------------------------------------------------------------------

_VOID_DATE_LABELS = (
    ("notice_received_date", "Date notice was received"),
    ("tenancy_end_date", "Date the previous tenancy ended"),
    ("keys_returned_date", "Date the keys came back"),
    ("works_ordered_date", "Date works were ordered"),
    ("works_completed_date", "Date works were completed"),
    ("target_ready_date", "Target date to be ready to let"),
    ("ready_to_let_date", "Date it was ready to let"),
)


class VoidForm(GovukForm):
    """Record a void, or correct its dates (``void_create`` / ``void_update``)."""

    reason_vacant = _choice("Why the home is empty",
                            [("", "Choose a reason"), *Void.ReasonVacant.choices],
                            error="Choose why the home is empty")
    void_type = _choice("Type of void", Void.VoidType.choices, radios=True,
                        error="Choose the type of void")
    notice_received_date = GovukDateField(label="Date notice was received", required=False,
                                          hint="For example, 27 3 2026")
    tenancy_end_date = GovukDateField(label="Date the previous tenancy ended", required=False,
                                      hint="Leave blank for a new home's first let.")
    keys_returned_date = GovukDateField(label="Date the keys came back", required=False)
    works_ordered_date = GovukDateField(label="Date works were ordered", required=False)
    works_completed_date = GovukDateField(label="Date works were completed", required=False)
    works_description = forms.CharField(
        label="Works needed (optional)", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The works must be 2,000 characters or fewer"})
    target_ready_date = GovukDateField(label="Target date to be ready to let", required=False)
    ready_to_let_date = GovukDateField(label="Date it was ready to let", required=False,
                                       hint="Leave blank until the home passes its lettable "
                                            "standard check.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.select("reason_vacant"), Field.radios("void_type", small=True, inline=True),
            "notice_received_date", "tenancy_end_date", "keys_returned_date",
            "works_ordered_date", "works_completed_date", Field.textarea("works_description",
                                                                        rows=3),
            "target_ready_date", "ready_to_let_date")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ordered, completed = data.get("works_ordered_date"), data.get("works_completed_date")
        if ordered and completed and completed < ordered:
            self.add_error("works_completed_date", "Works cannot be completed before they were "
                                                   "ordered")
        return data

    def to_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["works_description"] = data.get("works_description") or ""
        return data


def void_initial(void: Void) -> dict[str, Any]:
    return {name: getattr(void, name) for name in VoidForm.base_fields}


class VoidFilterForm(GovukForm):
    status = forms.ChoiceField(label="Status", required=False)

    def __init__(self, *args: Any, counts: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", f"All open voids ({sum(counts.values())})"),
                         *((value, f"{label} ({counts.get(value, 0)})")
                           for value, label in Void.Status.choices
                           if value in Void.OPEN_STATUSES)]


class VoidTransitionForm(GovukForm):
    """Move a void on (``void_transition``). Only the moves the lifecycle allows are offered."""

    to = forms.ChoiceField(label="New status", widget=forms.RadioSelect,
                           error_messages={"required": "Choose the new status",
                                           "invalid_choice": "Choose one of the statuses "
                                                             "listed"})
    on = GovukDateField(label="Date it happened", required=False,
                        hint="Leave blank for today. For example, 27 3 2026")
    reason = _reason("Reason", required=False,
                     help_text="Needed if the tenant withdrew their notice or the home is being "
                               "sold or demolished.")

    ENDINGS = (Void.Status.WITHDRAWN, Void.Status.DISPOSAL)

    def __init__(self, *args: Any, choices: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = list(choices)
        self.helper.layout = Layout(Field.radios("to", small=True), "on",
                                    Field.textarea("reason", rows=3))

    def clean_on(self) -> dt.date | None:
        on: dt.date | None = self.cleaned_data.get("on")
        if on and on > timezone.localdate():
            raise forms.ValidationError("The date it happened cannot be in the future")
        return on

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("to") in self.ENDINGS and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter why the void is ending")
        return data


# --- Adverts ----------------------------------------------------------------------------------

class LocalLettingsPlanField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_mode_display().lower()})"


class AdvertCriteriaForm(GovukForm):
    """Who may bid for a home, and what the advert says (``advert_create`` /
    ``advert_update``; DOMAIN.md §3.10, §4.6)."""

    title = forms.CharField(label="Title", max_length=200,
                            help_text="For example, 2 bedroom flat in Millbrook.",
                            error_messages={"required": "Enter a title for the advert",
                                            "max_length": "The title must be 200 characters or "
                                                          "fewer"})
    description = forms.CharField(
        label="Description (optional)", required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the home is like and what is nearby. Do not include anything about the "
                  "previous tenant.",
        error_messages={"max_length": "The description must be 5,000 characters or fewer"})
    allowed_sizes = forms.MultipleChoiceField(
        label="Bedroom needs that may bid", choices=SIZE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Households whose assessed bedroom need is one of these.",
        error_messages={"required": "Choose at least one bedroom need",
                        "invalid_choice": "Choose bedroom needs from the list"})
    min_occupancy = _whole_number("Fewest people in the household", min_value=1, max_value=20)
    max_occupancy = _whole_number("Most people in the household", min_value=1, max_value=20)
    min_age = _whole_number("Minimum age of the lead applicant (optional)", required=False,
                            min_value=16, max_value=100,
                            help_text="For older persons' housing, usually 55 or 60.")
    partner_min_age = forms.BooleanField(
        label="A partner who will live here must also meet the minimum age", required=False)
    mobility_required = forms.BooleanField(
        label="Only people with an assessed mobility need this home meets may bid",
        required=False)
    mobility_accepted = forms.MultipleChoiceField(
        label="Assessed mobility needs this home meets", required=False,
        choices=ACCESS_NEED_CHOICES, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose mobility needs from the list"})
    accessible_need_priority = forms.BooleanField(
        label="Rank people whose assessed need matches this home first", required=False)
    label = _choice("Who may bid", Advert.Label.choices, radios=True,
                    error="Choose who may bid")
    band_restriction = forms.MultipleChoiceField(
        label="Bands that may bid (optional)", required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Leave all unticked for any band.",
        error_messages={"invalid_choice": "Choose bands from the list"})
    quota_group = _choice("Quota group (optional)", Advert.QuotaGroup.choices, required=False,
                          error="Choose a quota group from the list")
    quota_mode = _choice("How the quota applies", Advert.QuotaMode.choices, radios=True,
                         error="Choose how the quota applies")
    local_lettings_plan = LocalLettingsPlanField(
        label="Local lettings plan (optional)", required=False,
        queryset=LocalLettingsPlan.objects.none(), empty_label="No local lettings plan",
        error_messages={"invalid_choice": "Choose a local lettings plan from the list"})
    local_connection_areas = forms.CharField(
        label="Local connection areas (optional)", required=False, max_length=500,
        help_text="For rural exception sites: postcode districts or sectors the applicant must "
                  "live in or have lived in, separated by commas, for example BF3, BF4 2.",
        error_messages={"max_length": "Enter fewer areas"})
    landlord_rules = forms.MultipleChoiceField(
        label="Landlord's rules (optional)", required=False,
        choices=Advert.LandlordRule.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose landlord rules from the list"})
    auto_bid_eligible = forms.BooleanField(
        label="Automatic bids may be placed on this home (for applicants set up for automatic "
              "bidding)", required=False)

    def __init__(self, *args: Any, bands: Iterable[tuple[str, str]],
                 plans: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        band_field = self.fields["band_restriction"]
        assert isinstance(band_field, forms.MultipleChoiceField)
        band_field.choices = list(bands)
        plan_field = self.fields["local_lettings_plan"]
        assert isinstance(plan_field, forms.ModelChoiceField)
        plan_field.queryset = plans
        self.helper.layout = Layout(
            *_section("The advert", Field.text("title"), Field.textarea("description", rows=5)),
            *_section("Bedroom need and household size",
                      Field.checkboxes("allowed_sizes", small=True), _narrow("min_occupancy"),
                      _narrow("max_occupancy")),
            *_section("Age", _narrow("min_age"), Field.checkbox("partner_min_age", small=True)),
            *_section("Accessibility", Field.checkboxes("mobility_accepted", small=True),
                      Field.checkbox("mobility_required", small=True),
                      Field.checkbox("accessible_need_priority", small=True)),
            *_section("Who may bid", Field.radios("label", small=True),
                      Field.checkboxes("band_restriction", small=True),
                      Field.select("quota_group"), Field.radios("quota_mode", small=True)),
            *_section("Local lettings", Field.select("local_lettings_plan"),
                      Field.text("local_connection_areas")),
            *_section("Other rules", Field.checkboxes("landlord_rules", small=True),
                      Field.checkbox("auto_bid_eligible", small=True)),
        )

    def clean_local_connection_areas(self) -> list[str]:
        areas = split_list(self.cleaned_data.get("local_connection_areas", ""), upper=True)
        bad = [area for area in areas if not AREA_RE.match(area)]
        if bad:
            raise forms.ValidationError(
                f"Enter postcode districts or sectors, like BF3 or BF4 2 (not {bad[0]})")
        return areas

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        fewest, most = data.get("min_occupancy"), data.get("max_occupancy")
        if fewest is not None and most is not None and most < fewest:
            self.add_error("max_occupancy", "The most people must be at least the fewest "
                                            "people")
        if data.get("mobility_required") and not data.get("mobility_accepted"):
            self.add_error("mobility_accepted", "Choose the mobility needs this home meets")
        if data.get("partner_min_age") and not data.get("min_age"):
            self.add_error("min_age", "Enter the minimum age, or untick the partner's age rule")
        return data

    def to_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["allowed_sizes"] = sorted(int(size) for size in data.get("allowed_sizes", []))
        data["mobility_accepted"] = [need for need, _label in ACCESS_NEED_CHOICES
                                     if need in data.get("mobility_accepted", [])]
        data["quota_group"] = data.get("quota_group") or ""
        data["description"] = data.get("description") or ""
        return data


def criteria_initial(values: dict[str, Any]) -> dict[str, Any]:
    """Initial values for the criteria form from an advert's (or the default) criteria."""
    initial = dict(values)
    initial["allowed_sizes"] = [str(n) for n in values.get("allowed_sizes") or []]
    initial["local_connection_areas"] = ", ".join(values.get("local_connection_areas") or [])
    plan = values.get("local_lettings_plan")
    initial["local_lettings_plan"] = getattr(plan, "pk", plan)
    return initial


class AdvertFilterForm(GovukForm):
    status = forms.ChoiceField(label="Status", required=False,
                               choices=[("", "All statuses"), *Advert.Status.choices])
    cycle = forms.ChoiceField(label="Cycle", required=False)

    def __init__(self, *args: Any, cycles: Iterable[BiddingCycle], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cycle"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "All cycles"), ("none", "Own window (no cycle)"),
                         *((str(c.pk), c.name) for c in cycles)]


class PublishForm(GovukForm):
    cycle = forms.ChoiceField(label="Publish into", widget=forms.RadioSelect, required=False,
                              error_messages={"invalid_choice": "Choose a cycle from the "
                                                                "list"})

    def __init__(self, *args: Any, choices: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cycle"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = list(choices)
        self.helper.layout = Layout(Field.radios("cycle", small=True, legend_size="s"))


class ReasonForm(GovukForm):
    """A required reason (withdrawing or re-advertising an advert)."""

    reason = _reason("Reason", required=True)

    def __init__(self, *args: Any, label: str, hint: str = "", required_message: str = "",
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label = label
        field.help_text = hint
        if required_message:
            field.error_messages["required"] = required_message
        self.helper.layout = Layout(Field.textarea("reason", rows=3, label_size="s"))

    def clean_reason(self) -> str:
        reason = (self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise forms.ValidationError(self.fields["reason"].error_messages["required"])
        return reason


class ActionForm(GovukForm):
    """A button with nothing to fill in (approve, open or close bidding). Refusals from the
    service show in its error summary."""


# --- Bidding on an applicant's behalf ------------------------------------------------------------

OFFICER_CHANNELS = [
    (Bid.Channel.PHONE, "By phone"),
    (Bid.Channel.IN_PERSON, "In person"),
    (Bid.Channel.WEB, "Assisted bidding (the officer chose the home)"),
]
OTHER = "other"


class BidOnBehalfForm(GovukForm):
    """Place a bid for the applicant: one of the homes they can bid for, or another advert
    by its reference (the rules then say why it is not allowed, if it is not). The template
    renders the choices itself, with the reference box revealed under "Another advert"."""

    advert = forms.ChoiceField(label="Which home?", widget=forms.RadioSelect,
                               error_messages={"required": "Choose the home to bid for",
                                               "invalid_choice": "Choose a home from the list"})
    other_reference = forms.CharField(
        label="Advert reference", required=False, max_length=20,
        help_text="For example, ADV-000123.",
        error_messages={"max_length": "Enter a real advert reference, like ADV-000123"})
    channel = forms.ChoiceField(label="How did the applicant ask?", widget=forms.RadioSelect,
                                choices=OFFICER_CHANNELS, initial=Bid.Channel.PHONE,
                                error_messages={"required": "Choose how the applicant asked",
                                                "invalid_choice": "Choose how the applicant "
                                                                  "asked"})

    def __init__(self, *args: Any, references: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["advert"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [*((ref, ref) for ref in references), (OTHER, "Another advert")]
        # The template renders the homes itself; crispy renders only the channel.
        self.helper.layout = Layout(Field.radios("channel", small=True, legend_size="s"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("advert") == OTHER and not (data.get("other_reference") or "").strip():
            self.add_error("other_reference", "Enter the advert reference")
        return data

    @property
    def chosen_reference(self) -> str:
        if self.cleaned_data.get("advert") == OTHER:
            return str(self.cleaned_data.get("other_reference") or "").strip().upper()
        return str(self.cleaned_data.get("advert") or "")

    @property
    def error_field(self) -> str:
        """Where a refusal about the chosen advert belongs."""
        return "other_reference" if self.cleaned_data.get("advert") == OTHER else "advert"


class AutoBidForm(GovukForm):
    """Automatic bidding set by an officer (``bidding_preference_set``)."""

    auto_bid = forms.TypedChoiceField(
        label="Place automatic bids for this applicant?", widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No")], coerce=lambda value: value == "yes",
        error_messages={"required": "Choose yes or no",
                        "invalid_choice": "Choose yes or no"})
    auto_bid_reason = _reason(
        "Reason", required=False,
        help_text="Why automatic bidding is being set up or stopped, for example “Time-limited "
                  "emergency award: homeless duty”. Kept in the history.")
    auto_bid_until = GovukDateField(label="Stop automatic bids after (optional)",
                                    required=False, hint="For example, 27 3 2026")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.radios("auto_bid", small=True, inline=True),
                                    Field.textarea("auto_bid_reason", rows=3),
                                    "auto_bid_until")

    def to_data(self) -> dict[str, Any]:
        return {"auto_bid": bool(self.cleaned_data["auto_bid"]),
                "auto_bid_reason": (self.cleaned_data.get("auto_bid_reason") or "").strip(),
                "auto_bid_until": self.cleaned_data.get("auto_bid_until")}
