"""Dashboards (staff home, the applicant's account page) are assembled from cards that each
domain app registers, so the core never imports the apps above it (dependencies point one way)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

STAFF = "staff"
ACCOUNT = "account"


@dataclass(frozen=True)
class Card:
    title: str
    rows: list[tuple[str, Any]] = field(default_factory=list)
    total: int | None = None
    link_name: str = ""
    link_text: str = "View all"
    text: str = ""


CardFn = Callable[[Any], Card | None]
_CARDS: dict[str, list[tuple[int, CardFn]]] = {STAFF: [], ACCOUNT: []}


def register_card(*, surface: str, order: int) -> Callable[[CardFn], CardFn]:
    def decorator(fn: CardFn) -> CardFn:
        cards = _CARDS[surface]
        if all(existing is not fn for _, existing in cards):
            cards.append((order, fn))
            cards.sort(key=lambda item: item[0])
        return fn

    return decorator


def cards_for(surface: str, user: Any) -> list[Card]:
    return [card for _, fn in _CARDS[surface] if (card := fn(user)) is not None]
