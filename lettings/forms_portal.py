"""Forms for the public homes pages and the applicant's bids. Validation and GOV.UK wording only:
the views read through selectors and write through services."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from housing.core.forms import GovukForm
from lettings.models import Property
from lettings.selectors import AdvertFilters

BEDROOM_CHOICES = [("", "Any number"), ("0", "Studio"), ("1", "1 bedroom"),
                   ("2", "2 bedrooms"), ("3", "3 bedrooms"), ("4", "4 bedrooms"),
                   ("5", "5 bedrooms")]


class HomesFilterForm(GovukForm):
    """The filters on the homes list (sent with GET, so they work without JavaScript and can be
    bookmarked). Every field is optional; a value that is not one of the choices is reported in
    the error summary and left out of the search."""

    area = forms.ChoiceField(label="Area", required=False,
                             error_messages={"invalid_choice": "Select an area from the list"})
    bedrooms = forms.TypedChoiceField(
        label="Bedrooms", required=False, choices=BEDROOM_CHOICES, coerce=int, empty_value=None,
        error_messages={"invalid_choice": "Select a number of bedrooms from the list"})
    property_type = forms.ChoiceField(
        label="Type of home", required=False,
        choices=[("", "Any type"), *Property.Type.choices],
        error_messages={"invalid_choice": "Select a type of home from the list"})
    landlord = forms.ChoiceField(
        label="Landlord", required=False,
        error_messages={"invalid_choice": "Select a landlord from the list"})
    accessible = forms.BooleanField(
        label="Accessible homes only", required=False,
        help_text="Step-free and wheelchair user homes, and homes kept for people with a "
                  "mobility need.")

    def __init__(self, *args: Any, areas: Sequence[str],
                 landlords: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area_field: Any = self.fields["area"]
        area_field.choices = [("", "Any area"), *((area, area) for area in areas)]
        landlord_field: Any = self.fields["landlord"]
        landlord_field.choices = [("", "Any landlord"), *landlords]

    def filters(self) -> AdvertFilters:
        """The search to run: the valid filters only (call after ``is_valid``)."""
        data = getattr(self, "cleaned_data", {})
        return AdvertFilters(area=data.get("area") or "", bedrooms=data.get("bedrooms"),
                             property_type=data.get("property_type") or "",
                             landlord=data.get("landlord") or "",
                             accessible=bool(data.get("accessible")))


class BiddingPreferenceForm(GovukForm):
    """Property alerts by email and automatic bidding, chosen by the applicant."""

    alerts_enabled = forms.TypedChoiceField(
        label="Do you want an email when new homes you can bid for are advertised?",
        choices=[("True", "Yes"), ("False", "No")], widget=forms.RadioSelect,
        coerce=lambda value: value == "True",
        error_messages={"required": "Select yes if you want emails about new homes"})
    alerts_email = forms.EmailField(
        label="Email address for alerts", required=False, max_length=254,
        help_text="We will use the email address on your account if you leave this empty.",
        error_messages={"invalid": "Enter an email address in the correct format, like "
                                   "name@example.com"})
    auto_bid = forms.BooleanField(
        label="Bid for me automatically", required=False,
        help_text="Each week we will bid for you on homes you can bid for, up to your bid "
                  "limit. You can still bid yourself and withdraw any bid before bidding "
                  "closes.")
    areas = forms.MultipleChoiceField(
        label="Areas you would like to live in", required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. We look at homes in these areas first. Leave them "
                  "all unticked if you do not mind where you live.",
        error_messages={"invalid_choice": "Select areas from the list"})

    def __init__(self, *args: Any, areas: Sequence[str], allow_auto_bid: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not allow_auto_bid:  # an officer set it up; only an officer may change it
            del self.fields["auto_bid"]
        areas_field: Any = self.fields["areas"]
        areas_field.choices = [(area, area) for area in areas]

    def clean_alerts_email(self) -> str:
        return str(self.cleaned_data.get("alerts_email") or "").strip()

