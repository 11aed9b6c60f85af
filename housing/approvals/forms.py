"""Forms for the approvals queue: the filter, the manager's decision and a withdrawal.
Shape and wording only; ``housing.approvals.services`` decides (maker–checker, already
decided, a valid-until date in the past)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Layout
from django import forms

from housing.approvals.models import ApprovalRequest
from housing.core.forms import GovukForm

ALL = "all"


class _DateField(DateInputField):
    """Day, month and year boxes (optional) with messages that say what to fix."""

    def __init__(self, *, label: str, hint: str = "") -> None:
        super().__init__(label=label, help_text=hint, required=False,
                         require_all_fields=False)
        self.error_messages["incomplete"] = "The date must include a day, month and year"

    def compress(self, data_list: Any) -> dt.date | None:
        try:
            result: dt.date | None = super().compress(data_list)
        except (forms.ValidationError, TypeError, ValueError) as exc:
            # An impossible date such as 31 2 2026: say so in plain English.
            raise forms.ValidationError("The date must be a real date") from exc
        return result


class QueueFilterForm(GovukForm):
    """GET filters. Anything unknown is refused by the form and ignored by the view."""

    type = forms.ChoiceField(label="Type", required=False,
                             choices=[("", "All types"), *ApprovalRequest.Type.choices])
    status = forms.ChoiceField(label="Status", required=False,
                               choices=[*ApprovalRequest.Status.choices, (ALL, "Any status")])


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Do you approve this request?", widget=forms.RadioSelect,
        choices=[("approve", "Approve"), ("reject", "Reject: send it back to the officer")],
        error_messages={"required": "Select approve or reject",
                        "invalid_choice": "Select approve or reject"})
    reason = forms.CharField(
        label="Reason for your decision", widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000, help_text="The officer reads this. It is kept with the case.",
        error_messages={"required": "Give the reason for your decision",
                        "max_length": "Reason must be 2,000 characters or fewer"})
    valid_until = _DateField(
        label="Approval lasts until (optional)",
        hint="For an approval that lasts for a period, such as a debt override. For "
             "example, 27 6 2026")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.radios("decision", legend_size="s", small=True),
                                    Field.textarea("reason", rows=3), Field("valid_until"))


class WithdrawForm(GovukForm):
    reason = forms.CharField(label="Why are you withdrawing it? (optional)", required=False,
                             max_length=300,
                             error_messages={"max_length": "Reason must be 300 characters or "
                                                           "fewer"})
