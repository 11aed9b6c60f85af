"""Filters for letter templates (their context is stored as JSON, so dates arrive as text)."""

from __future__ import annotations

import datetime as dt

from django import template

register = template.Library()


@register.filter
def as_date(value: object) -> object:
    """'2026-12-21' → a date, so ``|date:"j F Y"`` can format it."""
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value
