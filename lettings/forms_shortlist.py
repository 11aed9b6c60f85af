"""Officer forms for working a shortlist and handling offers (DOMAIN.md §4.7, §4.9, §4.10,
§5.2 steps 6–9).

Validation of shape and GOV.UK wording only; the services decide (whether a bidder can still
be offered the home, whether a bypass needs a manager, whether a refusal can be assessed).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.utils import timezone

from applications.forms.priority import GovukDateField
from housing.core.forms import GovukForm
from lettings.models import Offer
from lettings.rules.bypass import BYPASS_REASONS, CHECKS

NOTE_MAX = 2000
REASON_MAX = 300
PASSED, FAILED, NOT_CHECKED = "passed", "failed", "not_checked"
# "14:30", "2:30pm", "2pm", "9.15 am"
TIME_RE = re.compile(r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>am|pm)?$")


def _note(label: str, *, required: bool, help_text: str = "", required_message: str = "",
          max_length: int = NOTE_MAX) -> forms.CharField:
    lower = f"{label[0].lower()}{label[1:]}"
    return forms.CharField(
        label=label, required=required, max_length=max_length, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": required_message or f"Enter {lower}",
                        "max_length": f"{label} must be {max_length:,} characters or fewer"})


def _required_text(form: forms.BaseForm, name: str) -> str:
    """A required text box that is only spaces is as good as empty."""
    value = (form.cleaned_data.get(name) or "").strip()
    if not value:
        raise forms.ValidationError(form.fields[name].error_messages["required"])
    return str(value)


def parse_time(text: str) -> dt.time | None:
    """A time as people type it ("14:30", "2:30pm", "2pm"), or None if it is not one."""
    match = TIME_RE.match(" ".join(text.lower().split()).replace(" ", ""))
    if match is None:
        return None
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    half = match["half"]
    if half is None and match["minute"] is None:
        return None  # "9" alone could be morning or evening
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def viewing_at(form: forms.Form, *, required: bool) -> dt.datetime | None:
    """The form's viewing date (day, month, year boxes) and time as a UK-time moment, or None
    when no viewing was given; puts a message on the box to fix otherwise."""
    day: dt.date | None = form.cleaned_data.get("viewing_date")
    text = (form.cleaned_data.get("viewing_time") or "").strip()
    if "viewing_date" in form.errors:
        return None
    if day is None and not text:
        if required:
            form.add_error("viewing_date", "Enter the date of the viewing")
        return None
    if day is None:
        form.add_error("viewing_date", "Enter the date of the viewing, or clear the time")
        return None
    if not text:
        form.add_error("viewing_time", "Enter the time of the viewing, like 2:30pm")
        return None
    moment = parse_time(text)
    if moment is None:
        form.add_error("viewing_time", "Enter a real time, like 2:30pm or 14:30")
        return None
    return timezone.make_aware(dt.datetime.combine(day, moment))


def _viewing_date(required: bool) -> GovukDateField:
    # Never required by the field itself: ``viewing_at`` says what is missing, once.
    # The label stays the same either way, as the date boxes' own messages quote it.
    return GovukDateField(label="Date of the viewing", required=False,
                          hint="For example, 27 3 2026" if required
                          else "Leave blank if no viewing is arranged yet. For example, 27 3 "
                               "2026")


def _viewing_time() -> forms.CharField:
    return forms.CharField(
        label="Time of the viewing", required=False, max_length=10,
        help_text="UK time, for example 2:30pm or 14:30",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={"max_length": "Enter a real time, like 2:30pm or 14:30"})


# --- Working the shortlist ----------------------------------------------------------------------

class ContactForm(GovukForm):
    """Record that the bidder was contacted (``shortlist_contact``)."""

    note = _note("What was said (optional)", required=False,
                 help_text="For example, “Phoned; they are still interested and can view on "
                           "Friday”.")
    respond_within_hours = forms.IntegerField(
        label="Hours they have to reply", initial=48, min_value=1, max_value=24 * 14,
        help_text="Between 1 hour and 14 days (336 hours).",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": "Enter the hours they have to reply",
                        "invalid": "The hours to reply must be a whole number, like 48",
                        "min_value": "Give at least 1 hour to reply",
                        "max_value": "Give no more than 14 days (336 hours) to reply"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("note", rows=3),
                                    Field.text("respond_within_hours", field_width=3))


class VerifyForm(GovukForm):
    """Record verification checks (``shortlist_verify``): each check passed, failed or not
    checked this time; at least one must be recorded."""

    note = _note("Note (optional)", required=False,
                 help_text="What you saw, for example “Passports for both adults seen”. Kept "
                           "with each check you record.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in CHECKS:
            self.fields[f"check_{code}"] = forms.ChoiceField(
                label=label, required=False, widget=forms.RadioSelect, initial=NOT_CHECKED,
                choices=[(PASSED, "Passed"), (FAILED, "Failed"),
                         (NOT_CHECKED, "Not checked this time")],
                error_messages={"invalid_choice": "Choose passed, failed or not checked"})
        self.fields["note"] = self.fields.pop("note")  # after the checks
        self.helper.layout = Layout(
            *(Field.radios(f"check_{code}", small=True, inline=True, legend_size="s")
              for code, _label in CHECKS),
            Field.textarea("note", rows=3))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        checks = {code: data.get(f"check_{code}") == PASSED for code, _label in CHECKS
                  if data.get(f"check_{code}") in (PASSED, FAILED)}
        if not checks and not self.errors:
            self.add_error(f"check_{CHECKS[0][0]}",
                           "Choose passed or failed for at least one check")
        data["checks"] = checks
        return data


class BypassForm(GovukForm):
    """Pass over a bidder with a reason and a note (``shortlist_bypass``). Reasons that need a
    manager's approval say so."""

    code = forms.ChoiceField(
        label="Why are you passing over this bidder?", widget=forms.RadioSelect,
        choices=[Choice(r.code, r.label,
                        hint="Needs a manager's approval" if r.needs_approval else "")
                 for r in BYPASS_REASONS],
        error_messages={"required": "Choose a reason for the bypass",
                        "invalid_choice": "Choose a reason from the list"})
    note = _note("Note", required=True,
                 help_text="Explain why, in words the applicant could be shown. For a reason "
                           "that needs approval, this is what the manager reads.",
                 required_message="Explain why, in a note the applicant could be shown")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.radios("code", small=True, legend_size="s"),
                                    Field.textarea("note", rows=3))

    def clean_note(self) -> str:
        return _required_text(self, "note")


