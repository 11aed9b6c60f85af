"""The applicant's form to sign their tenancy online (DOMAIN.md §5.3 step 3; decision record
0012).

Shape only: ``lettings.services.signups.tenant_sign`` decides (and words) whether someone was
chosen, whether the typed name is theirs, whether the confirmation was given and whether the
pack is still the one the applicant opened, so every problem is reported at once.
"""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Layout
from django import forms

from applications.models import HouseholdMember
from housing.core.forms import GovukForm

NAME_MAX = 200


class SignTenancyForm(GovukForm):
    """Who is signing (a tenant who has not signed this pack yet), their full name typed as a
    signature, the confirmation, and the fingerprint of the pack they were shown."""

    member = forms.TypedChoiceField(
        label="Who is signing?", coerce=int, empty_value=None, required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select who is signing from the list"})
    typed_name = forms.CharField(
        label="Type your full name", max_length=NAME_MAX, required=False,
        help_text="Type it as it is written in the tenancy agreement. This is your signature.",
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"max_length": f"Your name must be {NAME_MAX} characters or fewer"})
    confirmed = forms.BooleanField(
        label="I have read the tenancy agreement and agree to its terms", required=False)
    pdf_sha256 = forms.CharField(
        widget=forms.HiddenInput, max_length=64, required=False,
        error_messages={"max_length": "This page is out of date: open it again"})

    def __init__(self, *args: Any, tenants: list[HouseholdMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member: Any = self.fields["member"]
        member.choices = [(m.pk, m.full_name) for m in tenants]
        if len(tenants) == 1:
            # One person left to sign: no question to answer, so no radios (the page says who).
            member.widget = forms.HiddenInput()
            self.initial.setdefault("member", tenants[0].pk)
        self.helper.layout = Layout(
            *([Field.radios("member", legend_size="s")] if len(tenants) > 1 else ["member"]),
            Field.text("typed_name"),
            Field.checkbox("confirmed"),
            "pdf_sha256")

    def full_clean(self) -> None:
        """A problem with a hidden field (a tampered or out-of-date page) is shown in the error
        summary, which lists only visible fields, as a problem with the form."""
        super().full_clean()
        for field in self.hidden_fields():
            for problem in self.errors.pop(field.name, []):
                self.add_error(None, problem)

    def clean_typed_name(self) -> str:
        return " ".join((self.cleaned_data.get("typed_name") or "").split())
