"""Officer forms for the case view. Validation and GOV.UK wording only; services decide.

Every form on the case page has its own prefix (several sit on one page), so field ids and
names never clash and the error summary links to the right box.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.utils import timezone

from applications.forms.portal import MemberForm
from applications.models import Application, CaseNote, EvidenceItem, HouseholdMember
from applications.rules.eligibility import RightToReside
from housing.accounts.models import User
from housing.core.forms import GovukForm

REASON_MAX = 300


class SearchForm(GovukForm):
    """The list page's search and status filter (GET). Anything unknown is ignored."""

    q = forms.CharField(
        label="Search by reference, name, date of birth (DD/MM/YYYY), NI number, postcode, "
              "email or phone", required=False, max_length=100)
    status = forms.ChoiceField(label="Status", required=False,
                               choices=[("", "All statuses"), *Application.Status.choices])


class ActionForm(GovukForm):
    """A button with nothing to fill in (triage, check for duplicates, confirm closure)."""


class OfficerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class AssignForm(GovukForm):
    officer = OfficerChoiceField(
        label="Assign to", queryset=User.objects.none(), empty_label="Choose an officer",
        error_messages={"required": "Choose an officer",
                        "invalid_choice": "Choose an officer from the list"})

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["officer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = officers


class GovukDateField(DateInputField):
    """Day, month and year boxes with messages that say what to fix."""

    def __init__(self, *, label: str, hint: str = "", required: bool = True) -> None:
        super().__init__(label=label, help_text=hint, required=required,
                         require_all_fields=False)
        self.error_messages["required"] = f"Enter {label[0].lower()}{label[1:]}"
        self.error_messages["incomplete"] = f"{label} must include a day, month and year"

    def clean(self, value: Any) -> dt.date | None:
        try:
            result: dt.date | None = super().clean(value)
        except forms.ValidationError:
            raise
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(f"{self.label} must be a real date") from exc
        return result


class EvidenceRequestForm(GovukForm):
    kind = forms.ChoiceField(label="Document", choices=[("", "Choose a document"),
                                                        *EvidenceItem.Kind.choices],
                             error_messages={"required": "Choose the document you need",
                                             "invalid_choice": "Choose the document you need"})
    member = forms.TypedChoiceField(label="Whose document", required=False, coerce=int,
                                    empty_value=None,
                                    error_messages={"invalid_choice":
                                                    "Choose someone on this application"})
    description = forms.CharField(
        label="What we need, in plain English", max_length=REASON_MAX,
        help_text="The applicant reads this in their letter. For example, “A bank statement "
                  "from the last 3 months showing your name and address”.",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter what the applicant needs to send",
                        "max_length": f"Description must be {REASON_MAX} characters or fewer"})
    due_date = GovukDateField(label="Due date", required=False,
                              hint="Leave blank to use the application's evidence deadline. "
                                   "For example, 27 3 2026")

    def __init__(self, *args: Any, members: Iterable[HouseholdMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "The whole household"),
                         *((str(m.pk), m.full_name) for m in members)]

    def clean_due_date(self) -> dt.date | None:
        due: dt.date | None = self.cleaned_data.get("due_date")
        if due and due < timezone.localdate():
            raise forms.ValidationError("Due date must be today or in the future")
        return due


class EvidenceVerifyForm(GovukForm):
    method = forms.ChoiceField(
        label="How did you check it?",
        choices=[("", "Choose a method"),
                 *((value, label) for value, label in EvidenceItem.Method.choices if value)],
        error_messages={"required": "Select how you checked the document",
                        "invalid_choice": "Select how you checked the document"})


class EvidenceRejectForm(GovukForm):
    reason = forms.CharField(
        label="Why can it not be accepted?", max_length=REASON_MAX,
        help_text="The applicant is told this, so they know what to send instead.",
        error_messages={"required": "Enter a reason",
                        "max_length": f"Reason must be {REASON_MAX} characters or fewer"})


