"""The nominations part of the demo (``manage.py seed_demo``): an agreement with each demo
provider, a nomination-only vacancy of a Riverside Vale home with a nominee sent and waiting for
the provider's decision, and a Northgate vacancy waiting for the council to nominate.

Synthetic data only. Idempotent: agreements are found by provider and name, and a vacancy is
only opened for a home that has never had one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from housing.accounts.models import Organisation, User
from lettings.models import Property, Void
from nominations.models import NominationAgreement, NominationRequest
from nominations.selectors import register_matches
from nominations.services.council import nominate_from_register, nomination_request_open

AGREEMENTS = {
    "RVH": {"name": "Riverside Vale nomination agreement", "first_let_share_pct": 100,
            "relet_share_pct": 50, "property_scope": "All general needs and sheltered homes "
                                                     "in Brackenfield.",
            "dispute_process": "Challenges go first to the Lettings Manager at Riverside Vale, "
                               "then to the council's Housing Options Manager.",
            "data_sharing_agreement_ref": "DSA-RVH-2025"},
    "NGH": {"name": "Northgate Homes nomination agreement", "first_let_share_pct": 100,
            "relet_share_pct": 75, "property_scope": "All Northgate homes in the district.",
            "rp_decision_working_days": 5, "dispute_process": "Challenges go to Northgate's "
                                                              "Head of Allocations.",
            "data_sharing_agreement_ref": "DSA-NGH-2025"},
}
# Homes with no void in the rest of the demo: a sheltered studio of Riverside Vale and a
# Northgate studio.
RIVERSIDE_HOME = "RVH-1009"
NORTHGATE_HOME = "NGH-1008"


def seed_nominations(today: dt.date, users: dict[str, User]) -> None:
    officer = users["officer"]
    for code, fields in AGREEMENTS.items():
        provider = Organisation.objects.filter(code=code).first()
        if provider is None:
            continue
        data: dict[str, Any] = dict(fields)
        NominationAgreement.objects.get_or_create(
            provider=provider, name=data.pop("name"),
            defaults={"effective_from": dt.date(today.year - 1, 4, 1), **data})
    riverside = _vacancy(RIVERSIDE_HOME, officer, today)
    if riverside is not None:
        matches = register_matches(riverside, limit=1)
        if matches:
            nominate_from_register(request=riverside, application=matches[0].application,
                                   actor=officer)
    _vacancy(NORTHGATE_HOME, officer, today)


def _vacancy(reference: str, officer: User, today: dt.date) -> NominationRequest | None:
    """A new void of the home, notified this morning by the provider; None when the home is
    missing or already had a vacancy."""
    prop = Property.objects.filter(reference=reference).first()
    if prop is None or NominationRequest.objects.filter(property=prop).exists():
        return None
    end = today - dt.timedelta(days=12)
    void = Void.objects.create(
        property=prop, status=Void.Status.READY_TO_LET, reason_vacant="tenant_notice",
        created_by=officer, notice_received_date=end - dt.timedelta(days=28),
        tenancy_end_date=end, keys_returned_date=end + dt.timedelta(days=1),
        works_completed_date=today - dt.timedelta(days=1), ready_to_let_date=today,
        works_description="Safety checks and a clean.")
    now = timezone.localtime()
    received = min(now, now.replace(hour=9, minute=30, second=0, microsecond=0))
    return nomination_request_open(void=void, actor=officer, route="nomination_only",
                                   received_at=received)
