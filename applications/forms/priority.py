"""Officer forms for priority: the band assessment and housing-related debts (DOMAIN.md §4.4,
§4.10). Validation of shape and GOV.UK wording only; the services decide (for example whether
a manager must approve, or whether an arrangement is complete)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Layout
from django import forms

from applications.forms.staff import GovukDateField as _StaffDateField
from applications.models import DebtRecord, HouseholdMember
from applications.rules.banding import BandScheme
from housing.core.forms import GovukForm

NOTE_MAX = 2000


class GovukDateField(_StaffDateField):
    """The officer pages' date boxes, saying so in plain English when the date is impossible
    (31 2 2026)."""

    def compress(self, data_list: Any) -> dt.date | None:
        try:
            result: dt.date | None = super().compress(data_list)
        except (forms.ValidationError, TypeError, ValueError) as exc:
            raise forms.ValidationError(f"{self.label} must be a real date") from exc
        return result


def _money_input() -> forms.TextInput:
    # GOV.UK: a text box with a numeric keyboard, not <input type="number">.
    return forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})


class AssessmentForm(GovukForm):
    """Confirm or change the rules' proposal. The reason codes are rendered by the template,
    grouped by band, with the fact behind each suggestion; the other fields by crispy."""

    reason_codes = forms.MultipleChoiceField(
        label="Reasons for the band", required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose reasons from the list"})
    deliberate_worsening = forms.BooleanField(
        label="The applicant deliberately made their housing circumstances worse",
        required=False,
        help_text="Reduced priority for a set period under the scheme (s166A(5)).")
    behaviour = forms.BooleanField(
        label="Behaviour that affects their suitability as a tenant (not serious enough to "
              "disqualify)", required=False)
    override_band = forms.ChoiceField(
        label="Place the applicant in a different band (optional)", required=False,
        help_text="Only where the reasons above do not reflect the applicant's need. Placing "
                  "someone higher than the rules propose needs a manager's approval.",
        error_messages={"invalid_choice": "Choose a band from the list"})
    override_reason = forms.CharField(
        label="Reason for choosing a different band", required=False, max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required if you choose a different band. The applicant may read this.")
    justification = forms.CharField(
        label="Why should a manager approve this award?", required=False, max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the award needs a manager's approval (Band A, discretionary "
                  "reasons, or a higher band than the rules propose). Say what evidence you "
                  "have seen.")
    officer_note = forms.CharField(
        label="Note for the file (optional)", required=False, max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, bands: BandScheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = self.fields["reason_codes"]
        assert isinstance(codes, forms.MultipleChoiceField)
        codes.choices = [(r.code, f"{r.code} {r.title}") for r in bands.reasons]
        override = self.fields["override_band"]
        assert isinstance(override, forms.ChoiceField)
        override.choices = [("", "No: use the band the reasons give"),
                            *((b.code, b.name) for b in bands.bands)]
        self.helper.layout = Layout(
            Fieldset(Field.checkbox("deliberate_worsening", small=True),
                     Field.checkbox("behaviour", small=True),
                     legend="Reduced priority", legend_size="s"),
            Field.select("override_band"),
            Field.textarea("override_reason", rows=3),
            Field.textarea("justification", rows=3),
            Field.textarea("officer_note", rows=3))


class AwardWithdrawForm(GovukForm):
    reason = forms.CharField(label="Why are you withdrawing it? (optional)", required=False,
                             max_length=300,
                             error_messages={"max_length": "Reason must be 300 characters or "
                                                           "fewer"})


def _member_choices(members: Iterable[HouseholdMember]) -> list[tuple[str, str]]:
    return [("", "Choose a person"),
            *((str(m.pk), f"{m.full_name} ({m.get_role_display().lower()})") for m in members)]


class DebtForm(GovukForm):
    """Add or correct a debt. Amounts are parsed here; whether they make sense (not below
    zero, an arrangement with its amount and start) is the service's call."""

    member = forms.ChoiceField(label="Who owes it",
                               error_messages={"required": "Choose who owes the debt",
                                               "invalid_choice": "Choose someone on this "
                                                                 "application"})
    creditor = forms.ChoiceField(
        label="Owed to", choices=[("", "Choose who it is owed to"),
                                  *DebtRecord.Creditor.choices],
        error_messages={"required": "Choose who the debt is owed to",
                        "invalid_choice": "Choose who the debt is owed to"})
    creditor_name = forms.CharField(label="Name of the landlord or organisation (optional)",
                                    required=False, max_length=200)
    type = forms.ChoiceField(
        label="Type of debt", choices=[("", "Choose a type"), *DebtRecord.Type.choices],
        error_messages={"required": "Choose the type of debt",
                        "invalid_choice": "Choose the type of debt"})
    amount = forms.DecimalField(
        label="Amount owed, in pounds", max_digits=9, decimal_places=2,
        widget=_money_input(),
        error_messages={"required": "Enter the amount owed",
                        "invalid": "The amount owed must be an amount of money, like 350.00",
                        "max_digits": "The amount owed is too large",
                        "max_decimal_places": "The amount owed can only have pence (2 decimal "
                                              "places)",
                        "max_whole_digits": "The amount owed is too large"})
    as_of = GovukDateField(label="Date the amount was confirmed",
                           hint="For example, 27 3 2026")
    accrued_date = GovukDateField(label="Date the debt arose", required=False,
                                  hint="Used for the look-back period. Leave blank if not "
                                       "known.")
    weekly_rent_reference = forms.DecimalField(
        label="Weekly rent, in pounds (optional)", required=False, max_digits=7,
        decimal_places=2, widget=_money_input(),
        help_text="Used where the scheme's threshold is a number of weeks' rent.",
        error_messages={"invalid": "The weekly rent must be an amount of money, like 110.00",
                        "max_digits": "The weekly rent is too large",
                        "max_decimal_places": "The weekly rent can only have pence",
                        "max_whole_digits": "The weekly rent is too large"})
    arrangement_frequency = forms.ChoiceField(
        label="How often payments are made", required=False,
        choices=DebtRecord.Frequency.choices,
        error_messages={"invalid_choice": "Choose how often payments are made"})
    arrangement_amount = forms.DecimalField(
        label="Amount paid each time, in pounds", required=False, max_digits=7,
        decimal_places=2, widget=_money_input(),
        error_messages={"invalid": "The arrangement amount must be an amount of money",
                        "max_digits": "The arrangement amount is too large",
                        "max_decimal_places": "The arrangement amount can only have pence",
                        "max_whole_digits": "The arrangement amount is too large"})
    arrangement_start = GovukDateField(label="Date the arrangement started", required=False)
    arrangement_kept_since = GovukDateField(
        label="Payments kept without a break since", required=False,
        hint="Leave blank if the arrangement is not being kept.")
    domestic_abuse_related = forms.BooleanField(
        label="Caused by an abuser, for example through economic abuse", required=False)
    benefit_delay_related = forms.BooleanField(
        label="Caused by benefit delays, not the applicant", required=False)
    notes = forms.CharField(label="Notes (optional)", required=False, max_length=NOTE_MAX,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, members: Iterable[HouseholdMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        assert isinstance(member, forms.ChoiceField)
        member.choices = _member_choices(members)
        self.helper.layout = Layout(
            Field.select("member"), Field.select("creditor"),
            Field.text("creditor_name"), Field.select("type"),
            Field.text("amount", field_width=10), Field("as_of"), Field("accrued_date"),
            Field.text("weekly_rent_reference", field_width=10),
            Fieldset(Field.select("arrangement_frequency"),
                     Field.text("arrangement_amount", field_width=10),
                     Field("arrangement_start"), Field("arrangement_kept_since"),
                     legend="Repayment arrangement", legend_size="s"),
            Fieldset(Field.checkbox("domestic_abuse_related", small=True),
                     Field.checkbox("benefit_delay_related", small=True),
                     legend="Debts that do not count against the applicant", legend_size="s"),
            Field.textarea("notes", rows=3))

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


def debt_initial(debt: DebtRecord) -> dict[str, Any]:
    return {"member": str(debt.member_id), "creditor": debt.creditor,
            "creditor_name": debt.creditor_name, "type": debt.type, "amount": debt.amount,
            "as_of": debt.as_of, "accrued_date": debt.accrued_date,
            "weekly_rent_reference": debt.weekly_rent_reference,
            "arrangement_frequency": debt.arrangement_frequency,
            "arrangement_amount": debt.arrangement_amount,
            "arrangement_start": debt.arrangement_start,
            "arrangement_kept_since": debt.arrangement_kept_since,
            "domestic_abuse_related": debt.domestic_abuse_related,
            "benefit_delay_related": debt.benefit_delay_related, "notes": debt.notes}


class DebtClearForm(GovukForm):
    cleared_on = GovukDateField(label="Date it was cleared", required=False,
                                hint="Leave blank for today.")
    note = forms.CharField(label="How was it cleared? (optional)", required=False,
                           max_length=300)
