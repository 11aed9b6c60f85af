"""Forms for medical and welfare assessments (DOMAIN.md §5.9). Validation and GOV.UK wording
only; the services decide.

Several forms can sit on one staff page, so each has its own prefix there and the error summary
links to the right box.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from crispy_forms_gds.layout import Field, Layout
from django import forms

from applications.forms.staff import OfficerChoiceField
from applications.models import HouseholdMember, MedicalAssessment
from housing.accounts.models import User
from housing.core.forms import GovukForm

TEXT_MAX = 5000
NO_MOBILITY = "none"  # a radio needs a value; the model's "no requirement" is blank

LEVEL_CHOICES = [
    (MedicalAssessment.Level.URGENT, "Urgent: the home is causing a severe, life-threatening or "
                                     "rapidly worsening effect and cannot be adapted"),
    (MedicalAssessment.Level.HIGH, "High: the home has a marked effect on their health and a "
                                   "move is recommended"),
    (MedicalAssessment.Level.MEDIUM, "Medium: the home has a moderate effect on their health"),
    (MedicalAssessment.Level.NONE, "None: the home does not affect their health, or a move "
                                   "would not help"),
]
MOBILITY_CHOICES = [(value or NO_MOBILITY, label)
                    for value, label in MedicalAssessment.Mobility.choices]


def _text(label: str, *, required: bool = True, hint: str = "", rows: int = 4,
          message: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=TEXT_MAX, help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message or f"Enter {label[0].lower()}{label[1:]}",
                        "max_length": f"{label} must be {TEXT_MAX} characters or fewer"})


def _members_choices(members: Iterable[HouseholdMember]) -> list[tuple[str, str]]:
    return [(str(m.pk), m.full_name) for m in members]


class MemberChoiceForm(GovukForm):
    """An officer asks for a medical form for one member."""

    member = forms.TypedChoiceField(
        label="Who is the form for?", coerce=int,
        error_messages={"required": "Choose who the form is for",
                        "invalid_choice": "Choose someone on this application"})

    def __init__(self, *args: Any, members: Iterable[HouseholdMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Choose a person"), *_members_choices(members)]


class MedicalForm(GovukForm):
    """The medical and welfare form, in the applicant's words. ``who`` is "you" or the person's
    first name, so the questions read naturally."""

    condition = _text("Health condition or disability",
                      message="Tell us about the health condition or disability")
    how_housing_affects = _text("How the current home affects their health",
                                message="Tell us how the current home affects their health")
    what_would_help = _text("What kind of home would help", required=False, rows=3)
    mobility_difficulties = _text("Difficulty getting around", required=False, rows=3)

    def __init__(self, *args: Any, who: str = "they", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        you = who == "you"
        does = "do you" if you else f"does {who}"
        their = "your" if you else f"{who}'s"
        self.fields["condition"].label = f"What health condition or disability {does} have?"
        self.fields["condition"].help_text = (
            "Tell us the condition and how it affects daily life. You do not need to send a "
            "letter from your GP unless we ask for one.")
        self.fields["how_housing_affects"].label = (
            f"How does your current home affect {their} health?")
        self.fields["how_housing_affects"].help_text = (
            "For example, stairs they cannot manage, damp that makes breathing worse, or no "
            "room for equipment. We look at how the home affects health, not at how serious "
            "the illness is.")
        self.fields["what_would_help"].label = "What kind of home would help? (optional)"
        self.fields["what_would_help"].help_text = (
            "For example, a ground-floor home, a lift, a level-access shower, or living near "
            "family who give care.")
        self.fields["mobility_difficulties"].label = (
            f"{'Do you' if you else f'Does {who}'} have difficulty getting around? (optional)")
        self.fields["mobility_difficulties"].help_text = (
            "For example, using a wheelchair or walking frame, or being unable to manage steps.")
        self.helper.layout = Layout(
            Field.textarea("condition", rows=4), Field.textarea("how_housing_affects", rows=4),
            Field.textarea("what_would_help", rows=3),
            Field.textarea("mobility_difficulties", rows=3))


class OfficerMedicalForm(MedicalForm):
    """An officer enters the form for the household (for example, taken over the phone)."""

    member = forms.TypedChoiceField(
        label="Who is the form about?", coerce=int,
        error_messages={"required": "Choose who the form is about",
                        "invalid_choice": "Choose someone on this application"})

    def __init__(self, *args: Any, members: Iterable[HouseholdMember], **kwargs: Any) -> None:
        super().__init__(*args, who="the person", **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Choose a person"), *_members_choices(members)]
        self.fields["condition"].label = "Health condition or disability"
        self.fields["how_housing_affects"].label = "How the current home affects their health"
        self.fields["what_would_help"].label = "What kind of home would help (optional)"
        self.fields["mobility_difficulties"].label = "Difficulty getting around (optional)"
        self.helper.layout = Layout(
            Field.select("member"), Field.textarea("condition", rows=3),
            Field.textarea("how_housing_affects", rows=3),
            Field.textarea("what_would_help", rows=2),
            Field.textarea("mobility_difficulties", rows=2))


class ReferForm(GovukForm):
    """Screening: refer the form to a medical adviser."""

    adviser = OfficerChoiceField(
        label="Medical adviser", queryset=User.objects.none(), empty_label="Choose an adviser",
        error_messages={"required": "Choose a medical adviser",
                        "invalid_choice": "Choose a medical adviser from the list"})
    question = _text("Question for the adviser", required=False, rows=3,
                     hint="Leave blank to ask whether the home affects their health and whether "
                          "a move would help. The adviser sees only the medical form and this "
                          "question, not the rest of the case.")
    note = _text("Screening note", rows=3,
                 hint="Why the form needs the adviser's opinion. Kept on the case, not sent to "
                      "the adviser.",
                 message="Say what you found when you screened the form")

    def __init__(self, *args: Any, advisers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["adviser"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = advisers
        self.helper.layout = Layout(Field.select("adviser"), Field.textarea("question", rows=3),
                                    Field.textarea("note", rows=3))


class _LevelAndNeeds(GovukForm):
    level = forms.ChoiceField(
        label="Medical priority", choices=LEVEL_CHOICES, widget=forms.RadioSelect,
        error_messages={"required": "Choose the medical priority level",
                        "invalid_choice": "Choose the medical priority level"})
    mobility = forms.ChoiceField(
        label="Mobility requirement", choices=MOBILITY_CHOICES, widget=forms.RadioSelect,
        initial=NO_MOBILITY,
        error_messages={"required": "Choose a mobility requirement",
                        "invalid_choice": "Choose a mobility requirement from the list"})
    ground_floor = forms.BooleanField(label="Needs a ground-floor home", required=False)
    extra_bedroom = forms.BooleanField(
        label="Needs an extra bedroom because of their medical needs", required=False)

    def clean_mobility(self) -> str:
        value: str = self.cleaned_data["mobility"]
        return "" if value == NO_MOBILITY else value


class RecommendForm(_LevelAndNeeds):
    """The medical adviser's recommendation."""

    lift = forms.BooleanField(label="Needs a lift if the home is above the ground floor",
                              required=False)
    near_support = forms.BooleanField(label="Needs to live near support or a carer",
                                      required=False)
    rationale = _text("Reasons for your recommendation", rows=5,
                      hint="How the current home affects their health and whether a move would "
                           "help. The officer decides, using your opinion.",
                      message="Give the reasons for your recommendation")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("level", legend_size="s"), Field.radios("mobility", legend_size="s",
                                                                 small=True),
            Field.checkbox("ground_floor", small=True), Field.checkbox("lift", small=True),
            Field.checkbox("extra_bedroom", small=True),
            Field.checkbox("near_support", small=True), Field.textarea("rationale", rows=5))


class DecideForm(_LevelAndNeeds):
    """The officer's decision. When the form has not been referred (``screening``), the officer
    also says why no referral is needed."""

    rationale = _text("Reasons for the decision", rows=5,
                      hint="The applicant reads this in the decision letter. Explain how the "
                           "home affects their health, not how serious the illness is.",
                      message="Give the reasons: how the home affects their health")

    def __init__(self, *args: Any, screening: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["extra_bedroom"].help_text = "A manager must approve an extra bedroom."
        fields: list[Any] = []
        if screening:
            self.fields["note"] = _text(
                "Screening note: why no referral is needed", rows=3,
                hint="Kept on the case. For example, the condition is not affected by the home.",
                message="Say why no referral to the medical adviser is needed")
            fields.append(Field.textarea("note", rows=3))
        fields += [Field.radios("level", legend_size="s"),
                   Field.radios("mobility", legend_size="s", small=True),
                   Field.checkbox("ground_floor", small=True),
                   Field.checkbox("extra_bedroom", small=True),
                   Field.textarea("rationale", rows=5)]
        self.helper.layout = Layout(*fields)
