"""The officer's form for a group viewing (``lettings.services.viewings.viewing_arrange``):
which bidders still being considered to invite, when, and where to meet."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Layout
from django import forms

from housing.core.forms import GovukForm
from lettings.forms_shortlist import _note, _viewing_date, _viewing_time, viewing_at
from lettings.models import ShortlistEntry


class GroupViewingForm(GovukForm):
    entries = forms.MultipleChoiceField(
        label="Who to invite", widget=forms.CheckboxSelectMultiple,
        help_text="Bidders still being considered, highest first. Being invited is not an offer.",
        error_messages={"required": "Choose the bidders to invite",
                        "invalid_choice": "Choose bidders from the list"})
    viewing_date = _viewing_date(required=True)
    viewing_time = _viewing_time()
    meeting_point = forms.CharField(
        label="Where to meet (optional)", required=False, max_length=200,
        help_text="For example, “At the main entrance on Mill Lane”.",
        error_messages={"max_length": "Where to meet must be 200 characters or fewer"})
    respond_within_hours = forms.IntegerField(
        label="Hours they have to tell us they are coming", initial=48, min_value=1,
        max_value=24 * 14,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": "Enter the hours they have to reply",
                        "invalid": "The hours to reply must be a whole number, like 48",
                        "min_value": "Give at least 1 hour to reply",
                        "max_value": "Give no more than 14 days (336 hours) to reply"})
    note = _note("Anything else for the invitation (optional)", required=False)

    def __init__(self, *args: Any, candidates: Iterable[ShortlistEntry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["entries"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [Choice(str(entry.pk),
                                f"Rank {entry.rank}: {entry.bid.application.reference}",
                                hint=entry.get_status_display())
                         for entry in candidates]
        self.helper.layout = Layout(
            Field.checkboxes("entries", small=True, legend_size="s"), "viewing_date",
            Field.text("viewing_time", field_width=5), Field.text("meeting_point"),
            Field.text("respond_within_hours", field_width=3), Field.textarea("note", rows=3))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["starts_at"] = viewing_at(self, required=True)
        return data
