"""What the lettings officer pages share: who may use them, and small helpers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet

from housing.accounts.mixins import PolicyRequiredMixin
from housing.core.exceptions import ApplicationError
from housing.core.views_helpers import add_form_errors
from lettings import policies


class LettingsStaffRequiredMixin(PolicyRequiredMixin):
    """Lettings staff: officers, managers and administrators. Medical advisers and registered
    providers' users get 403 (providers have their own pages under /partners/)."""

    policy = staticmethod(policies.is_lettings_staff)


def refused(form: forms.BaseForm, exc: ApplicationError, *,
            as_sentence: bool = False) -> forms.BaseForm:
    """Put a service's refusal on ``form`` (for its error summary) and return the form.

    Errors about a field the form has go next to it. When none do (the refusal is about the
    state of things: "Bidding for this home has closed…"), or ``as_sentence`` asks for it, the
    service's whole sentence is shown instead of its short per-field notes."""
    on_form = {name: messages for name, messages in exc.errors.items() if name in form.fields}
    if as_sentence or not on_form:
        form.add_error(None, exc.message)
        return form
    add_form_errors(form, exc)
    return form


def failed(*forms_: forms.BaseForm | None) -> forms.BaseForm | None:
    """The first form with errors: the one the page's error summary (and "Error:" in the
    title) reads as ``form``."""
    return next((f for f in forms_ if f is not None and f.errors), None)


@dataclass(frozen=True)
class HistoryRow:
    when: dt.datetime
    who: str
    what: str


def history_rows(history: QuerySet[Any], *, limit: int = 50) -> list[HistoryRow]:
    """A record's history as "when, who, why" rows, newest first, in one query (the services
    record why on every change). Unlike ``housing.core.audit.timeline`` it never rebuilds the
    record, so a record whose name reads a related row costs no query per entry."""
    rows: list[HistoryRow] = []
    for record in history.select_related("history_user").order_by("-history_date",
                                                                   "-history_id")[:limit]:
        user = record.history_user
        who = (user.get_full_name() or user.get_username()) if user is not None else "System"
        what = record.history_change_reason or _ACTIONS.get(record.history_type, "Changed")
        row = HistoryRow(record.history_date, who, what)
        # One action can save a record twice (a new advert gets its reference in a second
        # save); show it once.
        if rows and (rows[-1].who, rows[-1].what) == (who, what) \
                and abs(rows[-1].when - row.when) < dt.timedelta(seconds=5):
            continue
        rows.append(row)
    return rows


_ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
