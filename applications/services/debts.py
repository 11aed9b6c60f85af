"""Housing-related debt records (DOMAIN.md §3.16, §4.10): the officer records what a landlord
or the council says is owed, and whether a repayment arrangement is being kept. The debt rule
(``applications.rules.debt``, read through ``applications.priority.debt_assessment``) then works
out whether the debt stands in the way of an offer; nothing here decides that.

Every write checks the facts it is given and refuses with field errors: an amount below zero,
an arrangement without its amount and start date, dates in the future (a record states what is
known today), and a person who is not on this application.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from applications.models import Application, DebtRecord
from applications.policies import can_work_case
from housing.core.exceptions import ApplicationError, ConflictError

# The fields an officer may set; ``member`` is the household member's id.
DEBT_FIELDS = ("member", "creditor", "creditor_name", "type", "amount", "as_of",
               "accrued_date", "weekly_rent_reference", "arrangement_amount",
               "arrangement_frequency", "arrangement_start", "arrangement_kept_since",
               "domestic_abuse_related", "benefit_delay_related", "notes")
_DATE_LABELS = {
    "as_of": "The date the amount was confirmed",
    "accrued_date": "The date the debt arose",
    "arrangement_start": "The date the arrangement started",
    "arrangement_kept_since": "The date payments have been kept since",
}
_MONEY_LABELS = {"amount": "The amount owed", "weekly_rent_reference": "The weekly rent",
                 "arrangement_amount": "The arrangement amount"}


def _require_caseworker(actor: Any, application: Application) -> None:
    if not can_work_case(actor, application):
        raise ApplicationError("Only a caseworker who can work this case can record debts.")


def _money(value: Any, label: str, errors: dict[str, list[str]], name: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[name] = [f"{label} must be an amount of money, like 350.00"]
        return None
    if not amount.is_finite():
        errors[name] = [f"{label} must be an amount of money, like 350.00"]
        return None
    return amount


def _clean(application: Application, data: Mapping[str, Any]) -> dict[str, Any]:
    """Check the facts and return them ready to set on the record (raises with field
    errors)."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    today = timezone.localdate()

    member_id = data.get("member")
    member = None
    if member_id in (None, ""):
        errors["member"] = ["Choose who owes the debt"]
    else:
        try:
            member = application.members.filter(pk=int(member_id)).first()
        except (TypeError, ValueError):
            member = None
        if member is None:
            errors["member"] = ["Choose someone on this application"]
    values["member"] = member

    creditor = data.get("creditor") or ""
    if creditor not in DebtRecord.Creditor.values:
        errors["creditor"] = ["Choose who the debt is owed to"]
    values["creditor"] = creditor
    kind = data.get("type") or ""
    if kind not in DebtRecord.Type.values:
        errors["type"] = ["Choose the type of debt"]
    values["type"] = kind
    values["creditor_name"] = str(data.get("creditor_name") or "").strip()
    values["notes"] = str(data.get("notes") or "").strip()
    values["domestic_abuse_related"] = bool(data.get("domestic_abuse_related"))
    values["benefit_delay_related"] = bool(data.get("benefit_delay_related"))

    for name, label in _MONEY_LABELS.items():
        values[name] = _money(data.get(name), label, errors, name)
    amount = values["amount"]
    if amount is None and "amount" not in errors:
        errors["amount"] = ["Enter the amount owed"]
    elif amount is not None and amount < 0:
        errors["amount"] = ["The amount owed must be £0 or more"]
    rent = values["weekly_rent_reference"]
    if rent is not None and rent <= 0:
        errors["weekly_rent_reference"] = ["The weekly rent must be more than £0"]

    for name, label in _DATE_LABELS.items():
        day = data.get(name) or None
        if day is not None and not isinstance(day, dt.date):
            errors[name] = [f"{label} must be a real date"]
            day = None
        if day is not None and day > today:
            errors[name] = [f"{label} must be today or in the past"]
        values[name] = day
    if values["as_of"] is None and "as_of" not in errors:
        errors["as_of"] = ["Enter the date the amount was confirmed"]
    if (values["accrued_date"] and values["as_of"] and "accrued_date" not in errors
            and values["accrued_date"] > values["as_of"]):
        errors["accrued_date"] = ["The date the debt arose must be on or before the date the "
                                  "amount was confirmed"]

    frequency = data.get("arrangement_frequency") or ""
    if frequency not in DebtRecord.Frequency.values:
        errors["arrangement_frequency"] = ["Choose how often payments are made"]
        frequency = ""
    values["arrangement_frequency"] = frequency
    if frequency:
        arrangement = values["arrangement_amount"]
        if arrangement is None and "arrangement_amount" not in errors:
            errors["arrangement_amount"] = ["Enter the amount paid under the arrangement"]
        elif arrangement is not None and arrangement <= 0:
            errors["arrangement_amount"] = ["The arrangement amount must be more than £0"]
        if values["arrangement_start"] is None and "arrangement_start" not in errors:
            errors["arrangement_start"] = ["Enter the date the arrangement started"]
        kept = values["arrangement_kept_since"]
        start = values["arrangement_start"]
        if kept and start and "arrangement_kept_since" not in errors and kept < start:
            errors["arrangement_kept_since"] = ["Payments cannot have been kept since before "
                                                "the arrangement started"]
    else:
        for name in ("arrangement_amount", "arrangement_start", "arrangement_kept_since"):
            if values[name] is not None and name not in errors:
                errors["arrangement_frequency"] = ["Choose how often payments are made, or "
                                                   "leave the arrangement details blank"]
    if errors:
        raise ApplicationError("Check the debt details.", errors)
    return values


