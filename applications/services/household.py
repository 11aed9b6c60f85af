"""Household changes on a live application, made by an officer after checking a reported change
(DOMAIN.md §5.7 step 3). The bedroom need is worked out again at once, with its reasons."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from applications.models import Application, HouseholdMember
from applications.services.assessment import application_bedroom_need_refresh
from housing.core.exceptions import ApplicationError, ConflictError

_PARTNER_ROLES = (HouseholdMember.Role.JOINT, HouseholdMember.Role.PARTNER)


def member_create(*, application: Application, data: dict[str, Any],
                  history_reason: str) -> HouseholdMember:
    """Add a person to the household (drafts and live cases alike): not a second lead, a date of
    birth or a due date but not both, and a joint applicant or partner linked to the lead as a
    couple (only one). Callers check who may change the household and when."""
    role = data["role"]
    if role == HouseholdMember.Role.LEAD:
        raise ApplicationError("There is already a lead applicant.",
                               {"role": ["Choose who this person is"]})
    if bool(data.get("date_of_birth")) == bool(data.get("due_date")):
        raise ApplicationError("Give a date of birth, or a due date for a baby on the way.",
                               {"date_of_birth": ["Enter a date of birth, or a due date for a "
                                                  "baby on the way"]})
    lead = application.members.get(role=HouseholdMember.Role.LEAD)
    if role in _PARTNER_ROLES and (lead.partner_id
                                   or HouseholdMember.objects.filter(partner=lead).exists()):
        raise ApplicationError("There is already a partner on this application.",
                               {"role": ["There is already a partner or joint applicant on "
                                         "this application"]})
    member = HouseholdMember(application=application, role=role,
                             first_name=data["first_name"].strip(),
                             last_name=data["last_name"].strip(),
                             date_of_birth=data.get("date_of_birth"),
                             due_date=data.get("due_date"), sex=data.get("sex") or "")
    member.full_clean()
    member._change_reason = history_reason  # type: ignore[attr-defined]
    member.save()
    if role in _PARTNER_ROLES:
        lead.partner = member
        lead.save(update_fields=["partner", "updated_at"])
    return member


def _require_live(application: Application, reason: str) -> None:
    if application.status == Application.Status.DRAFT:
        raise ConflictError("This application is a draft: the applicant changes the household "
                            "in their application.")
    if not application.is_live:
        raise ConflictError("The household can only be changed on an open application.")
    if not reason.strip():
        raise ApplicationError("Give the reason for the change.",
                               {"reason": ["Enter the reason, for example the change reported "
                                           "and the evidence seen"]})


@transaction.atomic
def household_member_add(*, application: Application, actor: Any, data: dict[str, Any],
                         reason: str) -> HouseholdMember:
    """Add someone who has joined the household (a birth, a partner moving in)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_live(application, reason)
    member = member_create(application=application, data=data,
                           history_reason=f"Joined the household: {reason.strip()}")
    application_bedroom_need_refresh(application=application, actor=actor)
    return member


@transaction.atomic
def household_member_remove(*, application: Application, actor: Any, member_id: int,
                            reason: str) -> None:
    """Remove someone who has left the household. The lead applicant cannot be removed."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_live(application, reason)
    member = application.members.filter(pk=member_id).first()
    if member is None:
        raise ApplicationError("That person is not on this application.")
    if member.role == HouseholdMember.Role.LEAD:
        raise ConflictError("The lead applicant cannot be removed from their own application.")
    HouseholdMember.objects.filter(partner=member).update(partner=None)
    member._change_reason = f"Left the household: {reason.strip()}"  # type: ignore[attr-defined]
    member.delete()
    application_bedroom_need_refresh(application=application, actor=actor)
