"""The approvals card on the staff dashboard: managers see how many requests wait for them."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from housing.approvals.models import ApprovalRequest
from housing.approvals.policies import approvals_visible_to, can_decide_approvals
from housing.core.dashboard import STAFF, Card, register_card


@register_card(surface=STAFF, order=15)
def pending_approvals_card(user: Any) -> Card | None:
    """Pending requests a manager may decide (not their own), by type. One query."""
    if not can_decide_approvals(user):
        return None
    counts = dict(approvals_visible_to(user)
                  .filter(status=ApprovalRequest.Status.PENDING)
                  .exclude(requested_by=user)
                  .values_list("type").annotate(n=Count("id")).order_by())
    rows = [(label, counts[value]) for value, label in ApprovalRequest.Type.choices
            if counts.get(value)]
    return Card(title="Approvals waiting for you", rows=rows, total=sum(counts.values()),
                link_name="approvals:queue", link_text="Open the approvals queue",
                text="" if rows else "Nothing is waiting for a decision.")
