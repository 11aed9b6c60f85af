"""Officer forms for nominations (DOMAIN.md §4.13, §5.4). Shape and GOV.UK wording only; the
services in ``nominations.services.council`` decide."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from crispy_forms_gds.layout import Field, Layout
from django import forms

from applications.forms.priority import GovukDateField
from housing.accounts.models import Organisation
from housing.core.forms import GovukForm
from nominations.models import NominationAgreement, NominationRequest
from nominations.rules.rejections import parse_reason_lines

NOTE_MAX = 2000
REASON_MAX = 300


def _text(label: str, *, required: bool, required_message: str = "", help_text: str = "",
          max_length: int = NOTE_MAX, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=max_length, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message or f"Enter {label[0].lower()}{label[1:]}",
                        "max_length": f"{label} must be {max_length:,} characters or fewer"})


class _RequiredText(GovukForm):
    """A form whose text boxes named in ``required_text`` may not be only spaces."""

    required_text: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.required_text:
            if name in data and not str(data[name] or "").strip():
                self.add_error(name, self.fields[name].error_messages["required"])
        return data


class RequestOpenForm(GovukForm):
    """Open a vacancy for nomination (``nomination_request_open``)."""

    route = forms.ChoiceField(
        label="How will the council find a nominee?", widget=forms.RadioSelect,
        choices=NominationRequest.Route.choices,
        error_messages={"required": "Choose how the council will find a nominee",
                        "invalid_choice": "Choose from the list"})
    is_first_let = forms.ChoiceField(
        label="Is this a first let?", widget=forms.RadioSelect,
        choices=[("no", "No, a re-let (3 working days to nominate)"),
                 ("yes", "Yes, the first let of a new home (10 working days)")],
        error_messages={"required": "Say whether this is a first let",
                        "invalid_choice": "Choose from the list"})
    special_criteria = _text("Criteria agreed in advance for this home (optional)",
                             required=False)


class ShortlistNominateForm(GovukForm):
    """Nominate the top verified bidders (``nominate_from_shortlist``)."""

    entries = forms.MultipleChoiceField(
        label="Who do you want to nominate?", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one bidder to nominate",
                        "invalid_choice": "Choose bidders from the list"})

    def __init__(self, *args: Any, choices: Iterable[tuple[str, str]] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = list(choices)  # type: ignore[attr-defined]


class RegisterNominateForm(GovukForm):
    """Nominate a match from the register (``nominate_from_register``)."""

    application = forms.ChoiceField(
        label="Who do you want to nominate?", widget=forms.RadioSelect,
        error_messages={"required": "Choose the applicant to nominate",
                        "invalid_choice": "Choose an applicant from the list"})
    not_top_reason = _text(
        "If this is not the first applicant on the list, why them?", required=False,
        help_text="Needed when you nominate anyone but the first. For example, the home's "
                  "criteria agreed with the provider.")

    def __init__(self, *args: Any, choices: Iterable[tuple[str, str]] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = list(choices)  # type: ignore[attr-defined]
        # The template draws the applicants (with their priority); crispy draws the reason.
        self.helper.layout = Layout(Field("not_top_reason"))


class ReturnForm(_RequiredText):
    required_text = ("reason",)
    reason = _text("Why is there no suitable nominee?", required=True, max_length=REASON_MAX,
                   required_message="Say why there is no suitable nominee")


class RejectionAcceptForm(GovukForm):
    note = _text("Note (optional)", required=False, max_length=REASON_MAX)


class ChallengeForm(_RequiredText):
    required_text = ("note",)
    note = _text("Why does the council disagree with the rejection?", required=True,
                 required_message="Say why the council disagrees with the rejection")


class WithdrawForm(_RequiredText):
    required_text = ("reason",)
    reason = _text("Why is the nomination withdrawn?", required=True, max_length=REASON_MAX,
                   required_message="Say why the nomination is withdrawn")


def _days(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=1, max_value=60,
        help_text="Working days. Leave blank for the scheme's default.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={"invalid": f"{label} must be a whole number",
                        "min_value": f"{label} must be at least 1",
                        "max_value": f"{label} must be 60 or fewer"})


def _pct(label: str, name: str) -> forms.IntegerField:
    # Error messages are %-formatted by Django, so they name the share without "(%)".
    return forms.IntegerField(
        label=label, min_value=0, max_value=100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={"required": f"Enter the {name.lower()}",
                        "invalid": f"{name} must be a whole number",
                        "min_value": f"{name} must be 0 or more",
                        "max_value": f"{name} must be 100 or less"})


class AgreementForm(GovukForm):
    """A nomination agreement (``agreement_save``); the provider only when it is new."""

    provider = forms.ModelChoiceField(
        label="Registered provider", queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the registered provider",
                        "invalid_choice": "Choose a provider from the list"})
    name = forms.CharField(label="Name of the agreement", max_length=200,
                           error_messages={"required": "Enter the name of the agreement"})
    effective_from = GovukDateField(label="In force from", hint="For example, 1 4 2026")
    effective_to = GovukDateField(label="In force until (optional)", required=False)
    first_let_share_pct = _pct("Share of first lets (%)", "Share of first lets")
    relet_share_pct = _pct("Share of re-lets (%)", "Share of re-lets")
    nominees_per_vacancy = forms.IntegerField(
        label="Nominees per vacancy", min_value=1, max_value=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
        error_messages={"required": "Enter how many nominees a vacancy may have",
                        "invalid": "Nominees per vacancy must be a whole number",
                        "min_value": "Nominees per vacancy must be at least 1",
                        "max_value": "Nominees per vacancy must be 5 or fewer"})
    property_scope = _text("Which homes it covers (optional)", required=False)
    scope_areas = forms.CharField(
        label="Postcode areas covered (optional)", required=False, max_length=500,
        help_text="Separate them with commas, for example BF1, BF2. Blank: all areas.")
    rejection_reasons = _text(
        "Reasons the provider may give for rejecting a nominee", required=True, rows=8,
        help_text="One per line: a short code, a colon, then the words, for example "
                  "“arrears: Housing debt above the agreed threshold”.",
        required_message="List the reasons the provider may give", max_length=8000)
    nominate_relet_working_days = _days("Days to nominate for a re-let")
    nominate_first_let_working_days = _days("Days to nominate for a first let")
    rp_decision_working_days = _days("Days for the provider to decide")
    renominate_working_days = _days("Days to nominate again after a rejection")
    dispute_process = _text("How the council challenges a rejection (optional)",
                            required=False)
    data_sharing_agreement_ref = forms.CharField(
        label="Data sharing agreement reference (optional)", required=False, max_length=100)

    def __init__(self, *args: Any, new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if new:
            self.fields["provider"].queryset = (  # type: ignore[attr-defined]
                Organisation.objects.filter(kind=Organisation.Kind.REGISTERED_PROVIDER,
                                            is_active=True).order_by("name"))
        else:
            del self.fields["provider"]

    @staticmethod
    def initial_for(agreement: NominationAgreement) -> dict[str, Any]:
        data: dict[str, Any] = {name: getattr(agreement, name) for name in (
            "name", "effective_from", "effective_to", "first_let_share_pct", "relet_share_pct",
            "nominees_per_vacancy", "property_scope", "nominate_relet_working_days",
            "nominate_first_let_working_days", "rp_decision_working_days",
            "renominate_working_days", "dispute_process", "data_sharing_agreement_ref")}
        data["scope_areas"] = ", ".join(agreement.scope_areas or [])
        data["rejection_reasons"] = "\n".join(
            f"{r.get('code')}: {r.get('label')}" for r in agreement.rejection_reasons or []
            if isinstance(r, dict))
        return data

    def clean_rejection_reasons(self) -> list[dict[str, str]]:
        reasons, problems = parse_reason_lines(self.cleaned_data.get("rejection_reasons") or "")
        if problems:
            raise forms.ValidationError(problems)
        return reasons

    def clean_scope_areas(self) -> list[str]:
        text = self.cleaned_data.get("scope_areas") or ""
        return [part.strip().upper() for part in text.split(",") if part.strip()]


class MonitoringForm(GovukForm):
    """The period to monitor (default: the last 12 months)."""

    start = GovukDateField(label="From", required=False)
    end = GovukDateField(label="To", required=False)

    def period(self, today: dt.date) -> tuple[dt.date, dt.date]:
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or end - dt.timedelta(days=364)
        return start, end

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "The end of the period must be after its start")
        return data
