"""Domain errors. Services raise these; the API turns them into 400/409 with field errors and the
pages turn them into GOV.UK error summaries."""

from __future__ import annotations


class ApplicationError(Exception):
    """A request that the rules refuse. ``errors`` maps field names to messages shown to people."""

    status_code = 400

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class ConflictError(ApplicationError):
    """The request clashes with the current state (someone else got there first, a duplicate)."""

    status_code = 409


class IllegalTransition(ConflictError):
    """A status change that the transitions table does not allow."""