def _save(debt: DebtRecord, reason: str) -> None:
    try:
        debt.full_clean(validate_constraints=False)
    except ValidationError as exc:
        raise ApplicationError("Check the debt details.",
                               {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
                               ) from None
    debt._change_reason = reason  # type: ignore[attr-defined]
    debt.save()


@transaction.atomic
def debt_record_add(*, application: Application, actor: Any,
                    data: Mapping[str, Any]) -> DebtRecord:
    """Record a housing-related debt owed by someone on the application (DOMAIN §3.16).

    ``data`` holds the fields in ``DEBT_FIELDS`` (``member`` is the person's id). Refused with
    field errors as described in the module docstring.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_caseworker(actor, application)
    values = _clean(application, data)
    debt = DebtRecord(application=application, recorded_by=actor, **values)
    _save(debt, "Debt recorded")
    return debt


@transaction.atomic
def debt_record_update(*, debt: DebtRecord, actor: Any,
                       data: Mapping[str, Any]) -> DebtRecord:
    """Correct a debt record (a new balance, an arrangement made or kept). Every field in
    ``DEBT_FIELDS`` is set from ``data``, as on the add form."""
    debt = DebtRecord.objects.select_for_update().select_related("application").get(pk=debt.pk)
    _require_caseworker(actor, debt.application)
    if debt.cleared_at is not None:
        raise ConflictError("This debt has been marked as cleared, so it can no longer be "
                            "changed. Record a new debt if more is owed.",
                            {"amount": ["The debt has been cleared"]})
    for name, value in _clean(debt.application, data).items():
        setattr(debt, name, value)
    _save(debt, "Debt updated")
    return debt


@transaction.atomic
def debt_record_clear(*, debt: DebtRecord, actor: Any, cleared_on: dt.date | None = None,
                      note: str = "") -> DebtRecord:
    """Mark a debt as cleared (paid off or written off): it no longer counts (DOMAIN §4.10).
    ``cleared_on`` defaults to today; it cannot be in the future or before the debt was
    confirmed."""
    debt = DebtRecord.objects.select_for_update().select_related("application").get(pk=debt.pk)
    _require_caseworker(actor, debt.application)
    if debt.cleared_at is not None:
        raise ConflictError(f"This debt was already marked as cleared on "
                            f"{debt.cleared_at:%-d %B %Y}.",
                            {"cleared_on": ["The debt is already cleared"]})
    day = cleared_on or timezone.localdate()
    if day > timezone.localdate():
        raise ApplicationError("Check the date the debt was cleared.",
                               {"cleared_on": ["The date the debt was cleared must be today or "
                                               "in the past"]})
    if day < debt.as_of:
        raise ApplicationError("Check the date the debt was cleared.",
                               {"cleared_on": ["The date the debt was cleared must be on or "
                                               "after the date the amount was confirmed"]})
    debt.cleared_at = day
    if note.strip():
        debt.notes = f"{debt.notes}\n{note.strip()}".strip()
    debt._change_reason = "Debt cleared" + (  # type: ignore[attr-defined]
        f": {note.strip()}" if note.strip() else "")
    debt.save(update_fields=["cleared_at", "notes", "updated_at"])
    return debt