class DebtOverrideForm(GovukForm):
    """Ask a manager to let an offer go ahead despite housing debt
    (``debt_override_request``)."""

    justification = _note("Why should a manager let the offer go ahead?", required=True,
                          help_text="For example, the debt arose through economic abuse and "
                                    "a repayment plan starts on moving.",
                          required_message="Say why a manager should let the offer go ahead")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("justification", rows=3))

    def clean_justification(self) -> str:
        return _required_text(self, "justification")


class OfferForm(GovukForm):
    """Offer the home to this bidder (``offer_make``), with a viewing if one is arranged."""

    viewing_date = _viewing_date(required=False)
    viewing_time = _viewing_time()
    is_final_offer = forms.BooleanField(
        label="This is a final offer (homelessness duty)", required=False,
        help_text="A Part 6 offer that ends the homelessness duty. The letter says so and "
                  "explains the right to a review.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout("viewing_date", Field.text("viewing_time", field_width=5),
                                    Field.checkbox("is_final_offer", small=True))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["viewing_at"] = viewing_at(self, required=False)
        return data


# --- Offers ---------------------------------------------------------------------------------------

class ViewingForm(GovukForm):
    """Arrange or move the viewing (``offer_arrange_viewing``)."""

    viewing_date = _viewing_date(required=True)
    viewing_time = _viewing_time()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout("viewing_date", Field.text("viewing_time", field_width=5))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["viewing_at"] = viewing_at(self, required=True)
        return data


class ConfirmForm(GovukForm):
    """A button with nothing to fill in (the applicant accepted). Refusals from the service
    show in its error summary."""


def usually(reasonable: bool) -> str:
    return "Usually a reasonable reason" if reasonable else "Usually not a reasonable reason"


class RefuseForm(GovukForm):
    """The applicant refused (``offer_refuse``): a reason from the scheme's list, and their
    words."""

    reason_code = forms.ChoiceField(
        label="Why did they refuse?", widget=forms.RadioSelect,
        error_messages={"required": "Choose why they refused the offer",
                        "invalid_choice": "Choose a reason from the list"})
    reason_text = _note("In their words", required=False, max_length=NOTE_MAX,
                        help_text="Required if you chose “Another reason”.")

    def __init__(self, *args: Any, reasons: Iterable[Mapping[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason_code"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [Choice(r["code"], r["label"], hint=usually(bool(r.get("reasonable"))))
                         for r in reasons]
        self.helper.layout = Layout(Field.radios("reason_code", small=True, legend_size="s"),
                                    Field.textarea("reason_text", rows=3))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["reason_text"] = (data.get("reason_text") or "").strip()
        if data.get("reason_code") == "other" and not data["reason_text"]:
            self.add_error("reason_text", "Enter why they refused the offer")
        return data


class AssessForm(GovukForm):
    """Decide whether a refusal (or a lapsed offer) was reasonable (``offer_assess_refusal``).
    The scheme's usual assessment of the applicant's reason is a hint, never the answer."""

    assessment = forms.ChoiceField(
        label="Was the refusal reasonable?", widget=forms.RadioSelect,
        choices=Offer.Assessment.choices,
        error_messages={"required": "Choose reasonable or unreasonable",
                        "invalid_choice": "Choose reasonable or unreasonable"})
    note = _note("Reasons for your decision", required=True,
                 help_text="The applicant reads this in the decision letter, with their right "
                           "to ask for a review.",
                 required_message="Enter the reasons for your decision")

    def __init__(self, *args: Any, usual: bool | None = None, hint: str = "",
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assessment"]
        assert isinstance(field, forms.ChoiceField)
        field.help_text = hint
        if usual is not None:
            mark = "Usual for the reason they gave"
            field.choices = [
                Choice(Offer.Assessment.REASONABLE, "Reasonable",
                       hint=mark if usual else ""),
                Choice(Offer.Assessment.UNREASONABLE,
                       "Unreasonable (a penalty may follow under the scheme)",
                       hint="" if usual else mark)]
        else:
            field.choices = [
                Choice(Offer.Assessment.REASONABLE, "Reasonable"),
                Choice(Offer.Assessment.UNREASONABLE,
                       "Unreasonable (a penalty may follow under the scheme)")]
        self.helper.layout = Layout(Field.radios("assessment", small=True, legend_size="s"),
                                    Field.textarea("note", rows=3))

    def clean_note(self) -> str:
        return _required_text(self, "note")


class WithdrawOfferForm(GovukForm):
    """The landlord withdraws the offer (``offer_withdraw``). Never counts as a refusal."""

    reason = _note("Why is the offer being withdrawn?", required=True, max_length=REASON_MAX,
                   help_text="For example, the home failed its gas safety check. The applicant "
                             "is told this.",
                   required_message="Enter why the offer is being withdrawn")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("reason", rows=3))

    def clean_reason(self) -> str:
        return _required_text(self, "reason")
