"""Writes to a draft application: the applicant (or an officer on their behalf) fills in the task
list section by section; nothing is kept in the session."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils import timezone

from applications.models import AddressHistory, Application, Circumstances, HouseholdMember
from applications.sections import SECTION_KEYS, SECTIONS_BY_KEY
from applications.services.household import member_create
from housing.core.exceptions import ApplicationError, ConflictError
from housing.core.sequences import sequence_next


def application_reference_next() -> str:
    """The next free reference, e.g. HR-2026-000123 (numbers are never reused)."""
    year = timezone.localdate().year
    while True:
        reference = f"HR-{year}-{sequence_next(f'application-{year}'):06d}"
        if not Application.objects.filter(reference=reference).exists():
            return reference


def _require_draft(application: Application) -> None:
    if application.status != Application.Status.DRAFT:
        raise ConflictError("This application has been submitted, so it can no longer be "
                            "changed here. Report a change of circumstances instead.")


def _mark_done(application: Application, key: str, *, reason: str) -> None:
    done = [k for k in SECTION_KEYS if k in set(application.sections_completed) | {key}]
    application.sections_completed = done
    application._change_reason = reason  # type: ignore[attr-defined]
    application.save(update_fields=["sections_completed", "updated_at"])


def _unmark(application: Application, *keys: str) -> None:
    remaining = [k for k in application.sections_completed if k not in keys]
    if remaining != application.sections_completed:
        application.sections_completed = remaining
        application.save(update_fields=["sections_completed", "updated_at"])


@transaction.atomic
def application_start(*, user: Any, actor: Any) -> Application:
    """Start a draft for ``user`` (or return the one they already have). One live application
    per person: someone with a live application is sent to it, not given a second one."""
    existing = (Application.objects.select_for_update()
                .filter(applicant_user=user)
                .filter(status__in=Application.LIVE_STATUSES | {Application.Status.DRAFT})
                .first())
    if existing is not None:
        return existing
    application = Application(reference=application_reference_next(), applicant_user=user,
                              status=Application.Status.DRAFT)
    application.full_clean()
    application._change_reason = "Application started"  # type: ignore[attr-defined]
    application.save()
    Circumstances.objects.create(application=application)
    HouseholdMember.objects.create(
        application=application, role=HouseholdMember.Role.LEAD,
        first_name=user.first_name or "", last_name=user.last_name or "",
        email=user.email or "",
    )
    return application


@transaction.atomic
def lead_details_save(*, application: Application, actor: Any, first_name: str,
                      last_name: str, date_of_birth: dt.date, sex: str, ni_number: str,
                      phone: str, email: str) -> HouseholdMember:
    """Section "About you"."""
    _require_draft(application)
    lead = application.members.get(role=HouseholdMember.Role.LEAD)
    lead.first_name, lead.last_name = first_name.strip(), last_name.strip()
    lead.date_of_birth, lead.sex = date_of_birth, sex
    lead.ni_number = ni_number.replace(" ", "").upper()
    # Stored as digits so case search finds "07700 900123" and "07700900123" alike.
    lead.phone, lead.email = re.sub(r"[^\d+]", "", phone), email.strip().lower()
    lead.full_clean()
    lead._change_reason = "About you saved"  # type: ignore[attr-defined]
    lead.save()
    _mark_done(application, "about-you", reason="Section completed: About you")
    _unmark(application, "declaration")
    return lead


@transaction.atomic
def circumstances_save(*, application: Application, actor: Any, section: str,
                       data: dict[str, Any]) -> Circumstances:
    """Save one of the sections kept on ``Circumstances``; only that section's fields change."""
    _require_draft(application)
    spec = SECTIONS_BY_KEY.get(section)
    if spec is None or not spec.circumstances_fields:
        raise ApplicationError(f"Unknown section “{section}”.")
    circumstances = Circumstances.objects.select_for_update().get(application=application)
    for field in spec.circumstances_fields:
        if field in data:
            setattr(circumstances, field, data[field])
    circumstances.full_clean()
    circumstances._change_reason = f"Section saved: {spec.title}"  # type: ignore[attr-defined]
    circumstances.save()
    _mark_done(application, section, reason=f"Section completed: {spec.title}")
    _unmark(application, "declaration")
    return circumstances


