"""Partner portal forms: notifying a vacancy, deciding nominees and recording outcomes
(DOMAIN.md §4.13, §5.4).

Validation of shape and GOV.UK wording only; ``nominations.services.provider`` decides (whether
a reason is one the agreement permits, whether a nomination can still be decided, whether a date
is acceptable).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import HTML, Field, Layout
from django import forms

from applications.forms.priority import GovukDateField
from housing.accounts.models import Organisation
from housing.core.forms import GovukForm
from lettings.forms import PropertyForm, VoidForm
from lettings.forms_shortlist import ConfirmForm, ViewingForm

__all__ = ["BulkDecisionForm", "ChallengeAnswerForm", "ConfirmForm", "NewHomeForm",
           "NotifyVacancyForm", "OfferDateForm", "RejectForm", "TenancyStartForm",
           "VacancyVoidForm", "ViewingForm", "WithdrawForm"]

NEW_HOME = "new"
TEXT_MAX = 4000


def _text(label: str, *, required: bool, required_message: str = "", help_text: str = "",
          max_length: int = TEXT_MAX, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=max_length, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message or "Enter some text",
                        "max_length": f"This must be {max_length:,} characters or fewer"})


def _strip_required(form: forms.BaseForm, name: str) -> str:
    """A required text box that is only spaces is as good as empty."""
    value = (form.cleaned_data.get(name) or "").strip()
    if not value:
        raise forms.ValidationError(form.fields[name].error_messages["required"])
    return str(value)


# --- Notifying a vacancy -------------------------------------------------------------------------

class NotifyVacancyForm(GovukForm):
    """Which home, and what the council should know about the vacancy."""

    home = forms.ChoiceField(
        label="Which home is empty, or about to be?",
        help_text="Choose one of your homes, or a home not on the list yet (then give its "
                  "details below).",
        error_messages={"required": "Choose the home", "invalid_choice": "Choose the home"})
    is_first_let = forms.BooleanField(
        label="This is the first let of a new home (the council has 10 working days to "
              "nominate, not 3)", required=False)
    route = forms.ChoiceField(
        label="How should the council find a nominee?", widget=forms.RadioSelect,
        choices=[("nomination_only", "Nominate from the housing register"),
                 ("advertised", "Advertise the home, then nominate from the shortlist")],
        initial="nomination_only",
        error_messages={"required": "Choose how the council should find a nominee",
                        "invalid_choice": "Choose how the council should find a nominee"})
    special_criteria = _text(
        "Special criteria (optional)", required=False, max_length=2000, rows=3,
        help_text="Only criteria agreed with the council in advance, for example “ground floor "
                  "flat: for someone with a mobility need”.")

    def __init__(self, *args: Any, homes: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["home"]
        field.choices = [("", "Choose a home"),
                         *((str(h.pk), f"{h.reference}: {h.address}") for h in homes),
                         (NEW_HOME, "A home not on this list")]
        self.helper.layout = Layout(
            Field.select("home"), Field.radios("route", small=True),
            Field.checkbox("is_first_let", small=True), Field.textarea("special_criteria",
                                                                       rows=3))

    @property
    def wants_new_home(self) -> bool:
        return str(self.data.get(self.add_prefix("home")) or "") == NEW_HOME


class NewHomeForm(PropertyForm):
    """A home that is not on the stock list yet (it is added for the provider's own
    organisation)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, organisations=Organisation.objects.none(), **kwargs)
        for name in ("landlord", "managing_org", "sensitive_let"):
            del self.fields[name]
        self.helper.layout = Layout(
            HTML('<h3 class="govuk-heading-s">Reference and address</h3>'),
            Field.text("reference", field_width=10), Field.text("uprn", field_width=10),
            "address_line_1", "address_line_2", Field.text("town", field_width=20),
            Field.text("postcode", field_width=10), Field.text("area", field_width=20),
            HTML('<h3 class="govuk-heading-s">The home</h3>'),
            Field.radios("property_type", small=True), Field.text("bedrooms", field_width=3),
            Field.text("bedspaces", field_width=3), Field.text("min_occupancy", field_width=3),
            Field.text("floor_level", field_width=3), Field.checkbox("has_lift", small=True),
            Field.text("steps_to_entrance", field_width=3),
            Field.radios("mobility_category", small=True), Field.textarea("adaptations", rows=3),
            Field.select("designation"), Field.text("min_age", field_width=3),
            HTML('<h3 class="govuk-heading-s">Rent and tenancy</h3>'),
            Field.select("rent_type"), Field.text("weekly_rent", field_width=5),
            Field.text("service_charge", field_width=5), Field.select("tenancy_type_offered"),
            Field.checkbox("is_first_let", small=True), Field.select("pet_policy"),
            Field.checkbox("has_garden", small=True), Field.text("parking"),
            Field.select("council_tax_band"), Field.select("epc_rating"))

    def to_data(self) -> dict[str, Any]:
        data = super().to_data()
        for name in ("landlord", "managing_org", "sensitive_let"):
            data.pop(name, None)
        if not data.get("uprn"):
            data["uprn"] = None
        return data


