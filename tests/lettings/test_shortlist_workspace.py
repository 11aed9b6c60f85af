"""Working a shortlist: contact, verification, bypasses (some needing a manager), the debt
check at offer and debt overrides (DOMAIN.md §4.7, §4.10, §5.2 step 6; Appendix A.1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

import pytest
from django.utils import timezone

from applications.services.debts import debt_record_add
from housing.approvals.models import ApprovalRequest
from housing.approvals.services import approval_decide
from housing.core.exceptions import ApplicationError, ConflictError
from lettings.models import Advert, BiddingCycle, Offer, ShortlistEntry
from lettings.rules.bypass import CHECK_CODES
from lettings.services.bidding import bid_place
from lettings.services.cycles import advert_close
from lettings.services.offers import offer_make
from lettings.services.shortlisting import (
    debt_check,
    debt_override_request,
    shortlist_bypass,
    shortlist_contact,
    shortlist_verify,
)
from tests.factories import AdvertFactory, CycleFactory, PropertyFactory

pytestmark = pytest.mark.django_db


def _a1(make_bidder: Any) -> tuple[Advert, dict[str, ShortlistEntry]]:
    """Appendix A.1, closed and shortlisted: Q, R, P, S."""
    people = {
        "P": make_bidder(band="B", effective=dt.date(2024, 3, 1), registered=dt.date(2022, 5, 10)),
        "Q": make_bidder(band="A", effective=dt.date(2025, 1, 15),
                         registered=dt.date(2025, 1, 15)),
        "R": make_bidder(band="B", effective=dt.date(2024, 3, 1), registered=dt.date(2021, 11, 2)),
        "S": make_bidder(band="C", effective=dt.date(2019, 6, 1), registered=dt.date(2019, 6, 1)),
    }
    cycle = cast(BiddingCycle, CycleFactory())
    advert = cast(Advert, AdvertFactory(cycle=cycle, allowed_sizes=[2],
                                        property=PropertyFactory(bedrooms=2, bedspaces=4)))
    for application in people.values():
        bid_place(application=application, advert=advert, actor=None)
    advert_close(advert=advert, now=cycle.closes_at)
    entries = {name: ShortlistEntry.objects.get(bid__application=application)
               for name, application in people.items()}
    return advert, entries


def _arrears(entry: ShortlistEntry, officer: Any, amount: str = "900.00") -> None:
    application = entry.bid.application
    debt_record_add(application=application, actor=officer, data={
        "member": application.members.get(role="lead").pk, "creditor": "council",
        "type": "rent_arrears", "amount": Decimal(amount),
        "as_of": timezone.localdate() - dt.timedelta(days=3),
        "accrued_date": timezone.localdate() - dt.timedelta(days=200)})


def test_appendix_a1_r_with_arrears_is_bypassed_and_p_is_processed_next(make_bidder, officer):
    _advert, entries = _a1(make_bidder)
    assert [entries[n].rank for n in "QRPS"] == [1, 2, 3, 4]
    # Q is housed elsewhere meanwhile; R is next but owes £900 with no arrangement.
    shortlist_bypass(entry=entries["Q"], actor=officer, code="APPLICANT_WITHDREW",
                     note="Q told us by phone they have accepted a private tenancy.")
    _arrears(entries["R"], officer)

    assert debt_check(entries["R"].bid.application).blocks
    with pytest.raises(ConflictError) as exc:
        offer_make(entry=entries["R"], actor=officer)
    assert "Housing debt stands in the way" in exc.value.message

    bypassed = shortlist_bypass(entry=entries["R"], actor=officer,
                                code="ARREARS_OVER_THRESHOLD_NO_APPROVAL",
                                note="£900 former tenancy arrears; no arrangement; no approval.")
    assert isinstance(bypassed, ShortlistEntry)
    assert (bypassed.status, bypassed.bypassed_by) == (ShortlistEntry.Status.BYPASSED, officer)
    offer = offer_make(entry=entries["P"], actor=officer)
    assert offer.application == entries["P"].bid.application


def test_a_managers_debt_override_lets_the_offer_go_ahead(make_bidder, officer, manager):
    _advert, entries = _a1(make_bidder)
    _arrears(entries["Q"], officer)
    request = debt_override_request(entry=entries["Q"], actor=officer,
                                    justification="Arrears from a tenancy the abuser ran up; "
                                                  "a repayment plan starts on moving.")
    assert request.type == ApprovalRequest.Type.DEBT_OVERRIDE
    with pytest.raises(ApplicationError):  # nobody approves their own request
        approval_decide(approval=request, actor=officer, decision="approve", reason="ok")

    approval_decide(approval=request, actor=manager, decision="approve",
                    reason="Exceptional need; the debt arose from economic abuse.",
                    valid_until=timezone.localdate() + dt.timedelta(days=90))

    check = debt_check(entries["Q"].bid.application)
    assert (check.blocks, check.overridden) == (False, True)
    assert offer_make(entry=entries["Q"], actor=officer).status == Offer.Status.ISSUED


def test_no_override_is_asked_for_when_debt_does_not_block(make_bidder, officer):
    _advert, entries = _a1(make_bidder)
    _arrears(entries["Q"], officer, amount="120.00")
    with pytest.raises(ConflictError):
        debt_override_request(entry=entries["Q"], actor=officer, justification="Just in case.")


def test_bypass_needs_a_known_reason_and_a_note_and_changes_nothing_otherwise(make_bidder,
                                                                             officer):
    _advert, entries = _a1(make_bidder)
    with pytest.raises(ApplicationError) as exc:
        shortlist_bypass(entry=entries["Q"], actor=officer, code="DISLIKED", note=" ")
    assert set(exc.value.errors) == {"code", "note"}
    entries["Q"].refresh_from_db()
    assert entries["Q"].status == ShortlistEntry.Status.RANKED


def test_a_discretionary_bypass_waits_for_a_manager(make_bidder, officer, manager):
    _advert, entries = _a1(make_bidder)

    request = shortlist_bypass(entry=entries["Q"], actor=officer, code="OTHER_DISCRETIONARY",
                               note="The landlord asks for a household without pets.")

    assert isinstance(request, ApprovalRequest)
    entries["Q"].refresh_from_db()
    assert entries["Q"].status == ShortlistEntry.Status.RANKED
    approval_decide(approval=request, actor=manager, decision="approve",
                    reason="Agreed with the landlord's lettings plan.")
    entries["Q"].refresh_from_db()
    assert entries["Q"].status == ShortlistEntry.Status.BYPASSED
    assert (entries["Q"].bypass_reason_code, entries["Q"].bypass_approved_by,
            entries["Q"].bypassed_by) == ("OTHER_DISCRETIONARY", manager, officer)


def test_contact_and_verification(make_bidder, officer):
    _advert, entries = _a1(make_bidder)
    now = timezone.now()

    contacted = shortlist_contact(entry=entries["Q"], actor=officer, note="Phoned; viewing "
                                                                          "Friday.", now=now)
    assert contacted.status == ShortlistEntry.Status.CONTACTED
    assert contacted.contact_deadline == now + dt.timedelta(hours=48)

    partly = shortlist_verify(entry=entries["Q"], actor=officer,
                              checks={"identity": True, "eligibility": True})
    assert (partly.status, partly.verified_at) == (ShortlistEntry.Status.VERIFYING, None)
    done = shortlist_verify(entry=entries["Q"], actor=officer,
                            checks={code: True for code in CHECK_CODES}, note="All seen.")
    assert done.verified_at is not None
    assert done.verification_result["identity"]["passed"] is True

    with pytest.raises(ApplicationError):
        shortlist_verify(entry=entries["Q"], actor=officer, checks={"horoscope": True})
    with pytest.raises(ApplicationError):
        shortlist_contact(entry=entries["Q"], actor=officer, respond_within_hours=0)


def test_a_settled_entry_cannot_be_worked_again(make_bidder, officer):
    _advert, entries = _a1(make_bidder)
    shortlist_bypass(entry=entries["S"], actor=officer, code="NO_CONTACT_WITHIN_DEADLINE",
                     note="Three calls and an email, no reply in 48 hours.")
    with pytest.raises(ConflictError):
        shortlist_contact(entry=entries["S"], actor=officer)


def test_only_lettings_staff_work_shortlists(make_bidder, adviser):
    _advert, entries = _a1(make_bidder)
    with pytest.raises(ApplicationError):
        shortlist_contact(entry=entries["Q"], actor=adviser)
