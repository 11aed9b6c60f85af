"""Nomination agreements and nominations to registered providers (DOMAIN.md §3.14, §4.13,
§5.4, §7.5)."""

from nominations.models.agreements import NominationAgreement
from nominations.models.nominations import Nomination, NominationRequest

__all__ = ["Nomination", "NominationAgreement", "NominationRequest"]
