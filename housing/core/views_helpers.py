"""Helpers shared by page views."""

from __future__ import annotations

from django import forms

from housing.core.exceptions import ApplicationError


def add_form_errors(form: forms.BaseForm, exc: ApplicationError) -> None:
    """Show a domain error in the GOV.UK error summary, against its fields where it names them."""
    if not exc.errors:
        form.add_error(None, exc.message)
        return
    for field, messages in exc.errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)
