"""Writes for the scheme configuration: create the default, copy into a new draft, publish."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from housing.core.exceptions import ApplicationError, ConflictError
from housing.scheme import defaults
from housing.scheme.models import BandDefinition, ReasonCode, SchemeVersion


@transaction.atomic
def scheme_version_create_default(*, name: str, effective_from: dt.date,
                                  publish: bool = True) -> SchemeVersion:
    """A scheme version with the realistic defaults of DOMAIN.md §4 and §8."""
    version = SchemeVersion(name=name, effective_from=effective_from)
    version.full_clean()
    version.save()
    bands = {code: BandDefinition.objects.create(scheme=version, code=code, name=label,
                                                 rank=rank, description=text)
             for code, label, rank, text in defaults.BANDS}
    ReasonCode.objects.bulk_create(
        ReasonCode(scheme=version, code=code, band=bands[band], title=title, rp_categories=rp,
                   requires_manager_approval=approval,
                   trigger=defaults.REASON_SETTINGS.get(code, ("", "", False))[0],
                   date_rule=defaults.REASON_SETTINGS.get(code, ("", "", False))[1],
                   is_discretionary=defaults.REASON_SETTINGS.get(code, ("", "", False))[2])
        for code, band, title, rp, approval in defaults.REASON_CODES
    )
    if publish:
        scheme_version_publish(version=version, actor=None)
    return version


@transaction.atomic
def scheme_version_copy(*, source: SchemeVersion, name: str, effective_from: dt.date,
                        actor: Any) -> SchemeVersion:
    """A new draft with every setting, band and reason code of ``source``."""
    if effective_from <= source.effective_from:
        raise ApplicationError("A new version must start after the one it copies.",
                               {"effective_from": ["Choose a date after "
                                                   f"{source.effective_from:%d %B %Y}."]})
    copy = SchemeVersion.objects.get(pk=source.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    copy.name = name
    copy.effective_from = effective_from
    copy.status = SchemeVersion.Status.DRAFT
    copy.published_at = None
    copy.summary_of_changes = ""
    copy.full_clean()
    copy.save()
    band_map = {}
    for band in source.bands.all():
        band_map[band.pk] = BandDefinition.objects.create(
            scheme=copy, code=band.code, name=band.name, rank=band.rank,
            description=band.description)
    ReasonCode.objects.bulk_create(
        ReasonCode(scheme=copy, code=r.code, band=band_map[r.band_id], title=r.title,
                   description=r.description, rp_categories=r.rp_categories,
                   requires_manager_approval=r.requires_manager_approval, trigger=r.trigger,
                   date_rule=r.date_rule, is_discretionary=r.is_discretionary,
                   is_active=r.is_active)
        for r in source.reason_codes.all()
    )
    return copy


@transaction.atomic
def scheme_version_publish(*, version: SchemeVersion, actor: Any) -> SchemeVersion:
    """Freeze a draft so decisions can cite it. Refused if another version already starts on
    the same day, or if the draft has no bands."""
    version = SchemeVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise ConflictError("This version is already published.")
    if not version.bands.exists():
        raise ApplicationError("A scheme version needs at least one band before publishing.")
    clash = SchemeVersion.objects.filter(status=SchemeVersion.Status.PUBLISHED,
                                         effective_from=version.effective_from)
    if clash.exists():
        raise ConflictError("Another published version starts on the same day.",
                            {"effective_from": ["Another published version starts that day."]})
    version.status = SchemeVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version._change_reason = "Published"  # type: ignore[attr-defined]
    version.save(update_fields=["status", "published_at", "updated_at"])
    return version
