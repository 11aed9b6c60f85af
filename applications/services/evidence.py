"""Evidence: officers request it, applicants upload it, officers verify or reject it
(DOMAIN.md §3.4, §5.1 steps 3–5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from applications.models import Application, EvidenceItem
from applications.services.status import application_transition
from housing.core.exceptions import ApplicationError, ConflictError
from housing.letters.services import letter_create

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Type is decided by the file's first bytes, never by its name or the browser's claim.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def sniff_content_type(head: bytes) -> str | None:
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def _validated_upload(upload: UploadedFile) -> str:
    if upload.size is None or upload.size == 0:
        raise ApplicationError("The file is empty.", {"file": ["The selected file is empty"]})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ApplicationError("The file is too big.",
                               {"file": ["The selected file must be smaller than 10MB"]})
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(head)
    if content_type is None:
        raise ApplicationError("The file type is not allowed.",
                               {"file": ["The selected file must be a PDF, JPG or PNG"]})
    return content_type


@transaction.atomic
def evidence_request(*, application: Application, actor: Any, kind: str, description: str,
                     member_id: int | None = None, due_date: dt.date | None = None
                     ) -> EvidenceItem:
    """Ask for a document. A submitted application with something outstanding moves to
    "awaiting information"; the applicant gets a request letter (L2)."""
    if not application.is_live:
        raise ConflictError("Evidence can only be requested on a live application.")
    member = application.members.filter(pk=member_id).first() if member_id else None
    if member_id and member is None:
        raise ApplicationError("That person is not on this application.",
                               {"member": ["Choose someone on this application"]})
    item = EvidenceItem(application=application, member=member, kind=kind,
                        description=description.strip(), requested_by=actor,
                        due_date=due_date or application.evidence_due_date
                        or timezone.localdate() + dt.timedelta(days=28))
    item.full_clean()
    item.save()
    if application.status == Application.Status.UNDER_ASSESSMENT or \
            application.status == Application.Status.SUBMITTED:
        application_transition(application=application,
                               to=Application.Status.AWAITING_INFORMATION, actor=actor,
                               reason=f"Evidence requested: {item.get_kind_display()}")
    _send_request_letter(application, [item])
    return item


def _send_request_letter(application: Application, items: list[EvidenceItem]) -> None:
    letter_create(
        template_code="information-request", recipient=application.applicant_user,
        subject=application, actor=None,
        context={"reference": application.reference,
                 "items": [{"description": i.description,
                            "person": i.member.full_name if i.member else "",
                            "due": i.due_date.isoformat() if i.due_date else ""}
                           for i in items]},
    )


@transaction.atomic
def evidence_upload(*, item: EvidenceItem, actor: Any, upload: UploadedFile) -> EvidenceItem:
    """The applicant sends a document against a requested (or rejected) item."""
    item = EvidenceItem.objects.select_for_update().get(pk=item.pk)
    if item.status == EvidenceItem.Status.VERIFIED:
        raise ConflictError("This document has already been checked and accepted.")
    content_type = _validated_upload(upload)
    item.file.save("upload", upload, save=False)
    item.original_filename = (upload.name or "document")[-200:]
    item.content_type = content_type
    item.size = upload.size
    item.uploaded_at = timezone.now()
    item.uploaded_by = actor
    item.status = EvidenceItem.Status.RECEIVED
    item.rejection_reason = ""
    item._change_reason = "Document uploaded"  # type: ignore[attr-defined]
    item.save()
    return item


@transaction.atomic
def evidence_verify(*, item: EvidenceItem, actor: Any, method: str) -> EvidenceItem:
    item = EvidenceItem.objects.select_for_update().get(pk=item.pk)
    if item.status != EvidenceItem.Status.RECEIVED:
        raise ConflictError("Only a document that has been received can be verified.")
    if method not in EvidenceItem.Method.values or not method:
        raise ApplicationError("Say how you checked it.",
                               {"method": ["Select how you checked the document"]})
    item.status = EvidenceItem.Status.VERIFIED
    item.verification_method = method
    item.reviewed_by, item.reviewed_at = actor, timezone.now()
    item._change_reason = "Document verified"  # type: ignore[attr-defined]
    item.save()
    _maybe_ready_to_assess(item.application, actor)
    return item


@transaction.atomic
def evidence_reject(*, item: EvidenceItem, actor: Any, reason: str) -> EvidenceItem:
    item = EvidenceItem.objects.select_for_update().get(pk=item.pk)
    if item.status != EvidenceItem.Status.RECEIVED:
        raise ConflictError("Only a document that has been received can be rejected.")
    if not reason.strip():
        raise ApplicationError("Give a reason.",
                               {"reason": ["Enter why the document cannot be accepted"]})
    item.status = EvidenceItem.Status.REJECTED
    item.rejection_reason = reason.strip()[:300]
    item.reviewed_by, item.reviewed_at = actor, timezone.now()
    item._change_reason = f"Document rejected: {item.rejection_reason}"  # type: ignore[attr-defined]
    item.save()
    return item


def _maybe_ready_to_assess(application: Application, actor: Any) -> None:
    """When nothing is outstanding any more, the case moves to the "ready to assess" queue."""
    application.refresh_from_db()
    if application.status != Application.Status.AWAITING_INFORMATION:
        return
    if application.evidence.exclude(status=EvidenceItem.Status.VERIFIED).exists():
        return
    application_transition(application=application, to=Application.Status.UNDER_ASSESSMENT,
                           actor=actor, reason="All evidence verified")


@transaction.atomic
def application_triage(*, application: Application, actor: Any) -> Application:
    """First look at a new submission (DOMAIN.md §5.1 step 3): anything still missing → awaiting
    information, with the request letter listing it; otherwise ready to assess."""
    if application.status != Application.Status.SUBMITTED:
        raise ConflictError("Only a new submission can be triaged.")
    # Missing means asked for and not (acceptably) sent. Documents received but not yet checked
    # are verified during the assessment itself.
    missing = [item for item in application.evidence.all() if item.is_outstanding]
    if missing:
        application_transition(application=application,
                               to=Application.Status.AWAITING_INFORMATION, actor=actor,
                               reason="Triage: evidence outstanding")
        _send_request_letter(application, missing)
    else:
        application_transition(application=application,
                               to=Application.Status.UNDER_ASSESSMENT, actor=actor,
                               reason="Triage: ready to assess")
    if application.assigned_officer_id is None:
        application.assigned_officer = actor
        application.save(update_fields=["assigned_officer", "updated_at"])
    return application
