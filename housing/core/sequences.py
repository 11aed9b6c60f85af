"""Human-readable reference numbers."""

from __future__ import annotations

from django.db import transaction

from housing.core.models import Sequence


@transaction.atomic
def sequence_next(name: str) -> int:
    """The next value of the named sequence (1, 2, 3 …), locked so concurrent callers differ."""
    Sequence.objects.get_or_create(name=name)
    sequence = Sequence.objects.select_for_update().get(name=name)
    sequence.value += 1
    sequence.save(update_fields=["value"])
    return sequence.value
