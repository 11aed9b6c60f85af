"""The council's nomination services (DOMAIN.md §4.13, §5.4 steps 1–7; Appendix A.5): opening a
vacancy and its SLA dates, nominating the top verified bidders from a shortlist or a match from
the register, the council's answer to a provider's rejection, and returning a vacancy."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from applications.models import Application
from housing.core.exceptions import ApplicationError, ConflictError
from housing.core.models import BankHoliday
from housing.letters.models import Letter
from lettings.models import Offer, ShortlistEntry, Void
from lettings.services.offers import offer_make
from nominations.models import Nomination, NominationRequest
from nominations.rules import sla
from nominations.selectors import register_matches
from nominations.services._common import holidays, nomination_move, slas_for
from nominations.services.council import (
    nominate_from_register,
    nominate_from_shortlist,
    nomination_request_open,
    nomination_withdraw,
    rejection_accept,
    rejection_challenge,
    rejection_upheld_effects,
    request_return_to_rp,
)
from tests.factories import PropertyFactory, VoidFactory
from tests.nominations.conftest import verify

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def _letters(code: str) -> list[Letter]:
    return list(Letter.objects.filter(template__code=code).order_by("pk"))


def rp_rejects(nomination: Nomination, code: str = "arrears",
               text: str = "Owes £1,200 to us from a 2023 tenancy; no arrangement.") -> Nomination:
    """The provider's rejection as its service leaves it (the provider side has its own
    tests)."""
    nomination = Nomination.objects.get(pk=nomination.pk)
    nomination_move(nomination, Nomination.Status.RP_REJECTED, "Rejected by the provider")
    nomination.rejection_reason_code = code
    nomination.rejection_reason_text = text
    nomination.decided_at = timezone.now()
    nomination.decided_within_sla = True
    nomination.save()
    return nomination


# --- 1. Opening a vacancy and its SLA (A.5) -----------------------------------------------------

def test_a5_relet_notified_friday_1600_is_due_wednesday(agreement_a, void_a, officer):
    friday = dt.date(2025, 6, 6)
    assert friday.weekday() == 4
    request = nomination_request_open(void=void_a, actor=officer,
                                      route=NominationRequest.Route.NOMINATION_ONLY,
                                      received_at=_at(friday, 16))
    assert request.nominate_by == dt.date(2025, 6, 11)  # Wednesday
    assert request.reference == f"NR-{request.pk:06d}"
    assert request.status == NominationRequest.Status.REQUESTED
    assert (request.provider, request.agreement) == (void_a.property.landlord, agreement_a)


def test_a5_a_bank_holiday_in_between_adds_a_day(agreement_a, void_a, officer):
    BankHoliday.objects.create(date=dt.date(2025, 6, 9), title="Test holiday (synthetic)")
    request = nomination_request_open(void=void_a, actor=officer,
                                      route=NominationRequest.Route.NOMINATION_ONLY,
                                      received_at=_at(dt.date(2025, 6, 6), 16))
    assert request.nominate_by == dt.date(2025, 6, 12)  # Thursday


def test_a_notice_after_1700_counts_from_the_next_day(agreement_a, make_void, provider_a,
                                                      officer):
    thursday = dt.date(2025, 6, 5)
    early = nomination_request_open(void=make_void(provider_a), actor=officer, route="advertised",
                                    received_at=_at(thursday, 16, 59))
    late = nomination_request_open(void=make_void(provider_a), actor=officer, route="advertised",
                                   received_at=_at(thursday, 17, 30))
    assert early.nominate_by == dt.date(2025, 6, 10)  # Tuesday
    assert late.nominate_by == dt.date(2025, 6, 11)  # Wednesday


def test_a_first_let_has_ten_working_days_and_the_agreement_may_set_its_own(
        make_agreement, provider_a, make_void, officer):
    agreement = make_agreement(provider_a, nominate_relet_working_days=5)
    monday = dt.date(2025, 6, 2)
    first = nomination_request_open(void=make_void(provider_a), actor=officer,
                                    route="nomination_only", is_first_let=True,
                                    received_at=_at(monday, 10))
    relet = nomination_request_open(void=make_void(provider_a), actor=officer,
                                    route="nomination_only", received_at=_at(monday, 10))
    assert first.nominate_by == dt.date(2025, 6, 16)
    assert relet.nominate_by == dt.date(2025, 6, 9)
    assert first.agreement == agreement


def test_a_nomination_only_vacancy_holds_the_void(request_a):
    assert Void.objects.get(pk=request_a.void_id).status == Void.Status.NOMINATION_REQUESTED


def test_a_provider_user_may_open_one_for_their_own_home_only(agreement_a, agreement_b, void_a,
                                                              void_b, provider_user_a):
    request = nomination_request_open(void=void_a, actor=provider_user_a, route="advertised",
                                      special_criteria="Ground floor: keep for a wheelchair user")
    assert request.notified_by == provider_user_a
    with pytest.raises(ApplicationError) as exc:
        nomination_request_open(void=void_b, actor=provider_user_a, route="advertised")
    assert "void" in exc.value.errors
    assert not NominationRequest.objects.filter(void=void_b).exists()


def test_refused_without_an_agreement_in_force_or_with_one_open(make_agreement, provider_a,
                                                                 void_a, officer, council,
                                                                 applicant):
    make_agreement(provider_a, effective_from=dt.date(2020, 1, 1),
                   effective_to=dt.date(2021, 1, 1))
    with pytest.raises(ConflictError, match="no nomination agreement in force"):
        nomination_request_open(void=void_a, actor=officer, route="advertised")
    make_agreement(provider_a, effective_from=dt.date(2022, 1, 1))
    nomination_request_open(void=void_a, actor=officer, route="advertised")
    with pytest.raises(ConflictError, match="already open"):
        nomination_request_open(void=void_a, actor=officer, route="advertised")
    council_home = VoidFactory(property=PropertyFactory(landlord=council))
    with pytest.raises(ConflictError, match="housing association"):
        nomination_request_open(void=council_home, actor=officer, route="advertised")
    with pytest.raises(ApplicationError):
        nomination_request_open(void=void_a, actor=applicant, route="advertised")
    assert NominationRequest.objects.count() == 1


# --- 2a. Nominating from the shortlist ----------------------------------------------------------

def test_only_the_top_bidder_in_order_can_be_nominated_and_only_once_verified(advertised,
                                                                             officer):
    request, advert, entries = advertised
    verify(entries["R"], officer)
    with pytest.raises(ApplicationError) as exc:
        nominate_from_shortlist(request=request, entries=[entries["R"]], actor=officer)
    assert "The first still being considered is rank 1." in exc.value.errors["entries"]
    with pytest.raises(ApplicationError) as exc:
        nominate_from_shortlist(request=request, entries=[entries["Q"]], actor=officer)
    assert any("not verified" in problem for problem in exc.value.errors["entries"])
    assert not Nomination.objects.exists()
    assert ShortlistEntry.objects.get(pk=entries["Q"].pk).status == ShortlistEntry.Status.RANKED

    verify(entries["Q"], officer)
    [nomination] = nominate_from_shortlist(request=request, entries=[entries["Q"]],
                                           actor=officer)

    assert nomination.application == entries["Q"].bid.application
    assert (nomination.rank, nomination.status, nomination.sent_by) == (
        1, Nomination.Status.SENT, officer)
    assert nomination.sent_within_sla is True
    assert nomination.decide_by == sla.decide_by(timezone.localtime(nomination.sent_at),
                                                 slas=slas_for(request.agreement),
                                                 holidays=holidays())
    assert ShortlistEntry.objects.get(pk=entries["Q"].pk).status == \
        ShortlistEntry.Status.NOMINATED
    request.refresh_from_db()
    assert (request.status, request.advert) == (NominationRequest.Status.NOMINATED, advert)
    # An advertised home's void stays advertised (its transitions do not allow otherwise).
    assert Void.objects.get(pk=request.void_id).status == Void.Status.ADVERTISED
    [letter] = _letters("nomination-notice")
    assert letter.recipient == entries["Q"].bid.application.applicant_user
    assert "Riverside Vale Housing" in letter.html and "own checks" in letter.html


def test_a_ranked_few_where_the_agreement_allows_in_order(advertised, officer):
    request, _advert, entries = advertised
    request.agreement.nominees_per_vacancy = 2
    request.agreement.save()
    for name in "QR":
        verify(entries[name], officer)
    with pytest.raises(ApplicationError):  # Q and P skips R
        nominate_from_shortlist(request=request, entries=[entries["Q"], entries["P"]],
                                actor=officer)
    with pytest.raises(ConflictError, match="allows 2"):
        nominate_from_shortlist(request=request, entries=[entries[n] for n in "QRP"],
                                actor=officer)
    nominations = nominate_from_shortlist(request=request, entries=[entries["R"], entries["Q"]],
                                          actor=officer)
    assert [(n.rank, n.application_id) for n in nominations] == [
        (1, entries["Q"].bid.application_id), (2, entries["R"].bid.application_id)]
    assert len(_letters("nomination-notice")) == 2


def test_a_bypassed_bidder_ahead_lets_the_next_be_nominated(advertised, officer):
    from lettings.services.shortlisting import shortlist_bypass

    request, _advert, entries = advertised
    shortlist_bypass(entry=entries["Q"], actor=officer, code="APPLICANT_WITHDREW",
                     note="Q has accepted a private tenancy.")
    verify(entries["R"], officer)
    [nomination] = nominate_from_shortlist(request=request, entries=[entries["R"]],
                                           actor=officer)
    assert nomination.shortlist_entry_id == entries["R"].pk


def test_nominating_from_the_shortlist_is_for_staff(advertised, provider_user_a, officer):
    request, _advert, entries = advertised
    verify(entries["Q"], officer)
    with pytest.raises(ApplicationError):
        nominate_from_shortlist(request=request, entries=[entries["Q"]], actor=provider_user_a)
    assert not Nomination.objects.exists()


# --- 2b. Nominating from the register -----------------------------------------------------------

@pytest.fixture
def register(make_bidder: Any) -> dict[str, Application]:
    return {
        "top": make_bidder(band="A", effective=dt.date(2025, 3, 1)),
        "second": make_bidder(band="B", effective=dt.date(2023, 1, 1)),
        "third": make_bidder(band="B", effective=dt.date(2024, 1, 1)),
        "too_big": make_bidder(band="A", sizes=(4,), children=(3, 5, 7, 9, 11)),
        "closed": make_bidder(band="A", status="closed"),
    }


def test_register_matches_in_priority_order_with_the_standing_rules(request_a, register):
    found = [row.application for row in register_matches(request_a)]
    assert found == [register["top"], register["second"], register["third"]]


def test_nominate_from_register_the_top_needs_no_reason(request_a, register, officer):
    nomination = nominate_from_register(request=request_a, application=register["top"],
                                        actor=officer)
    assert (nomination.status, nomination.not_top_reason, nomination.shortlist_entry) == (
        Nomination.Status.SENT, "", None)
    request_a.refresh_from_db()
    assert request_a.status == NominationRequest.Status.NOMINATED
    assert len(_letters("nomination-notice")) == 1
    # Nominated already: no longer among the matches for this vacancy.
    assert register["top"] not in [r.application for r in register_matches(request_a)]


def test_nominating_below_the_top_needs_a_reason(request_a, register, officer):
    with pytest.raises(ApplicationError) as exc:
        nominate_from_register(request=request_a, application=register["third"], actor=officer)
    assert "not_top_reason" in exc.value.errors
    assert not Nomination.objects.exists()
    nomination = nominate_from_register(
        request=request_a, application=register["third"], actor=officer,
        not_top_reason="The provider's special criteria: a household with a local job.")
    assert nomination.not_top_reason.startswith("The provider's special criteria")
    assert register["top"].reference in nomination.history.first().history_change_reason


def test_someone_who_does_not_fit_the_home_cannot_be_nominated(request_a, register, officer):
    for who in ("too_big", "closed"):
        with pytest.raises(ApplicationError) as exc:
            nominate_from_register(request=request_a, application=register[who], actor=officer,
                                   not_top_reason="Testing")
        assert exc.value.errors["application"]
    assert not Nomination.objects.exists()


def test_under_offer_or_nominated_elsewhere_is_not_a_match(request_a, agreement_a, register,
                                                         make_void, provider_a, open_request,
                                                         officer, advertised):
    other = open_request(make_void(provider_a))
    nominate_from_register(request=other, application=register["top"], actor=officer,
                           not_top_reason="Q is on the advertised home's shortlist")
    _request, _advert, entries = advertised
    offer_make(entry=entries["Q"], actor=officer)
    assert Offer.objects.filter(application=entries["Q"].bid.application).exists()
    found = [row.application for row in register_matches(request_a)]
    assert register["top"] not in found
    assert entries["Q"].bid.application not in found
    with pytest.raises(ApplicationError, match="cannot be nominated"):
        nominate_from_register(request=request_a, application=register["top"], actor=officer,
                               not_top_reason="Testing")


def test_the_route_decides_where_nominees_come_from(request_a, advertised, register, officer):
    request, _advert, entries = advertised
    with pytest.raises(ConflictError):
        nominate_from_register(request=request, application=register["top"], actor=officer)
    with pytest.raises(ConflictError):
        nominate_from_shortlist(request=request_a, entries=[entries["Q"]], actor=officer)


# --- 3. The council's answer to a rejection -----------------------------------------------------

@pytest.fixture
def nominated(advertised: Any, officer: Any) -> tuple[NominationRequest, Nomination,
                                                       ShortlistEntry]:
    request, _advert, entries = advertised
    verify(entries["Q"], officer)
    [nomination] = nominate_from_shortlist(request=request, entries=[entries["Q"]],
                                           actor=officer)
    return request, nomination, entries["Q"]


def test_accepting_a_rejection_tells_the_applicant_bypasses_and_renominates(nominated, officer):
    request, nomination, entry = nominated
    rp_rejects(nomination)
    before = timezone.now()

    rejection_accept(nomination=nomination, actor=officer, note="Arrears confirmed.")

    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.REJECTION_UPHELD
    [letter] = _letters("nomination-rejected")
    assert letter.recipient == entry.bid.application.applicant_user
    assert "Housing debt above the agreed threshold" in letter.html
    assert "repayment arrangement" in letter.html
    assert "We looked at their reason and we accept it." in letter.html
    entry.refresh_from_db()
    assert (entry.status, entry.bypass_reason_code, entry.bypassed_by) == (
        ShortlistEntry.Status.BYPASSED, "RP_REJECTED", officer)
    assert entry.bypass_note.startswith("Owes £1,200")
    assert not _letters("bypass-notice")  # L15 says it; no L16
    request.refresh_from_db()
    assert request.status == NominationRequest.Status.REQUESTED
    assert request.nominate_by == sla.renominate_by(timezone.localtime(before),
                                                    slas=slas_for(request.agreement),
                                                    holidays=holidays())


def test_the_next_bidder_can_then_be_nominated(nominated, advertised, officer):
    request, nomination, _entry = nominated
    rp_rejects(nomination)
    rejection_accept(nomination=nomination, actor=officer)
    _request, _advert, entries = advertised
    verify(entries["R"], officer)
    [second] = nominate_from_shortlist(request=request, entries=[entries["R"]], actor=officer)
    assert second.rank == 1
    assert NominationRequest.objects.get(pk=request.pk).status == \
        NominationRequest.Status.NOMINATED


def test_a_challenge_needs_a_note_and_waits_for_the_provider(nominated, officer):
    _request, nomination, entry = nominated
    rp_rejects(nomination)
    with pytest.raises(ApplicationError) as exc:
        rejection_challenge(nomination=nomination, actor=officer, note="  ")
    assert "note" in exc.value.errors
    assert Nomination.objects.get(pk=nomination.pk).status == Nomination.Status.RP_REJECTED

    challenged = rejection_challenge(nomination=nomination, actor=officer,
                                     note="The arrears are under a kept arrangement since May.")
    assert (challenged.status, challenged.challenged_by) == (Nomination.Status.CHALLENGED,
                                                             officer)
    assert challenged.challenged_at is not None
    assert not _letters("nomination-rejected")
    assert ShortlistEntry.objects.get(pk=entry.pk).status == ShortlistEntry.Status.NOMINATED
    with pytest.raises(ConflictError):
        rejection_accept(nomination=nomination, actor=officer)


def test_a_rejection_upheld_after_a_challenge_has_the_same_effects(nominated, officer,
                                                                  provider_user_a):
    request, nomination, entry = nominated
    rp_rejects(nomination)
    rejection_challenge(nomination=nomination, actor=officer, note="Please look again.")
    # What the provider's side does when it upholds its rejection.
    locked = Nomination.objects.get(pk=nomination.pk)
    nomination_move(locked, Nomination.Status.REJECTION_UPHELD, "Upheld by the provider")
    locked.save()
    rejection_upheld_effects(locked, provider_user_a)

    [letter] = _letters("nomination-rejected")
    assert "They have kept to it." in letter.html
    assert ShortlistEntry.objects.get(pk=entry.pk).bypass_reason_code == "RP_REJECTED"
    assert NominationRequest.objects.get(pk=request.pk).status == \
        NominationRequest.Status.REQUESTED


def test_only_a_pending_rejection_can_be_answered(nominated, officer):
    _request, nomination, _entry = nominated
    with pytest.raises(ConflictError):
        rejection_accept(nomination=nomination, actor=officer)
    with pytest.raises(ConflictError):
        rejection_challenge(nomination=nomination, actor=officer, note="Why?")
    assert Nomination.objects.get(pk=nomination.pk).status == Nomination.Status.SENT


def test_the_council_may_withdraw_an_undecided_nominee(request_a, register, officer):
    nomination = nominate_from_register(request=request_a, application=register["top"],
                                        actor=officer)
    with pytest.raises(ApplicationError):
        nomination_withdraw(nomination=nomination, actor=officer, reason="")
    nomination_withdraw(nomination=nomination, actor=officer,
                        reason="The applicant has been housed through a direct match.")
    assert Nomination.objects.get(pk=nomination.pk).status == Nomination.Status.WITHDRAWN
    assert NominationRequest.objects.get(pk=request_a.pk).status == \
        NominationRequest.Status.REQUESTED


# --- 4. Back to the provider --------------------------------------------------------------------

def test_returning_a_vacancy_with_no_suitable_nominee(request_a, officer):
    with pytest.raises(ApplicationError) as exc:
        request_return_to_rp(request=request_a, actor=officer, reason=" ")
    assert "reason" in exc.value.errors
    request = request_return_to_rp(request=request_a, actor=officer,
                                   reason="Nobody on the register needs a 2-bedroom home with "
                                          "these adaptations.")
    assert request.status == NominationRequest.Status.RETURNED_TO_RP
    assert request.closed_at is not None and "No suitable nominee" in request.closed_reason
    assert Void.objects.get(pk=request.void_id).status == Void.Status.READY_TO_LET


def test_a_vacancy_with_a_nominee_out_cannot_be_returned(request_a, register, officer):
    nominate_from_register(request=request_a, application=register["top"], actor=officer)
    with pytest.raises(ConflictError, match="waiting for a nominee"):
        request_return_to_rp(request=request_a, actor=officer, reason="Changed our mind")
    assert NominationRequest.objects.get(pk=request_a.pk).status == \
        NominationRequest.Status.NOMINATED
