"""What the council's and the provider's nomination services share: status changes through the
transitions tables, and the SLAs an agreement gives (DOMAIN.md §3.14, §4.13)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from housing.core.calendar import bank_holidays
from housing.core.exceptions import IllegalTransition
from housing.scheme.selectors import scheme_in_force
from nominations.models import Nomination, NominationAgreement, NominationRequest
from nominations.rules.sla import Slas


def nomination_move(nomination: Nomination, to: str, reason: str) -> None:
    """Set ``nomination.status`` if its transitions table allows it (the caller saves)."""
    if not nomination.can_move_to(to):
        labels = dict(Nomination.Status.choices)
        raise IllegalTransition(f"A nomination that is “{labels[nomination.status]}” cannot "
                                f"become “{labels.get(to, to)}”.")
    nomination.status = to
    nomination._change_reason = reason  # type: ignore[attr-defined]


def request_move(request: NominationRequest, to: str, reason: str) -> None:
    """Set ``request.status`` if its transitions table allows it (the caller saves)."""
    if not request.can_move_to(to):
        labels = dict(NominationRequest.Status.choices)
        raise IllegalTransition(f"A vacancy that is “{labels[request.status]}” cannot become "
                                f"“{labels.get(to, to)}”.")
    request.status = to
    request._change_reason = reason  # type: ignore[attr-defined]


def slas_for(agreement: NominationAgreement) -> Slas:
    """The agreement's working-day SLAs, the scheme's defaults where it sets none."""
    scheme = scheme_in_force(on=timezone.localdate())

    def pick(own: int | None, default: int) -> int:
        return own if own is not None else default

    return Slas(
        nominate_relet=pick(agreement.nominate_relet_working_days,
                            scheme.nomination_relet_working_days),
        nominate_first_let=pick(agreement.nominate_first_let_working_days,
                                scheme.nomination_first_let_working_days),
        rp_decision=pick(agreement.rp_decision_working_days,
                         scheme.nomination_rp_decision_working_days),
        renominate=pick(agreement.renominate_working_days,
                        scheme.nomination_renominate_working_days))


def holidays() -> frozenset[dt.date]:
    """English bank holidays from the calendar (cached)."""
    return bank_holidays()


def agreement_in_force(provider_id: int) -> NominationAgreement | None:
    """The provider's agreement in force today (the latest that has started), if any."""
    today = timezone.localdate()
    for agreement in (NominationAgreement.objects.filter(provider_id=provider_id,
                                                         effective_from__lte=today)
                      .order_by("-effective_from")):
        if agreement.in_force(today):
            return agreement
    return None
