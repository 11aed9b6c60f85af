"""The form for choosing which published results to see (anyone) (DOMAIN.md §4.7 "Result
publication", §5.2 step 10). A let is recorded by counter-signing its sign-up
(``lettings.forms_signups``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crispy_forms_gds.layout import Field, Layout
from django import forms

from housing.core.forms import GovukForm
from lettings.models import BiddingCycle

RECENT = "recent"


class ResultsFilterForm(GovukForm):
    """Which results to show (sent with GET): one closed bidding cycle, or every home let in the
    last few months. A value that is not one of the choices is reported and the default shown."""

    cycle = forms.ChoiceField(
        label="Show homes let from", required=False,
        error_messages={"invalid_choice": "Select a bidding cycle from the list"})

    def __init__(self, *args: Any, cycles: Sequence[BiddingCycle], recent_months: int,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["cycle"]
        field.choices = [(RECENT, f"All homes let in the last {recent_months} months"),
                         *((str(cycle.pk), cycle.name) for cycle in cycles)]
        self.helper.layout = Layout(Field.select("cycle"))

    def choice(self) -> str:
        """The valid choice made (call after ``is_valid``): "recent", a cycle id, or ""."""
        return str(getattr(self, "cleaned_data", {}).get("cycle") or "")
