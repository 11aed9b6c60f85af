"""The readable case timeline: who did what, when, what changed and why.

Every case model carries ``history = HistoricalRecords()`` (django-simple-history). Services say why
by passing ``reason`` to :func:`save_with_reason`, which lands in ``history_change_reason``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

_ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
_HIDDEN_FIELDS = {"updated_at", "created_at", "password", "last_login", "html", "context"}


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class TimelineEntry:
    when: dt.datetime
    who: str
    action: str
    subject: str
    why: str
    changes: list[Change] = field(default_factory=list)


def save_with_reason(obj: models.Model, *, reason: str, update_fields: list[str] | None = None
                     ) -> None:
    """Save ``obj`` and record ``reason`` as the 'why' of this history entry."""
    obj._change_reason = reason  # type: ignore[attr-defined]  # read by simple-history
    obj.save(update_fields=update_fields)


def _display(value: Any) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def _who(record: Any) -> str:
    user = record.history_user
    if user is None:
        return "System"
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()


def _subject(verbose_name: Any, instance: Any) -> str:
    """'household member Amy Okafor', or just 'contact note' when the text already says what it
    is."""
    text, kind = str(instance), str(verbose_name)
    if kind.split()[-1].lower() in text.lower():
        return text
    return f"{kind} {text}"


def timeline(*histories: Iterable[Any]) -> list[TimelineEntry]:
    """Merge simple-history records (newest first) into readable entries.

    Pass querysets such as ``obj.history.all()``; each is read once, with its users, so the number
    of queries does not grow with the length of the history.
    """
    entries: list[TimelineEntry] = []
    for history in histories:
        if hasattr(history, "select_related"):
            history = history.select_related("history_user")
        records = sorted(history, key=lambda r: (r.history_date, r.history_id))
        previous_by_object: dict[Any, Any] = {}
        for record in records:
            meta = record.instance_type._meta
            previous = previous_by_object.get(record.id)
            changes: list[Change] = []
            if previous is not None and record.history_type == "~":
                delta = record.diff_against(previous)
                for change in delta.changes:
                    if change.field in _HIDDEN_FIELDS:
                        continue
                    try:
                        label = str(meta.get_field(change.field).verbose_name)
                    except Exception:  # noqa: BLE001 - a field removed since; show its name
                        label = change.field
                    changes.append(Change(label.capitalize(), _display(change.old),
                                          _display(change.new)))
            previous_by_object[record.id] = record
            entries.append(TimelineEntry(
                when=record.history_date,
                who=_who(record),
                action=_ACTIONS.get(record.history_type, "Changed"),
                subject=_subject(meta.verbose_name, record.instance),
                why=record.history_change_reason or "",
                changes=changes,
            ))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