class CaseNoteForm(GovukForm):
    category = forms.ChoiceField(label="Category",
                                 choices=[("", "Choose a category"),
                                          *CaseNote.Category.choices],
                                 error_messages={"required": "Choose a category",
                                                 "invalid_choice": "Choose a category"})
    body = forms.CharField(
        label="Note", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Notes can be disclosed to the applicant if they ask for their records.",
        error_messages={"required": "Enter the note"})
    restricted = forms.BooleanField(
        label="Restricted: only the restricted group can read this note", required=False,
        help_text="Domestic abuse, MAPPA and safeguarding notes are always restricted.")

    def __init__(self, *args: Any, can_restrict: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_restrict:
            # Only the restricted group may choose; everyone else gets the category's default
            # (the service refuses a restricted note from someone who could not then read it).
            del self.fields["restricted"]

    def restricted_choice(self) -> bool | None:
        """Ticked: restricted. Not ticked: the category's default (never less protection)."""
        return True if self.cleaned_data.get("restricted") else None


_YES_NO_UNDECIDED = [("", "Not decided yet"), ("yes", "Yes"), ("no", "No")]


class EligibilityFindingsForm(GovukForm):
    habitually_resident = forms.TypedChoiceField(
        label="Habitually resident in the Common Travel Area?", required=False,
        choices=_YES_NO_UNDECIDED, widget=forms.RadioSelect,
        coerce=lambda value: {"yes": True, "no": False}.get(value), empty_value=None,
        error_messages={"invalid_choice": "Select yes, no or not decided yet"})
    right_to_reside = forms.ChoiceField(
        label="Right to reside (EU Settlement Scheme pre-settled status)", required=False,
        choices=RightToReside.choices(),
        error_messages={"invalid_choice": "Choose a right to reside from the list"})
    is_existing_social_tenant = forms.BooleanField(
        label="Already a secure or introductory tenant, or an assured tenant of a housing "
              "association", required=False)
    sponsored_immigrant = forms.BooleanField(
        label="Sponsored immigrant, less than 5 years since arrival", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("habitually_resident", legend_size="s", small=True, inline=True),
            Field.select("right_to_reside"),
            Field.checkbox("is_existing_social_tenant", small=True),
            Field.checkbox("sponsored_immigrant", small=True))


def _outcome_choices() -> list[tuple[str, str]]:
    return [("", "Confirm the proposal"), ("eligible", "Eligible"),
            ("ineligible", "Not eligible"),
            ("exempt_existing_tenant", "Outside the test: existing social tenant")]


class EligibilityDecisionForm(GovukForm):
    """One outcome and reason per proposed tenant: ``member_<id>`` and
    ``override_reason_<id>`` (the names the service's errors use)."""

    def __init__(self, *args: Any, tenants: Iterable[HouseholdMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tenant_ids: list[int] = []
        for member in tenants:
            self.tenant_ids.append(member.pk)
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=f"Decision for {member.full_name}", required=False, initial="",
                choices=_outcome_choices(), widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose eligible or not eligible"})
            self.fields[f"override_reason_{member.pk}"] = forms.CharField(
                label=f"Reason for departing from the proposal for {member.first_name}",
                required=False, widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Only if you change the outcome. This is shown in the decision "
                          "letter.")

        self.helper.layout = Layout(*(
            item for pk in self.tenant_ids
            for item in (Field.radios(f"member_{pk}", legend_size="s", small=True),
                         Field.textarea(f"override_reason_{pk}", rows=2))))

    def overrides(self) -> dict[int, tuple[str, str]]:
        return {pk: (self.cleaned_data.get(f"member_{pk}") or "",
                     self.cleaned_data.get(f"override_reason_{pk}") or "")
                for pk in self.tenant_ids if self.cleaned_data.get(f"member_{pk}")}


class QualificationDecisionForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Decision", required=False, widget=forms.RadioSelect, initial="",
        choices=[("", "Confirm the proposal"), ("qualifies", "Qualifies"),
                 ("does_not_qualify", "Does not qualify")],
        error_messages={"invalid_choice": "Choose qualifies or does not qualify"})
    override_reason = forms.CharField(
        label="Reason for departing from the proposal", required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only if you change the outcome. This is shown in the decision letter.")


    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.radios("outcome", legend_size="s", small=True),
                                    Field.textarea("override_reason", rows=2))


class ClosureCancelForm(GovukForm):
    reason = forms.CharField(label="Why should the application stay open?",
                             max_length=REASON_MAX,
                             error_messages={"required": "Enter a reason",
                                             "max_length": f"Reason must be {REASON_MAX} "
                                                           "characters or fewer"})


class ChangeReviewForm(GovukForm):
    decision = forms.ChoiceField(
        label="Outcome", widget=forms.RadioSelect,
        choices=[("accept", "Accept: the change is confirmed and applied"),
                 ("reject", "Reject: no change made")],
        error_messages={"required": "Select accept or reject",
                        "invalid_choice": "Select accept or reject"})
    note = forms.CharField(label="What you checked and found",
                           widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "Enter what you checked and found"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.radios("decision", legend_size="s", small=True),
                                    Field.textarea("note", rows=2))


class HouseholdMemberAddForm(MemberForm):
    """An officer adds someone after checking a reported change."""

    reason = forms.CharField(label="Reason for the change", max_length=300,
                             help_text="For example: birth reported on 2 November, birth "
                                       "certificate seen.",
                             error_messages={"required": "Enter the reason for the change"})


class HouseholdMemberRemoveForm(GovukForm):
    reason = forms.CharField(label="Reason for removing them", max_length=300,
                             error_messages={"required": "Enter the reason for removing them"})
