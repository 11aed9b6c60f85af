"""Template filters for the partner portal."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


def countdown_text(days: int | None) -> str:
    """Working days left to a due date in words (0 on the day; negative once overdue)."""
    if days is None:
        return ""
    if days < 0:
        return f"{-days} working day{'s' if days < -1 else ''} overdue"
    if days == 0:
        return "Due today"
    return f"{days} working day{'s' if days > 1 else ''} left"


@register.filter
def countdown(days: int | None) -> SafeString | str:
    """A GOV.UK tag for the working days left: red when overdue, orange on the day."""
    if days is None:
        return ""
    colour = "red" if days < 0 else "orange" if days == 0 else "yellow" if days == 1 else "blue"
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour,
                       countdown_text(days))