class VacancyVoidForm(VoidForm):
    """The void's dates, as on the officers' void page."""


# --- Deciding -----------------------------------------------------------------------------------

def _reason_choices(reasons: Sequence[Mapping[str, Any]]) -> list[Choice]:
    return [Choice(str(r.get("code")), str(r.get("label") or r.get("code")))
            for r in reasons if isinstance(r, Mapping) and r.get("code")]


class RejectForm(GovukForm):
    """Reject the nominee for a reason the agreement permits, in writing."""

    reason_code = forms.ChoiceField(
        label="Why are you rejecting the nominee?", widget=forms.RadioSelect,
        help_text="Only the reasons in your nomination agreement.",
        error_messages={"required": "Choose a reason your agreement allows",
                        "invalid_choice": "Choose a reason your agreement allows"})
    reason_text = _text(
        "Your reasons in writing", required=True,
        required_message="Explain why you are rejecting the nominee",
        help_text="The council reads this, and the applicant is told your reasons.")

    def __init__(self, *args: Any, reasons: Sequence[Mapping[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["reason_code"]
        field.choices = _reason_choices(reasons)
        self.helper.layout = Layout(Field.radios("reason_code", small=True),
                                    Field.textarea("reason_text", rows=4))

    def clean_reason_text(self) -> str:
        return _strip_required(self, "reason_text")


class BulkDecisionForm(GovukForm):
    """Accept, or reject with one reason, the ticked nominations."""

    nominations = forms.MultipleChoiceField(
        label="Nominations", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Tick the nominations you want to decide",
                        "invalid_choice": "Tick only nominations waiting for your decision"})
    decision = forms.ChoiceField(
        label="Your decision for every ticked nomination", widget=forms.RadioSelect,
        choices=[("accept", "Accept them"), ("reject", "Reject them, for the reason below")],
        error_messages={"required": "Choose accept or reject",
                        "invalid_choice": "Choose accept or reject"})
    reason_code = forms.ChoiceField(
        label="Reason for rejecting (only if rejecting)", required=False,
        error_messages={"invalid_choice": "Choose a reason your agreement allows"})
    reason_text = _text("Your reasons in writing (only if rejecting)", required=False,
                        rows=3, help_text="The same reasons go to each rejected nominee.")

    def __init__(self, *args: Any, choices: Iterable[tuple[str, str]],
                 reasons: Sequence[Mapping[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["nominations"]
        field.choices = list(choices)
        reason: Any = self.fields["reason_code"]
        reason.choices = [("", "Choose a reason"),
                          *((c.value, c.label) for c in _reason_choices(reasons))]
        # The ticked nominations are checkboxes in the list's table (the template).
        self.helper.layout = Layout(Field.radios("decision", small=True),
                                    Field.select("reason_code"),
                                    Field.textarea("reason_text", rows=3))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "reject":
            if not data.get("reason_code") and "reason_code" not in self.errors:
                self.add_error("reason_code", "Choose a reason your agreement allows")
            if not (data.get("reason_text") or "").strip() and "reason_text" not in self.errors:
                self.add_error("reason_text", "Explain why you are rejecting the nominees")
        return data


class ChallengeAnswerForm(GovukForm):
    """The provider's answer to the council's challenge of its rejection."""

    answer = forms.ChoiceField(
        label="Your answer to the council's challenge", widget=forms.RadioSelect,
        choices=[("accept", "We accept the nominee after all"),
                 ("uphold", "The rejection stands")],
        error_messages={"required": "Choose your answer to the challenge",
                        "invalid_choice": "Choose your answer to the challenge"})
    note = _text("Your reasons (needed if the rejection stands)", required=False, rows=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.radios("answer", small=True),
                                    Field.textarea("note", rows=3))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == "uphold" and not (data.get("note") or "").strip() \
                and "note" not in self.errors:
            self.add_error("note", "Explain why you still reject the nominee")
        return data


# --- Outcomes -----------------------------------------------------------------------------------

class OfferDateForm(GovukForm):
    offered_on = GovukDateField(label="Date you offered the home",
                                hint="For example, 27 3 2026")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offered_on"].error_messages["required"] = "Enter the date you offered " \
                                                               "the home"


class TenancyStartForm(GovukForm):
    tenancy_start = GovukDateField(label="Date the tenancy starts",
                                   hint="The first day of the new tenancy. For example, 27 3 "
                                        "2026")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tenancy_start"].error_messages["required"] = "Enter the date the tenancy " \
                                                                  "starts"


class WithdrawForm(GovukForm):
    reason = _text("Why will the nominee not be let the home?", required=True,
                   required_message="Enter why the nominee will not be let the home",
                   max_length=300, rows=3,
                   help_text="For example, “They refused the offer after the viewing”. The "
                             "council then nominates someone else.")

    def clean_reason(self) -> str:
        return _strip_required(self, "reason")
