"""Form base: GOV.UK Frontend rendering through crispy-forms-gds (docs/decisions/0002)."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from django import forms


class GovukFormMixin:
    """Templates render the <form> tag, CSRF token, error summary and buttons themselves, so the
    helper renders only the fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.label_size = "s"


class GovukForm(GovukFormMixin, forms.Form):
    pass
