"""Forms for recording a let (officers) and choosing which published results to see (anyone)
(DOMAIN.md §4.7 "Result publication", §5.2 step 10).

Shape and GOV.UK wording only: ``lettings.services.lets.let_record`` decides whether the date
is acceptable and whether the offer can be let.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crispy_forms_gds.layout import Field, Layout
from django import forms

from applications.forms.priority import GovukDateField
from housing.core.forms import GovukForm
from lettings.models import BiddingCycle

RECENT = "recent"


class LetForm(GovukForm):
    """The date the tenancy starts (``let_record``)."""

    let_on = GovukDateField(label="Date the tenancy starts",
                            hint="The first day of the new tenancy, often a Monday. For example, "
                                 "27 3 2026")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["let_on"].error_messages["required"] = "Enter the date the tenancy starts"


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
