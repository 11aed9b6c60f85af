"""What a request made through the generic approvals API can be about.

Approvals sit below the domain apps (dependencies point one way), so the API cannot look up an
application itself. The app that owns a kind of subject registers a resolver in its
``AppConfig.ready``: given the user and the key sent in ``subject`` (for example
``{"application": "HR-2026-000123"}``), it returns the object, the case reference and whether
the case is restricted, or ``None`` when that user may not see or work it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model


@dataclass(frozen=True)
class Subject:
    obj: Model
    case_reference: str
    restricted: bool


Resolver = Callable[[Any, str], Subject | None]
_RESOLVERS: dict[str, Resolver] = {}


def register_subject_kind(kind: str, resolver: Resolver) -> None:
    _RESOLVERS[kind] = resolver


def subject_kinds() -> list[str]:
    return sorted(_RESOLVERS)


def resolve_subject(kind: str, user: Any, key: str) -> Subject | None:
    resolver = _RESOLVERS.get(kind)
    return resolver(user, key) if resolver else None
