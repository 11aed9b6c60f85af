"""What happens when an approval is decided. The app that owns the subject registers a handler
for each request type in its ``AppConfig.ready``; the approvals service calls it inside the same
transaction as the decision, so either both happen or neither does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Handler = Callable[..., None]
_HANDLERS: dict[str, Handler] = {}


def register_handler(approval_type: str, handler: Handler) -> None:
    """``handler(approval=…, actor=…)`` runs when a request of this type is approved, rejected
    or withdrawn; it reads ``approval.status`` to know which."""
    _HANDLERS[approval_type] = handler


def handler_for(approval_type: str) -> Handler | None:
    return _HANDLERS.get(approval_type)


def run_handler(approval: Any, actor: Any) -> None:
    handler = handler_for(approval.type)
    if handler is not None:
        handler(approval=approval, actor=actor)
