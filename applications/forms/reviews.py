"""Forms for statutory reviews (staff and applicant). Validation and GOV.UK wording only; the
review services decide. Field names match the names the services use in their errors."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from crispy_forms_gds.layout import Field, Layout
from django import forms

from applications.forms.staff import GovukDateField
from applications.models import ReviewRequest
from housing.core.forms import GovukForm

TEXT_MAX = 5000


def _text(label: str, *, required: bool = False, hint: str = "", rows: int = 4,
          required_message: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=hint, max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message or f"Enter {label[0].lower()}{label[1:]}",
                        "max_length": f"Enter {TEXT_MAX} characters or fewer"})


# --- Staff -------------------------------------------------------------------------------------

class ReviewFilterForm(GovukForm):
    """The review list's filters (GET). Anything unknown is ignored."""

    status = forms.ChoiceField(label="Status", required=False,
                               choices=[("", "All statuses"), ("open", "Open"),
                                        *ReviewRequest.Status.choices])
    mine = forms.BooleanField(label="Only reviews allocated to me", required=False)
    overdue = forms.BooleanField(label="Only reviews past their target date", required=False)


class StaffReviewRequestForm(GovukForm):
    """An officer records a request received by phone, letter, email or in person."""

    type = forms.ChoiceField(
        label="What does the applicant want reviewed?", widget=forms.RadioSelect,
        choices=ReviewRequest.Type.choices,
        error_messages={"required": "Choose what the applicant wants reviewed",
                        "invalid_choice": "Choose what the applicant wants reviewed"})
    award = forms.TypedChoiceField(
        label="Band decision", required=False, coerce=int, empty_value=None,
        help_text="For a band, bedroom-need, property or debt review. Leave as the current "
                  "award unless they challenge an earlier one.",
        error_messages={"invalid_choice": "Choose a band decision from the list"})
    decision = forms.TypedChoiceField(
        label="Eligibility or qualification decision", required=False, coerce=int,
        empty_value=None, help_text="For an eligibility or qualification review.",
        error_messages={"invalid_choice": "Choose a decision from the list"})
    medical_assessment = forms.TypedChoiceField(
        label="Medical decision", required=False, coerce=int, empty_value=None,
        help_text="For a medical or welfare review.",
        error_messages={"invalid_choice": "Choose a medical decision from the list"})
    decision_summary = forms.CharField(
        label="Decision to be reviewed", required=False, max_length=300,
        help_text="For a closure, refusal penalty or suitability review: what was decided. "
                  "For example, “Application closed for non-response on 2 March 2026”.",
        error_messages={"max_length": "Describe the decision in 300 characters or fewer"})
    decision_date = GovukDateField(
        label="Date of the decision letter", required=False,
        hint="For a closure, refusal penalty or suitability review. For example, 2 3 2026")
    channel = forms.ChoiceField(
        label="How was the request made?", widget=forms.RadioSelect,
        choices=[(value, label) for value, label in ReviewRequest.Channel.choices
                 if value != ReviewRequest.Channel.PORTAL],
        error_messages={"required": "Choose how the request was made",
                        "invalid_choice": "Choose how the request was made"})
    received_at = GovukDateField(label="Date the request was received",
                                 hint="For example, 27 3 2026")
    grounds = _text("Why the applicant disagrees", hint="In their words, as far as possible.")
    representative = forms.CharField(
        label="Representative (optional)", required=False, max_length=200,
        help_text="Someone acting for the applicant, such as an adviser or a family member, "
                  "with the applicant's consent.",
        error_messages={"max_length": "Representative's name must be 200 characters or fewer"})
    late_reason = _text("Why the request is late (if it is)", rows=2,
                        hint="Only if the request arrived after the deadline. A manager will "
                             "decide whether to accept it.")

    def __init__(self, *args: Any, awards: Iterable[Any], decisions: Iterable[Any],
                 medical: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("award", "The current award", awards)
        self._choices("decision", "The current decision", decisions)
        self._choices("medical_assessment", "The latest decision", medical)
        self.helper.layout = Layout(
            Field.radios("type", legend_size="s", small=True), Field.select("award"),
            Field.select("decision"), Field.select("medical_assessment"),
            Field.text("decision_summary"), Field("decision_date"),
            Field.radios("channel", legend_size="s", small=True, inline=True),
            Field("received_at"), Field.textarea("grounds", rows=4),
            Field.text("representative"), Field.textarea("late_reason", rows=2))

    def _choices(self, name: str, blank: str, items: Iterable[tuple[int, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", blank), *((str(pk), label) for pk, label in items)]


class ReviewerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        role = "Manager" if obj.role == "manager" else "Senior officer"
        return f"{obj.get_full_name() or obj.get_username()} ({role})"


class ReviewAllocateForm(GovukForm):
    reviewer = ReviewerChoiceField(
        label="Reviewer", queryset=None, widget=forms.RadioSelect, empty_label=None,
        help_text="Only managers and senior officers who took no part in the decision are "
                  "listed.",
        error_messages={"required": "Choose a reviewer",
                        "invalid_choice": "Choose a reviewer from the list"})

    def __init__(self, *args: Any, reviewers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reviewer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = reviewers
        self.helper.layout = Layout(Field.radios("reviewer", legend_size="s", small=True))


class ReviewRepresentationsForm(GovukForm):
    text = _text("Representations", required=True, rows=5,
                 hint="What the applicant (or their representative) wants the reviewer to "
                      "consider. Note how they were received.",
                 required_message="Enter what the applicant wants the reviewer to consider")


class ReviewDecideForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Outcome", widget=forms.RadioSelect, choices=ReviewRequest.Outcome.choices,
        error_messages={"required": "Choose upheld, overturned or varied",
                        "invalid_choice": "Choose upheld, overturned or varied"})
    reasons = _text("Reasons", required=True, rows=6,
                    hint="The applicant reads these in the decision letter. Answer the points "
                         "they made and say which facts you relied on.",
                    required_message="Give the reasons for the decision")
    reason_codes = forms.MultipleChoiceField(
        label="Reason codes for the corrected award", required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="If you overturn or vary a band decision: the reasons that apply now.",
        error_messages={"invalid_choice": "Choose reason codes from the list"})
    override_band = forms.ChoiceField(
        label="Band (optional)", required=False,
        help_text="Only to place the applicant in a different band from the one the reason "
                  "codes give; your reasons explain why.",
        error_messages={"invalid_choice": "Choose a band from the list"})

    def __init__(self, *args: Any, reason_choices: Sequence[tuple[str, str]] = (),
                 band_choices: Sequence[tuple[str, str]] = (), corrects_award: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = self.fields["reason_codes"]
        assert isinstance(codes, forms.MultipleChoiceField)
        codes.choices = list(reason_choices)
        band = self.fields["override_band"]
        assert isinstance(band, forms.ChoiceField)
        band.choices = [("", "The band the reason codes give"), *band_choices]
        layout: list[Any] = [Field.radios("outcome", legend_size="s", small=True),
                             Field.textarea("reasons", rows=6)]
        if corrects_award:
            layout += [Field.checkboxes("reason_codes", legend_size="s", small=True),
                       Field.select("override_band")]
        else:
            del self.fields["reason_codes"]
            del self.fields["override_band"]
        self.helper.layout = Layout(*layout)


class ReviewReferForm(GovukForm):
    note = _text("Your comments for the manager (optional)", rows=2,
                 hint="The applicant's reason for asking late is sent with the request.")


class ReviewWithdrawForm(GovukForm):
    reason = forms.CharField(label="Reason (optional)", required=False, max_length=300,
                             help_text="For example, “Applicant phoned on 3 May to withdraw”.",
                             error_messages={"max_length": "Reason must be 300 characters or "
                                                           "fewer"})


# --- Applicant ---------------------------------------------------------------------------------

class PortalReviewRequestForm(GovukForm):
    """Everything is optional, so the request can be made with one click; the reason for
    asking late is asked for only when the time limit has passed."""

    type = forms.ChoiceField(
        label="Which decision do you want us to review?", required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose the decision you want us to review"})
    grounds = _text("Why do you disagree? (optional)", rows=5,
                    hint="Tell us what you think is wrong and anything we may not know. You "
                         "can also send more information later.")
    representative = forms.CharField(
        label="Name of someone acting for you (optional)", required=False, max_length=200,
        help_text="For example, an adviser, support worker or family member. We may talk to "
                  "them about your review.",
        error_messages={"max_length": "Name must be 200 characters or fewer"})
    late_reason = _text("Why are you asking after the time limit?", rows=3)

    def __init__(self, *args: Any, choices: Sequence[tuple[str, str]],
                 late_hint: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["type"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = list(choices)
        if choices:
            self.initial.setdefault("type", choices[0][0])
        layout: list[Any] = [Field.radios("type", legend_size="m", small=True)]
        if late_hint:
            self.fields["late_reason"].help_text = late_hint
            layout.append(Field.textarea("late_reason", rows=3))
        else:
            del self.fields["late_reason"]
        layout += [Field.textarea("grounds", rows=5), Field.text("representative")]
        self.helper.layout = Layout(*layout)


class PortalRepresentationsForm(GovukForm):
    text = _text("What do you want the reviewer to consider?", required=True, rows=5,
                 required_message="Enter what you want the reviewer to consider")
