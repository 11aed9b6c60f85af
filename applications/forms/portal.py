"""Applicant forms for the task list. Validation and GOV.UK wording only; services save."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.forms import modelform_factory
from django.utils import timezone

from applications.models import AddressHistory, ChangeOfCircumstances, Circumstances
from applications.models import HouseholdMember as Member
from applications.rules.eligibility import IMMIGRATION_STATUS_LABELS, RIGHT_TO_RESIDE_LABELS
from housing.core.forms import GovukForm, GovukFormMixin

YES_NO = [("True", "Yes"), ("False", "No")]


def _yes_no(label: str, hint: str = "", required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, help_text=hint, choices=YES_NO, widget=forms.RadioSelect,
        coerce=lambda value: value == "True", required=required,
        error_messages={"required": f"Select yes or no: {label[0].lower()}{label[1:]}"
                        .rstrip("?")},
    )


class GovukDateField(DateInputField):
    """Day, month and year boxes with messages that say what to fix."""

    def __init__(self, *, label: str, hint: str = "", required: bool = True,
                 past: bool | None = None) -> None:
        super().__init__(label=label, help_text=hint, required=required,
                         require_all_fields=False)
        self.error_messages["required"] = f"Enter {label[0].lower()}{label[1:]}"
        self.error_messages["incomplete"] = f"{label} must include a day, month and year"
        self.past = past

    def clean(self, value: Any) -> dt.date | None:
        try:
            result = super().clean(value)
        except forms.ValidationError:
            raise
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(f"{self.label} must be a real date") from exc
        if result and self.past is True and result > timezone.localdate():
            raise forms.ValidationError(f"{self.label} must be today or in the past")
        if result and self.past is False and result < timezone.localdate():
            raise forms.ValidationError(f"{self.label} must be in the future")
        if result and result.year < 1900:
            raise forms.ValidationError(f"{self.label} must be after 1900")
        return result


class AboutYouForm(GovukForm):
    first_name = forms.CharField(label="First name", max_length=100,
                                 error_messages={"required": "Enter your first name"})
    last_name = forms.CharField(label="Last name", max_length=100,
                                error_messages={"required": "Enter your last name"})
    date_of_birth = GovukDateField(label="Date of birth", hint="For example, 27 3 1985",
                                   past=True)
    sex = forms.ChoiceField(
        label="Sex", choices=Member.Sex.choices, widget=forms.RadioSelect,
        help_text="We use this only to work out how many bedrooms your household needs.",
        error_messages={"required": "Select your sex"})
    ni_number = forms.RegexField(
        label="National Insurance number", required=False, max_length=13,
        regex=r"^\s*[A-Za-z]{2}(\s*\d){6}\s*[A-Da-d]\s*$",
        help_text="It's on your National Insurance card or letters about benefits. For "
                  "example, QQ 12 34 56 C",
        error_messages={"invalid": "Enter a National Insurance number in the correct format"})
    phone = forms.CharField(label="Phone number", max_length=30, required=False)
    email = forms.EmailField(label="Email address", max_length=254,
                             error_messages={"required": "Enter your email address",
                                             "invalid": "Enter an email address in the "
                                                        "correct format, like "
                                                        "name@example.com"})


class MemberForm(GovukForm):
    first_name = forms.CharField(label="First name", max_length=100,
                                 error_messages={"required": "Enter their first name"})
    last_name = forms.CharField(label="Last name", max_length=100,
                                error_messages={"required": "Enter their last name"})
    role = forms.ChoiceField(
        label="Who is this person?", widget=forms.RadioSelect,
        choices=[(Member.Role.JOINT, "My partner, applying jointly with me"),
                 (Member.Role.PARTNER, "My partner, not applying jointly"),
                 (Member.Role.CHILD, "My child, or a child I look after"),
                 (Member.Role.OTHER_ADULT, "Another adult relative"),
                 (Member.Role.CARER, "A carer who lives with me")],
        error_messages={"required": "Select who this person is"})
    expecting = _yes_no("Is this a baby who is not born yet?")
    date_of_birth = GovukDateField(label="Date of birth", hint="For example, 27 3 2012",
                                   required=False, past=True)
    due_date = GovukDateField(label="Due date", hint="Only for a baby not born yet",
                              required=False, past=False)
    sex = forms.ChoiceField(label="Sex", required=False, widget=forms.RadioSelect,
                            choices=[*Member.Sex.choices, ("", "Not known yet")],
                            help_text="Used only to work out bedrooms.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        expecting = data.get("expecting")
        if expecting is True and not data.get("due_date"):
            self.add_error("due_date", "Enter the due date")
        if expecting is False and not data.get("date_of_birth"):
            self.add_error("date_of_birth", "Enter their date of birth")
        if expecting is False:
            data["due_date"] = None
            if not data.get("sex"):
                self.add_error("sex", "Select their sex")
        if expecting is True:
            data["date_of_birth"] = None
        return data


class AddressForm(GovukFormMixin, forms.ModelForm):
    from_date = GovukDateField(label="Date you moved in", hint="For example, 1 6 2021",
                               past=True)
    to_date = GovukDateField(label="Date you moved out", required=False, past=True,
                             hint="Leave blank if you live there now")
    in_district = _yes_no("Is this address in the council's area?")

    class Meta:
        model = AddressHistory
        fields = ["line_1", "line_2", "town", "postcode", "from_date", "to_date", "in_district",
                  "gap_reason", "reason_for_leaving"]
        labels = {"line_1": "Address line 1", "line_2": "Address line 2 (optional)",
                  "town": "Town or city", "postcode": "Postcode",
                  "gap_reason": "Were you living here because you were in one of these places?",
                  "reason_for_leaving": "Why did you leave? (optional)"}
        error_messages = {"line_1": {"required": "Enter address line 1"},
                          "town": {"required": "Enter the town or city"}}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from_date"), data.get("to_date")
        if start and end and end < start:
            self.add_error("to_date", "The date you moved out must be after you moved in")
        return data


_CIRCUMSTANCES_LABELS: dict[str, tuple[str, str]] = {
    "tenure": ("Where are you living now?", ""),
    "landlord_name": ("Who is your landlord? (optional)", ""),
    "current_bedrooms": ("How many bedrooms does your home have?",
                         "Count only rooms you use as bedrooms. Enter 0 if you have none."),
    "shares_kitchen": ("Do you share a kitchen with people who are not in your household?", ""),
    "shares_bathroom": ("Do you share a bathroom or toilet with people who are not in your "
                        "household?", ""),
    "disrepair": ("Is your home in serious disrepair that your landlord will not fix?", ""),
    "disrepair_details": ("Tell us about the disrepair (optional)", ""),
    "has_housing_need": ("Do you have a housing need?",
                         "For example your home is overcrowded, unsafe, or you are homeless."),
    "works_in_district": ("Do you work in the council's area?", ""),
    "work_hours_per_week": ("How many hours a week?", "Leave blank if you do not work here."),
    "work_months": ("For how many months have you worked there?", ""),
    "family_in_district": ("Do close family members live in the council's area?",
                           "Parents, children, brothers or sisters."),
    "family_relationship": ("How are they related to you? (optional)", ""),
    "family_years": ("How many years have they lived here?", ""),
    "household_income_annual": ("What is your household's total yearly income, before tax?",
                                "In pounds. Include wages and benefits. Enter 0 if none."),
    "savings": ("How much does your household have in savings?",
                "In pounds. Enter 0 if none."),
    "owns_property": ("Does anyone in your household own a home, in the UK or abroad?", ""),
    "property_details": ("Tell us about the property (optional)", ""),
    "has_housing_debt": ("Does anyone in your household owe money to a landlord?",
                         "For example rent arrears, or charges for temporary accommodation."),
    "housing_debt_amount": ("How much is owed, in pounds?", ""),
    "housing_debt_details": ("Who is it owed to, and is there a repayment plan? (optional)", ""),
    "has_medical_needs": ("Does anyone have a health condition or disability that your "
                          "current home makes worse?", ""),
    "medical_summary": ("Tell us how your home affects it",
                        "We may ask for a medical form later."),
    "armed_forces": ("Does anyone have a connection to the armed forces?", ""),
    "discharge_date": ("Date they left the armed forces (if they have left)", ""),
    "service_related_bereavement": ("Did a partner die because of their service?", ""),
    "care_leaver": ("Is anyone applying a care leaver aged under 25?", ""),
    "fled_domestic_abuse": ("Do you need to move because of domestic abuse?",
                            "If you are in danger now, call 999."),
    "is_social_tenant_in_england": ("Are you a council or housing association tenant "
                                    "elsewhere in England?", ""),
    "has_job_or_offer_in_district": ("Do you have a job, or a job offer, in the council's area?",
                                     ""),
    "hardship_to_move_for_work": ("Would it cause you hardship not to move closer to that "
                                  "work?", ""),
    "seeking_sheltered_only": ("Are you aged 60 or over and looking only for sheltered "
                               "housing?", ""),
    "unacceptable_behaviour": ("Has anyone been evicted or had a court order for antisocial "
                               "behaviour in the last 5 years?", ""),
    "behaviour_details": ("Tell us what happened (optional)", ""),
}


def _circumstances_field(model_field: Any, **kwargs: Any) -> forms.Field | None:
    label, hint = _CIRCUMSTANCES_LABELS.get(model_field.name, (model_field.verbose_name, ""))
    if model_field.name == "discharge_date":
        return GovukDateField(label=label, hint=hint, required=False, past=True)
    if model_field.get_internal_type() == "BooleanField" and not model_field.null:
        return _yes_no(label, hint)
    if model_field.get_internal_type() == "BooleanField":
        return _yes_no(label, hint)
    field = model_field.formfield(**kwargs)
    if field is None:
        return None
    field.label, field.help_text = label, hint
    if model_field.choices:
        field.widget = forms.RadioSelect(choices=field.choices)
        field.choices = [c for c in field.choices if c[0] != ""]
        field.error_messages["required"] = f"Select an answer: {label.rstrip('?').lower()}"
        field.required = model_field.name == "tenure" or not model_field.blank
    if isinstance(field, forms.IntegerField | forms.DecimalField):
        field.widget.attrs.update({"inputmode": "numeric", "class": "govuk-input--width-10"})
        field.min_value = 0
        field.error_messages["invalid"] = "Enter a whole number, like 12"
    return field


class _CircumstancesBase(GovukFormMixin, forms.ModelForm):
    pass


def circumstances_form_class(fields: tuple[str, ...]) -> type[forms.ModelForm]:
    return modelform_factory(Circumstances, form=_CircumstancesBase, fields=list(fields),
                             formfield_callback=_circumstances_field)


class ImmigrationForm(GovukForm):
    nationality = forms.CharField(label="Nationality", max_length=60,
                                  error_messages={"required": "Enter their nationality"})
    immigration_status = forms.ChoiceField(
        label="Immigration status",
        choices=[("", "Select an option")] + [
            (status.value, label) for status, label in IMMIGRATION_STATUS_LABELS.items()],
        error_messages={"required": "Select their immigration status"})
    status_expiry_date = GovukDateField(label="Date their permission to stay ends",
                                        hint="Leave blank if it does not end", required=False)
    right_to_reside = forms.ChoiceField(
        label="If they have pre-settled status, what are they doing in the UK?", required=False,
        choices=[("", "Not applicable")] + [(r.value, label) for r, label
                                            in RIGHT_TO_RESIDE_LABELS.items()
                                            if r.value != "not_known"])
    is_existing_social_tenant = _yes_no(
        "Are they a council or housing association tenant now (not a short-term tenancy)?")


class DeclarationForm(GovukForm):
    declaration = forms.BooleanField(
        label="I confirm that the information I have given is true and complete, and I will "
              "tell the council about any changes.",
        error_messages={"required": "Confirm the declaration to continue"})
    consent = forms.BooleanField(
        label="I agree that the council may check what I have told them with other "
              "organisations, such as my landlord and the Home Office.", required=False)


class EvidenceUploadForm(GovukForm):
    file = forms.FileField(label="Upload a file", help_text="PDF, JPG or PNG, smaller than 10MB",
                           error_messages={"required": "Select a file",
                                           "empty": "The selected file is empty"})


class ChangeForm(GovukForm):
    kind = forms.ChoiceField(label="What has changed?", widget=forms.RadioSelect,
                             choices=ChangeOfCircumstances.Kind.choices,
                             error_messages={"required": "Select what has changed"})
    details = forms.CharField(label="Tell us about the change", widget=forms.Textarea,
                              max_length=3000,
                              help_text="Include dates, and who it affects.",
                              error_messages={"required": "Tell us about the change"})
