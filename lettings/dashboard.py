"""Lettings' card on the staff dashboard."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from housing.core.dashboard import STAFF, Card, register_card
from lettings.models import Advert


@register_card(surface=STAFF, order=20)
def lettings_card(user: Any) -> Card:
    counts = dict(Advert.objects.values_list("status").annotate(n=Count("id")))
    rows = [(label, counts.get(value, 0)) for value, label in Advert.Status.choices
            if counts.get(value)]
    return Card(title="Adverts", rows=rows, total=sum(counts.values()),
                link_name="lettings:staff-adverts")
