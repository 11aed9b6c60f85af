"""Officer forms for direct matches (DOMAIN.md §4.11, §5.5).

Shape and GOV.UK wording only; ``lettings.services.direct_matches`` decides (whether the home is
free, whether the applicant fits it, whether a reason is needed for passing over a
higher-priority applicant).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Layout
from django import forms

from housing.core.forms import GovukForm
from lettings.forms_shortlist import OfferForm
from lettings.models import DirectMatch, Property
from lettings.rules.direct_match import Category

CHECK, PROPOSE = "check", "propose"
NOTE_MAX = 2000


def home_label(prop: Property) -> str:
    size = "Studio" if prop.bedrooms == 0 else f"{prop.bedrooms} bedroom"
    return (f"{prop.address_line_1}, {prop.postcode}: {size} "
            f"{prop.get_property_type_display().lower()}, {prop.landlord.name}")


def _text(label: str, *, required: bool, help_text: str = "", required_message: str = "",
          max_length: int = NOTE_MAX) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=max_length, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": required_message,
                        "max_length": f"{label} must be {max_length:,} characters or fewer"})


def _category_hint(category: Category) -> str:
    if category.code == "no_acceptable_bids":
        return "Only when converting an advert that found no acceptable bidder"
    if not category.bedroom_need_must_match:
        return "The household may need a home of another size"
    return ""


class ProposeForm(GovukForm):
    """Propose a direct match (``direct_match_propose``), or first see what the checks find
    (``action`` "check": the justification is not needed yet)."""

    property = forms.ChoiceField(
        label="Which home?", widget=forms.RadioSelect,
        error_messages={"required": "Choose the home",
                        "invalid_choice": "Choose a home from the list"})
    application = forms.CharField(
        label="Applicant's application reference", max_length=20,
        help_text="For example, HR-2025-000123.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={"required": "Enter the applicant's application reference",
                        "max_length": "An application reference is 20 characters or fewer"})
    category = forms.ChoiceField(
        label="Under which category of the scheme?", widget=forms.RadioSelect,
        error_messages={"required": "Choose the category of direct match",
                        "invalid_choice": "Choose a category from the list"})
    justification = _text(
        "Why should this home go to this applicant?", required=False,
        help_text="The manager reads this when deciding. Say what the need is and why a direct "
                  "match, not bidding, meets it.",
        required_message="Say why this home should go to this applicant")
    not_highest_priority_reason = _text(
        "If this is not the highest-priority applicant who needs a home of this size, why them? "
        "(optional)", required=False,
        help_text="Needed when an active applicant in a higher band also needs a home of this "
                  "size. For example, the others need a ground-floor home.")
    advert = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    def __init__(self, *args: Any, homes: Sequence[Property], categories: Iterable[Category],
                 action: str = PROPOSE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        home = self.fields["property"]
        assert isinstance(home, forms.ChoiceField)
        home.choices = [(str(p.pk), home_label(p)) for p in homes]
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [Choice(c.code, c.label, hint=_category_hint(c))
                            for c in categories]
        self.helper.layout = Layout(
            Field.radios("property", small=True, legend_size="s"),
            Field.text("application", field_width=20),
            Field.radios("category", small=True, legend_size="s"),
            Field.textarea("justification", rows=4),
            Field.textarea("not_highest_priority_reason", rows=3),
            "advert")

    def clean_application(self) -> str:
        return str(self.cleaned_data.get("application") or "").strip().upper()

    def clean_justification(self) -> str:
        value = str(self.cleaned_data.get("justification") or "").strip()
        if self.action == PROPOSE and not value:
            raise forms.ValidationError(self.fields["justification"].error_messages["required"])
        return value

    def clean_not_highest_priority_reason(self) -> str:
        return str(self.cleaned_data.get("not_highest_priority_reason") or "").strip()

    def clean_advert(self) -> str:
        return str(self.cleaned_data.get("advert") or "").strip()


class DirectOfferForm(OfferForm):
    """Make the single offer of an approved match (``direct_match_offer``), with a viewing if
    one is arranged. Never a final offer here."""

    is_final_offer = None  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout("viewing_date", Field.text("viewing_time", field_width=5))


class CancelForm(GovukForm):
    """Call off a match before the offer (``direct_match_cancel``)."""

    reason = _text("Why is the direct match being cancelled?", required=True, max_length=300,
                   help_text="For example, the household has moved or its needs have changed.",
                   required_message="Enter why the direct match is being cancelled")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("reason", rows=3))

    def clean_reason(self) -> str:
        value = str(self.cleaned_data.get("reason") or "").strip()
        if not value:
            raise forms.ValidationError(self.fields["reason"].error_messages["required"])
        return value


class FilterForm(GovukForm):
    """GET filters for the list. Anything unknown is refused by the form and ignored."""

    status = forms.ChoiceField(label="Status", required=False,
                               choices=[("", "Any status"), *DirectMatch.Status.choices])
    category = forms.ChoiceField(label="Category", required=False)

    def __init__(self, *args: Any, categories: Iterable[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Any category"), *((c.code, c.label) for c in categories)]