@transaction.atomic
def member_add(*, application: Application, actor: Any, data: dict[str, Any]) -> HouseholdMember:
    """Add a person to the household. A joint applicant or partner is linked to the lead as a
    couple."""
    _require_draft(application)
    member = member_create(application=application, data=data,
                           history_reason="Household member added")
    _unmark(application, "household", "declaration")
    return member


@transaction.atomic
def member_remove(*, application: Application, actor: Any, member_id: int) -> None:
    _require_draft(application)
    member = application.members.filter(pk=member_id).first()
    if member is None:
        raise ApplicationError("That person is not on this application.")
    if member.role == HouseholdMember.Role.LEAD:
        raise ApplicationError("The lead applicant cannot be removed.")
    HouseholdMember.objects.filter(partner=member).update(partner=None)
    member.delete()
    _unmark(application, "household", "declaration")


@transaction.atomic
def household_confirm(*, application: Application, actor: Any) -> None:
    """The applicant says everyone is listed."""
    _require_draft(application)
    _mark_done(application, "household", reason="Section completed: household")


@transaction.atomic
def address_add(*, application: Application, actor: Any, member_id: int,
                data: dict[str, Any]) -> AddressHistory:
    _require_draft(application)
    member = application.members.filter(pk=member_id).first()
    if member is None:
        raise ApplicationError("That person is not on this application.")
    address = AddressHistory(member=member, **data)
    address.postcode = address.postcode.upper().strip()
    address.full_clean()
    address._change_reason = "Address added"  # type: ignore[attr-defined]
    address.save()
    _unmark(application, "addresses", "declaration")
    if address.to_date is None and member.role == HouseholdMember.Role.LEAD:
        application.postcode = address.postcode
        application.save(update_fields=["postcode", "updated_at"])
    return address


@transaction.atomic
def address_remove(*, application: Application, actor: Any, address_id: int) -> None:
    _require_draft(application)
    deleted, _ = AddressHistory.objects.filter(pk=address_id,
                                               member__application=application).delete()
    if not deleted:
        raise ApplicationError("That address is not on this application.")
    _unmark(application, "addresses", "declaration")


@transaction.atomic
def addresses_confirm(*, application: Application, actor: Any, years: int) -> None:
    """Each adult must account for the last ``years`` years (gaps must be explained)."""
    _require_draft(application)
    from applications.selectors import address_gaps

    gaps = address_gaps(application=application, years=years)
    if gaps:
        raise ApplicationError("Some time is missing from your address history.",
                               {"addresses": gaps})
    _mark_done(application, "addresses", reason="Section completed: addresses")


@transaction.atomic
def member_immigration_save(*, application: Application, actor: Any, member_id: int,
                            data: dict[str, Any]) -> HouseholdMember:
    _require_draft(application)
    member = application.members.filter(pk=member_id).first()
    if member is None:
        raise ApplicationError("That person is not on this application.")
    for field in ("nationality", "immigration_status", "status_expiry_date", "right_to_reside",
                  "is_existing_social_tenant"):
        if field in data:
            setattr(member, field, data[field])
    member.full_clean()
    member._change_reason = "Immigration status saved"  # type: ignore[attr-defined]
    member.save()
    from applications.selectors import proposed_tenants

    if all(m.immigration_status for m in proposed_tenants(application)):
        _mark_done(application, "immigration", reason="Section completed: immigration")
    return member


@transaction.atomic
def declaration_accept(*, application: Application, actor: Any, consent: bool) -> None:
    """The applicant confirms the information is true (s171 warning shown) and consents."""
    _require_draft(application)
    missing = [k for k in SECTION_KEYS if k != "declaration"
               and k not in application.sections_completed]
    if missing:
        titles = ", ".join(SECTIONS_BY_KEY[k].title for k in missing)
        raise ApplicationError(f"Complete these sections first: {titles}.")
    circumstances = application.circumstances
    circumstances.declaration_accepted_at = timezone.now()
    circumstances.consent_data_sharing = consent
    circumstances.save(update_fields=["declaration_accepted_at", "consent_data_sharing",
                                      "updated_at"])
    _mark_done(application, "declaration", reason="Declaration accepted")
