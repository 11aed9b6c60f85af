"""Helpers the lettings services share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from housing.core.exceptions import ApplicationError, IllegalTransition


def validation_to_application_error(exc: ValidationError, message: str) -> ApplicationError:
    """A model's ``full_clean`` errors as field errors people can read."""
    if hasattr(exc, "error_dict"):
        errors = {("non_field_errors" if field == "__all__" else field): [str(m) for m in msgs]
                  for field, msgs in exc.message_dict.items()}
    else:
        errors = {"non_field_errors": [str(m) for m in exc.messages]}
    return ApplicationError(message, errors)


def apply_fields(obj: models.Model, data: Mapping[str, Any], allowed: tuple[str, ...]) -> list[str]:
    """Set the allowed fields present in ``data``; return the names that were set."""
    changed = []
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ApplicationError("Some fields cannot be set here.",
                               {name: ["This field cannot be set."] for name in unknown})
    for name in allowed:
        if name in data:
            setattr(obj, name, data[name])
            changed.append(name)
    return changed


def full_clean_or_raise(obj: models.Model, message: str, *,
                        exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise validation_to_application_error(exc, message) from exc


def refuse_transition(kind: str, current_label: str, to_label: str) -> IllegalTransition:
    return IllegalTransition(f"A {kind} that is “{current_label}” cannot become “{to_label}”.",
                             {"status": [f"Not allowed from “{current_label}”."]})
