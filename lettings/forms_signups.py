"""Officer forms for signing a tenant up (DOMAIN.md §3.15, §4.16, §5.3): the pre-tenancy checks,
the affordability assessment, the tenancy's terms, a tenant's signature taken in person, reopening
the checks and the counter-signature.

Validation of shape and GOV.UK wording only; ``lettings.services.signups`` decides (whether a
check may be marked not needed, whether the start date is allowed, whether a joint tenancy can be
granted, whether the typed name matches).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import HTML, Field, Layout
from django import forms

from applications.forms.priority import GovukDateField
from applications.models import HouseholdMember
from housing.core.forms import GovukForm
from lettings.models import RentPeriod, SignUp, SignUpCheck
from lettings.rules.signup_checks import SUPPORT_REFERRALS, CheckDefinition
from lettings.services.signups import (
    AFFORDABILITY_FIELDS,
    CHECK_DETAILS,
    CLAIM_TYPES,
    WORKING_SITUATIONS,
)

TEXT_MAX = 2000
REASON_MAX = 300
NAME_MAX = 200

# Labels and hints of the affordability figures, all weekly (``AFFORDABILITY_FIELDS``).
INCOME_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("earnings", "Earnings", "Everyone's take-home pay after tax and National Insurance."),
    ("universal_credit", "Universal Credit",
     "Not counting the housing element, which goes in the next box."),
    ("housing_support", "Help with housing costs for this home",
     "The Universal Credit housing element or Housing Benefit expected for this home."),
    ("other_benefits", "Other benefits",
     "For example Child Benefit, Personal Independence Payment or Carer's Allowance."),
    ("other_income", "Other income", "For example maintenance, a pension or student funding."),
)
OUTGOING_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("council_tax", "Council Tax", "After any Council Tax Support."),
    ("utilities", "Gas, electricity and water", ""),
    ("food_and_household", "Food and household goods", ""),
    ("travel", "Travel", "Fares, fuel and car costs needed for work, school or care."),
    ("childcare", "Childcare", ""),
    ("debt_repayments", "Debt repayments", "Agreed repayments, including any arrears."),
    ("other_outgoings", "Other essential outgoings",
     "For example phone and internet, or insurance."),
)
assert {name for name, _l, _h in INCOME_FIELDS + OUTGOING_FIELDS} == set(AFFORDABILITY_FIELDS)


def _text(label: str, *, required: bool = False, help_text: str = "",
          required_message: str = "", max_length: int = TEXT_MAX,
          rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=max_length, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message or "Enter some text",
                        "max_length": f"{label} must be {max_length:,} characters or fewer"})


def _money_input() -> forms.TextInput:
    # GOV.UK: a text box with a numeric keyboard, not <input type="number">.
    return forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})


def _money(label: str, *, unit: str = "in pounds", required: bool = False,
           help_text: str = "") -> forms.DecimalField:
    """An amount of money; ``label`` names it in the messages, the box says the unit."""
    lower = f"{label[0].lower()}{label[1:]}"
    return forms.DecimalField(
        label=f"{label}, {unit}", required=required, max_digits=7, decimal_places=2,
        min_value=Decimal("0"), widget=_money_input(), help_text=help_text,
        error_messages={"required": f"Enter the {lower}",
                        "invalid": f"{label} must be an amount of money, like 110.50",
                        "min_value": f"{label} cannot be less than £0",
                        "max_digits": f"{label} must be less than £100,000",
                        "max_whole_digits": f"{label} must be less than £100,000",
                        "max_decimal_places": f"{label} can only have pence (2 decimal "
                                              "places)"})


def _pounds(name: str) -> Field:
    return Field.text(name, field_width=5)


def _required_text(form: forms.BaseForm, name: str) -> str:
    """A required text box that is only spaces is as good as empty."""
    value = str(form.cleaned_data.get(name) or "").strip()
    if not value:
        raise forms.ValidationError(form.fields[name].error_messages["required"])
    return value


def _heading(text: str) -> HTML:
    return HTML(f'<h2 class="govuk-heading-m govuk-!-margin-top-6">{text}</h2>')


# --- The list -----------------------------------------------------------------------------------

OPEN = ""
ALL = "all"


class SignUpFilterForm(GovukForm):
    """Which sign-ups to list (sent with GET): the open ones, one status, or all."""

    status = forms.ChoiceField(
        label="Status", required=False,
        choices=[(OPEN, "Open sign-ups"), *SignUp.Status.choices, (ALL, "All sign-ups")],
        error_messages={"invalid_choice": "Choose a status from the list"})

    def choice(self) -> str:
        return str(getattr(self, "cleaned_data", {}).get("status") or "")


# --- The checks ---------------------------------------------------------------------------------

class CheckForm(GovukForm):
    """Record one pre-tenancy check (``signup_check_record``): done, not needed (only where the
    check allows it) or not done, what was found, and the check's structured details
    (``CHECK_DETAILS``)."""

    status = forms.ChoiceField(label="Is the check done?", widget=forms.RadioSelect)
    outcome = _text("What was checked and found", rows=4,
                    help_text="Say what you saw or were told, or why the check is not needed. "
                              "Needed unless the check is not done.")

    def __init__(self, *args: Any, check: CheckDefinition, rent_due: str = "",
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.check = check
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        choices = [Choice(SignUpCheck.Status.DONE, "Done")]
        if check.may_be_not_needed:
            choices.append(Choice(SignUpCheck.Status.NOT_NEEDED, "Not needed",
                                  hint="Say why in the box below."))
        choices.append(Choice(SignUpCheck.Status.TO_DO, "Not done"))
        status.choices = choices
        message = ("Choose done, not needed or not done" if check.may_be_not_needed
                   else f"“{check.title}” is always needed: choose done or not done")
        status.error_messages = {"required": "Choose whether the check is done",
                                 "invalid_choice": message}
        details: list[Any] = []
        code = check.code
        if code == "identity":
            self.fields["documents"] = _text(
                "Documents seen", max_length=REASON_MAX,
                help_text="For each adult tenant, for example “Passport and a council tax "
                          "bill for Sam Example”.")
            details.append(Field.textarea("documents", rows=3))
        elif code == "household":
            self.fields["working_situation"] = forms.ChoiceField(
                label="Lead tenant's working situation", required=False,
                choices=[("", "Choose one"), *WORKING_SITUATIONS],
                help_text="The lettings log for CORE asks for this.",
                error_messages={"invalid_choice": "Choose the lead tenant's working situation"})
            details.append(Field.select("working_situation"))
        elif code == "rent_in_advance":
            self.fields["amount_paid"] = _money(
                "Amount paid",
                help_text=f"Amount due: {rent_due}." if rent_due else "")
            details.append(_pounds("amount_paid"))
        elif code == "benefit_claim":
            self.fields["claim_type"] = forms.ChoiceField(
                label="Which claim?", required=False, widget=forms.RadioSelect,
                choices=list(CLAIM_TYPES),
                error_messages={"invalid_choice": "Choose the kind of claim"})
            self.fields["claim_reference"] = forms.CharField(
                label="Claim reference (optional)", required=False, max_length=REASON_MAX,
                widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
                error_messages={"max_length": "The claim reference must be 300 characters or "
                                              "fewer"})
            details += [Field.radios("claim_type", small=True, legend_size="s"),
                        Field.text("claim_reference", field_width=20)]
        elif code == "support":
            self.fields["referrals"] = forms.MultipleChoiceField(
                label="Referrals made", required=False, widget=forms.CheckboxSelectMultiple,
                choices=list(SUPPORT_REFERRALS),
                error_messages={"invalid_choice": "Choose referrals from the list"})
            details.append(Field.checkboxes("referrals", small=True, legend_size="s"))
        elif code == "tenancy_end":
            self.fields["end_date"] = GovukDateField(
                label="Date the current tenancy ends", required=False,
                hint="Needed when the check is done. For example, 27 3 2026")
            details.append("end_date")
        self.helper.layout = Layout(Field.radios("status", small=True, legend_size="s"),
                                    Field.textarea("outcome", rows=4), *details)

    def clean_outcome(self) -> str:
        return str(self.cleaned_data.get("outcome") or "").strip()

    def details(self) -> dict[str, Any]:
        """The check's details as ``signup_check_record`` takes them (call after
        ``is_valid``)."""
        return {name: self.cleaned_data.get(name)
                for name in CHECK_DETAILS.get(self.check.code, ())}

    @staticmethod
    def initial_for(check: SignUpCheck | None) -> dict[str, Any]:
        """The form filled in from what was recorded last."""
        if check is None:
            return {}
        initial: dict[str, Any] = {"status": check.status, "outcome": check.outcome,
                                   **(check.details or {})}
        end = initial.get("end_date")
        if isinstance(end, str):
            try:
                initial["end_date"] = dt.date.fromisoformat(end)
            except ValueError:
                initial.pop("end_date")
        return initial


class AffordabilityForm(GovukForm):
    """The household's weekly income and essential outgoings (``affordability_record``): the
    rule works the result out against the rent and charges."""

    evidence_seen = _text("Evidence seen", max_length=TEXT_MAX,
                          help_text="For example, payslips for the last 3 months and a "
                                    "Universal Credit statement.")
    evidence_inconclusive = forms.BooleanField(
        label="The evidence is inconclusive", required=False,
        help_text="The household then gets the benefit of the doubt.")
    proceed_reason = _text(
        "Why the tenancy can still go ahead (optional)", max_length=TEXT_MAX,
        help_text="Only if the result is “not affordable”: for example, a Discretionary Housing "
                  "Payment was awarded.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label, hint in INCOME_FIELDS + OUTGOING_FIELDS:
            self.fields[name] = _money(label, unit="in pounds a week", help_text=hint)
        order = [n for n, _l, _h in INCOME_FIELDS + OUTGOING_FIELDS]
        self.order_fields([*order, "evidence_seen", "evidence_inconclusive", "proceed_reason"])
        self.helper.layout = Layout(
            _heading("Income"),
            *(_pounds(name) for name, _l, _h in INCOME_FIELDS),
            _heading("Essential outgoings"),
            *(_pounds(name) for name, _l, _h in OUTGOING_FIELDS),
            _heading("Evidence"),
            Field.textarea("evidence_seen", rows=3),
            Field.checkbox("evidence_inconclusive", small=True),
            Field.textarea("proceed_reason", rows=3))

    def figures(self) -> dict[str, Decimal]:
        """The weekly figures, a blank box counting as £0 (call after ``is_valid``)."""
        return {name: self.cleaned_data.get(name) or Decimal("0")
                for name in AFFORDABILITY_FIELDS}

    def clean_evidence_seen(self) -> str:
        return str(self.cleaned_data.get("evidence_seen") or "").strip()

    def clean_proceed_reason(self) -> str:
        return str(self.cleaned_data.get("proceed_reason") or "").strip()


# --- The tenancy's terms -------------------------------------------------------------------------

class TermsForm(GovukForm):
    """The tenancy as proposed (``signup_terms_update``): the start date, how often rent is
    paid, the weekly rent and charges, additional conditions and the joint tenants."""

    start_date = GovukDateField(label="Date the tenancy starts",
                                hint="Often a Monday. It cannot be in the past. For example, "
                                     "27 3 2026")
    rent_period = forms.ChoiceField(
        label="How often is rent paid?", widget=forms.RadioSelect,
        choices=RentPeriod.choices,
        error_messages={"required": "Choose how often rent is paid",
                        "invalid_choice": "Choose how often rent is paid"})
    weekly_rent = _money("Weekly rent", required=True)
    service_charge = _money("Weekly service charge",
                            help_text="Leave blank if there is none.")
    support_charge = _money("Weekly support charge",
                            help_text="Leave blank if there is none.")
    additional_conditions = _text(
        "Additional tenancy conditions (optional)", max_length=TEXT_MAX, rows=4,
        help_text="For example, a support agreement. They are printed in the tenancy "
                  "agreement.")
    joint_tenants = forms.TypedMultipleChoiceField(
        label="Joint tenants", required=False, coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Adults on the application who will hold the tenancy with the lead tenant. "
                  "Every joint tenant must be eligible.",
        error_messages={"invalid_choice": "Choose joint tenants from the adults on the "
                                          "application"})

    def __init__(self, *args: Any, members: Iterable[HouseholdMember],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start_date"].error_messages["required"] = "Enter the date the tenancy starts"
        self.fields["weekly_rent"].error_messages["required"] = "Enter the weekly rent"
        joint = self.fields["joint_tenants"]
        assert isinstance(joint, forms.TypedMultipleChoiceField)
        joint.choices = [Choice(m.pk, m.full_name, hint=m.get_role_display())
                         for m in members]
        self.has_candidates = bool(joint.choices)
        layout: list[Any] = [
            "start_date", Field.radios("rent_period", small=True, legend_size="s"),
            _pounds("weekly_rent"), _pounds("service_charge"), _pounds("support_charge"),
            Field.textarea("additional_conditions", rows=4)]
        if self.has_candidates:
            layout.append(Field.checkboxes("joint_tenants", small=True, legend_size="s"))
        else:
            del self.fields["joint_tenants"]
        self.helper.layout = Layout(*layout)

    def clean_additional_conditions(self) -> str:
        return str(self.cleaned_data.get("additional_conditions") or "").strip()

    def to_data(self) -> dict[str, Any]:
        """The ``data`` ``signup_terms_update`` takes (a blank charge is £0)."""
        data = self.cleaned_data
        return {"start_date": data["start_date"], "rent_period": data["rent_period"],
                "weekly_rent": data["weekly_rent"],
                "service_charge": data.get("service_charge") or Decimal("0"),
                "support_charge": data.get("support_charge") or Decimal("0"),
                "additional_conditions": data.get("additional_conditions") or ""}

    def joint_member_ids(self) -> list[int] | None:
        """The joint tenants chosen, or None when the application has no adult to choose."""
        if not self.has_candidates:
            return None
        return list(self.cleaned_data.get("joint_tenants") or [])


# --- Signing --------------------------------------------------------------------------------------

class ReopenForm(GovukForm):
    """Something changed after the pack was made (``signup_reopen``)."""

    reason = _text("What has changed?", required=True, max_length=REASON_MAX,
                   help_text="For example, the start date moved to the following Monday. The "
                             "pack and any signatures on it are kept but superseded; a new "
                             "version is made after the checks.",
                   required_message="Enter what has changed")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("reason", rows=3))

    def clean_reason(self) -> str:
        return _required_text(self, "reason")


class _SignatureForm(GovukForm):
    typed_name = forms.CharField(
        label="Full name", max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={"required": "Type the full name to sign",
                        "max_length": f"The name must be {NAME_MAX} characters or fewer"})
    confirmed = forms.BooleanField(label="", required=False)
    # The fingerprint of the pack shown on the page, which the template puts in a hidden
    # input itself (never the one posted before), so a refusal shown again still signs the
    # version the page shows.
    pdf_sha256 = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def clean_typed_name(self) -> str:
        return _required_text(self, "typed_name")

    def clean_pdf_sha256(self) -> str:
        return str(self.cleaned_data.get("pdf_sha256") or "").strip()


class InPersonSignatureForm(_SignatureForm):
    """A tenant signs the pack in front of the officer (``tenant_sign(in_person=True)``)."""

    member = forms.TypedChoiceField(
        label="Who is signing?", widget=forms.RadioSelect, coerce=int,
        error_messages={"required": "Choose who is signing",
                        "invalid_choice": "Choose who is signing"})

    def __init__(self, *args: Any, tenants: Sequence[HouseholdMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        assert isinstance(member, forms.TypedChoiceField)
        member.choices = [(m.pk, m.full_name) for m in tenants]
        self.fields["typed_name"].label = "The tenant types their full name"
        self.fields["typed_name"].help_text = "Exactly as it is on the tenancy."
        self.fields["confirmed"].label = ("The tenant has read the tenancy agreement and agrees "
                                          "to its terms")
        self.order_fields(["member", "typed_name", "confirmed", "pdf_sha256"])
        self.helper.layout = Layout(Field.radios("member", small=True, legend_size="s"),
                                    Field.text("typed_name", field_width=20),
                                    Field.checkbox("confirmed", small=True))


class CountersignForm(_SignatureForm):
    """The officer counter-signs for the landlord (``countersign``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["typed_name"].label = "Type your full name"
        self.fields["typed_name"].help_text = "As it is on your account."
        self.fields["confirmed"].label = ("I have checked the tenancy and sign for the "
                                          "landlord")
        self.helper.layout = Layout(Field.text("typed_name", field_width=20),
                                    Field.checkbox("confirmed", small=True))
