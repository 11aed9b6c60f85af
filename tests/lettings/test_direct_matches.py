"""Direct matches (DOMAIN.md §4.11, §5.5; §4.9 rule 7): the checks on a proposed match, proposing,
a manager's approval (never the proposer's own), cancelling, the single offer and what happens
when it is refused, lapses or is withdrawn, converting a home whose advert found no acceptable
bidder, and one open match per home when two officers propose at once (Postgres)."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from io import StringIO
from typing import Any, cast

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from applications.models import Application
from applications.services.debts import debt_record_add
from housing.approvals.models import ApprovalRequest
from housing.approvals.services import approval_decide, approval_withdraw
from housing.core.exceptions import ApplicationError, ConflictError
from housing.letters.models import Letter
from housing.scheme.selectors import scheme_in_force
from lettings.models import Advert, BiddingCycle, DirectMatch, Offer, Property, Void
from lettings.rules.bid_validity import AdvertFacts, BidderFacts, BidPolicy
from lettings.rules.direct_match import Category, direct_match_checks
from lettings.selectors import (
    advert_has_no_acceptable_bidder,
    direct_match_counts,
    higher_priority_fitting,
    home_facts,
)
from lettings.services.bidding import bid_place
from lettings.services.cycles import advert_close
from lettings.services.direct_matches import (
    direct_match_cancel,
    direct_match_offer,
    direct_match_propose,
)
from lettings.services.offers import offer_refuse, offer_withdraw, offers_lapse_due
from lettings.services.shortlisting import shortlist_bypass
from tests.factories import (
    AdvertFactory,
    CycleFactory,
    PropertyFactory,
    UserFactory,
    VoidFactory,
)

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
DECANT = Category("decant", "Decant", bedroom_need_must_match=False)
ACCESSIBLE = Category("accessible_home", "Adapted home", bedroom_need_must_match=True)
JUSTIFICATION = "In temporary accommodation for 14 months after six unsuccessful cycles."


# --- The checks (pure) ---------------------------------------------------------------------------

def _bidder(**kw: Any) -> BidderFacts:
    return BidderFacts(**{"application_id": 1, "status": "active", "band": "B",
                          "eligible_sizes": (2,), "household_size": 3, "lead_age": 40, **kw})


def _home(**kw: Any) -> AdvertFacts:
    return AdvertFacts(**{"reference": "P-1", "status": "", "opens_at": None, "closes_at": None,
                          "bedrooms": 2, "sizes": (2,), "min_occupancy": 1, "max_occupancy": 4,
                          **kw})


def _checks(bidder: BidderFacts | None = None, home: AdvertFacts | None = None, *,
            category: Category = ACCESSIBLE, higher: int = 0, reason: str = "",
            policy: BidPolicy | None = None, at_offer: bool = False) -> Any:
    return direct_match_checks(bidder or _bidder(), home or _home(), policy or BidPolicy(),
                               category=category, now=NOW, higher_priority=higher,
                               priority_reason=reason, at_offer=at_offer)


def _blocking(result: Any) -> dict[str, str]:
    return {check.code: check.message for check in result.blocking}


def test_a_fitting_active_applicant_passes_with_what_was_checked():
    result = _checks()
    assert result.passed
    assert [c.code for c in result.checks] == ["criteria_met", "highest_priority"]
    assert result.as_list()[1] == {
        "code": "highest_priority", "blocking": False,
        "message": "No active applicant in a higher band needs a home of this size."}


@pytest.mark.parametrize(("facts", "code", "message"), [
    ({"status": "closed"}, "not_active", "The application is closed."),
    ({"status": "not_eligible"}, "not_active",
     "The applicant was found not eligible to join the register."),
    ({"status": "active_suspended", "suspension_reason": "two refusals"}, "suspended",
     "The applicant's bidding is suspended: two refusals"),
    ({"status": "under_offer"}, "under_offer",
     "The applicant is under offer for another home. They cannot be matched until that offer "
     "is settled."),
    ({"eligible_sizes": (3,)}, "size", "This home has 2 bedrooms. The applicant needs 3 "
                                       "bedrooms."),
    ({"household_size": 6}, "occupancy", "This home is for 1 to 4 people. The applicant's "
                                         "household is 6 people."),
])
def test_each_reason_the_applicant_does_not_fit_blocks_in_the_officers_words(facts, code,
                                                                            message):
    result = _checks(_bidder(**facts))
    assert not result.passed
    assert _blocking(result) == {code: message}


def test_the_homes_own_rules_block_too():
    older = _checks(_bidder(lead_age=40), _home(designation="older_persons", min_age=60))
    assert _blocking(older) == {"age": "This home is for people aged 60 or over."}
    kept = _checks(home=_home(mobility_required=True, access_needs_met=("wheelchair",)))
    assert set(_blocking(kept)) == {"mobility_required"}
    needs = _checks(_bidder(mobility_need="wheelchair"))
    assert _blocking(needs) == {"mobility_not_met": (
        "The applicant's medical assessment says they need a wheelchair user home (M4(3)). This "
        "home does not meet that need.")}


def test_being_under_offer_blocks_even_where_the_scheme_lets_people_bid_under_offer():
    result = _checks(_bidder(status="under_offer"), policy=BidPolicy(bid_while_under_offer=True))
    assert set(_blocking(result)) == {"under_offer"}


def test_the_bedroom_rule_is_a_note_not_a_bar_for_a_decant():
    wrong_size = _bidder(eligible_sizes=(3,))

    decant = _checks(wrong_size, category=DECANT)
    accessible = _checks(wrong_size, category=ACCESSIBLE)

    assert decant.passed
    (size,) = [c for c in decant.checks if c.code == "size"]
    assert not size.blocking
    assert size.message == ("This home has 2 bedrooms. The applicant needs 3 bedrooms. The "
                            "category “Decant” allows a home of another size, so this is noted, "
                            "not a bar.")
    assert set(_blocking(accessible)) == {"size"}
    # Occupancy still applies: a decant does not allow overcrowding.
    assert set(_blocking(_checks(_bidder(household_size=6), category=DECANT))) == {"occupancy"}


def test_a_higher_priority_applicant_needs_a_recorded_reason_before_the_offer_only():
    missing = _checks(higher=2)
    given = _checks(higher=2, reason="The higher-band applicants need ground-floor homes.")
    at_offer = _checks(higher=1, at_offer=True)

    assert _blocking(missing) == {"priority": (
        "2 active applicants in a higher band also need a home of this size. Say why this "
        "applicant should have it instead.")}
    assert given.passed
    assert given.checks[-1].message == ("2 active applicants in a higher band also need a home "
                                        "of this size. The reason for choosing this applicant "
                                        "is recorded.")
    assert at_offer.passed


# --- Reads ---------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_higher_priority_counts_active_applicants_in_higher_bands_who_need_this_size(
        make_bidder):
    me = make_bidder(band="C", sizes=(2,))
    make_bidder(band="A", sizes=(2,))
    make_bidder(band="B", sizes=(2,))
    make_bidder(band="B", sizes=(3,))  # another size
    make_bidder(band="D", sizes=(2,))  # lower band
    make_bidder(band="A", sizes=(2,), status="under_offer")  # not active
    ranks = {"A": 1, "B": 2, "C": 3, "D": 4}

    assert higher_priority_fitting(me, sizes=(2,), ranks=ranks) == 2
    top = Application.objects.filter(band="A", status="active").get()
    assert higher_priority_fitting(top, sizes=(2,), ranks=ranks) == 0


@pytest.mark.django_db
def test_a_home_with_no_advert_is_checked_against_its_default_criteria():
    prop = cast(Property, PropertyFactory(bedrooms=1, bedspaces=2, designation="older_persons",
                                          min_age=60, mobility_category="wheelchair"))
    facts = home_facts(prop)
    assert (facts.sizes, facts.min_occupancy, facts.max_occupancy) == ((1,), 1, 2)
    assert (facts.min_age, facts.mobility_required, facts.access_needs_met) == (
        60, True, ("wheelchair",))


# --- Proposing -----------------------------------------------------------------------------------

@pytest.fixture
def home(db: Any) -> Property:
    """A 2-bedroom home, ready to let, never advertised."""
    void = VoidFactory(property=PropertyFactory(bedrooms=2, bedspaces=4,
                                                address_line_1="4 Orchard Row"))
    return cast(Property, void.property)


def _propose(prop: Property, application: Application, actor: Any, **kw: Any) -> DirectMatch:
    values: dict[str, Any] = {"category": "homeless_in_ta", "justification": JUSTIFICATION}
    values.update(kw)
    return direct_match_propose(property=prop, application=application, actor=actor, **values)


def _void(prop: Property) -> Void:
    return Void.objects.filter(property=prop).order_by("-pk").first()  # type: ignore[return-value]


def _nothing_changed(prop: Property, application: Application) -> None:
    assert not DirectMatch.objects.exists()
    assert not ApprovalRequest.objects.filter(type="direct_let").exists()
    assert _void(prop).status == Void.Status.READY_TO_LET
    assert Application.objects.get(pk=application.pk).status == Application.Status.ACTIVE


@pytest.mark.django_db
def test_proposing_holds_the_home_and_asks_a_manager(make_bidder, officer, home):
    applicant = make_bidder(band="B", sizes=(2,), restricted_access=True)
    officer.in_restricted_group = True
    officer.save(update_fields=["in_restricted_group"])

    match = _propose(home, applicant, officer)

    match.refresh_from_db()
    assert match.reference == f"DM-{match.pk:06d}"
    assert match.history.earliest().reference == match.reference
    assert (match.status, match.category, match.proposed_by) == ("proposed", "homeless_in_ta",
                                                                 officer)
    assert match.void == _void(home) and _void(home).status == Void.Status.DIRECT_MATCH
    assert [c["code"] for c in match.checks] == ["criteria_met", "highest_priority"]
    approval = match.approval
    assert approval is not None
    assert (approval.type, approval.status, approval.requested_by) == ("direct_let", "pending",
                                                                       officer)
    assert approval.summary.startswith(f"Direct match {match.reference}: 4 Orchard Row")
    assert approval.case_reference == applicant.reference
    assert approval.restricted is True
    assert approval.details["Direct match"] == match.reference
    assert approval.subject == match


@pytest.mark.django_db
def test_bad_input_is_refused_and_changes_nothing(make_bidder, officer, home):
    applicant = make_bidder(band="B", sizes=(2,))

    with pytest.raises(ApplicationError) as exc:
        _propose(home, applicant, officer, category="holiday_let", justification="  ")
    assert exc.value.errors == {"category": ["Choose a category the scheme allows"],
                                "justification": ["Say why this home should go to this "
                                                  "applicant"]}
    _nothing_changed(home, applicant)


@pytest.mark.django_db
def test_the_no_acceptable_bidder_category_is_only_for_converting_an_advert(make_bidder,
                                                                           officer, home):
    applicant = make_bidder(band="B", sizes=(2,))
    with pytest.raises(ApplicationError) as exc:
        _propose(home, applicant, officer, category="no_acceptable_bids")
    assert exc.value.errors == {"category": ["This category is for converting an advert that "
                                             "found no acceptable bidder"]}
    _nothing_changed(home, applicant)


@pytest.mark.django_db
def test_an_applicant_who_does_not_fit_is_refused_with_every_reason(make_bidder, officer, home):
    applicant = make_bidder(band="B", sizes=(3,), status="active_suspended")

    with pytest.raises(ApplicationError) as exc:
        _propose(home, applicant, officer)

    assert exc.value.message == "This applicant cannot be matched with this home."
    assert exc.value.errors["application"] == [
        "The applicant's bidding is suspended.",
        "This home has 2 bedrooms. The applicant needs 3 bedrooms."]
    assert not DirectMatch.objects.exists()
    assert _void(home).status == Void.Status.READY_TO_LET


@pytest.mark.django_db
def test_a_decant_may_go_to_a_household_needing_another_size(make_bidder, officer, home):
    applicant = make_bidder(band="B", sizes=(3,), application_type="decant")

    match = _propose(home, applicant, officer, category="decant")

    assert [c["code"] for c in match.checks if not c["blocking"]] == ["size", "highest_priority"]


@pytest.mark.django_db
def test_choosing_over_a_higher_priority_applicant_needs_a_reason(make_bidder, officer, home):
    make_bidder(band="A", sizes=(2,))
    applicant = make_bidder(band="C", sizes=(2,))

    with pytest.raises(ApplicationError) as exc:
        _propose(home, applicant, officer)
    assert set(exc.value.errors) == {"not_highest_priority_reason"}
    _nothing_changed(home, applicant)

    match = _propose(home, applicant, officer,
                     not_highest_priority_reason="  The Band A household needs a wheelchair "
                                                 "home.  ")
    assert match.not_highest_priority_reason == "The Band A household needs a wheelchair home."
    assert match.approval is not None
    assert match.approval.details["Why not a higher-priority applicant"] == \
        match.not_highest_priority_reason


@pytest.mark.django_db
def test_one_open_match_per_home_and_per_applicant(make_bidder, officer, home):
    first = make_bidder(band="B", sizes=(2,))
    second = make_bidder(band="B", sizes=(2,))
    _propose(home, first, officer)
    other = cast(Property, VoidFactory(property=PropertyFactory(bedrooms=2)).property)

    with pytest.raises(ConflictError):
        _propose(home, second, officer)
    with pytest.raises(ConflictError) as exc:
        _propose(other, first, officer)
    assert exc.value.errors == {"application": ["A direct match for this applicant is already "
                                                "open"]}
    assert DirectMatch.objects.count() == 1
    # The database holds the line too.
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectMatch.objects.create(reference="DM-X", property=home, application=second,
                                   category="decant", justification="x", proposed_by=officer,
                                   proposed_at=timezone.now())


@pytest.mark.django_db
def test_only_a_home_ready_to_let_and_not_being_advertised_can_be_matched(make_bidder, officer):
    applicant = make_bidder(band="B", sizes=(2,))
    in_works = VoidFactory(status="in_works", property=PropertyFactory(bedrooms=2)).property
    no_void = PropertyFactory(bedrooms=2)
    drafted = VoidFactory(property=PropertyFactory(bedrooms=2))
    AdvertFactory(property=drafted.property, void=drafted, status="draft", cycle=None)

    for prop in (in_works, no_void, drafted.property):
        with pytest.raises(ConflictError) as exc:
            _propose(prop, applicant, officer)
        assert set(exc.value.errors) == {"property"}
    assert not DirectMatch.objects.exists()


@pytest.mark.django_db
def test_only_lettings_staff_propose_and_only_on_cases_they_may_see(make_bidder, officer,
                                                                   adviser, home):
    applicant = make_bidder(band="B", sizes=(2,))
    hidden = make_bidder(band="B", sizes=(2,), restricted_access=True)
    with pytest.raises(ApplicationError):
        _propose(home, applicant, adviser)
    with pytest.raises(ApplicationError) as exc:
        _propose(home, hidden, officer)
    assert set(exc.value.errors) == {"application"}
    _nothing_changed(home, applicant)


# --- The manager's decision ----------------------------------------------------------------------

@pytest.fixture
def proposed(make_bidder: Any, officer: Any, home: Property) -> DirectMatch:
    return _propose(home, make_bidder(band="B", sizes=(2,)), officer)


def _decide(match: DirectMatch, manager: Any, decision: str = "approve") -> DirectMatch:
    assert match.approval is not None
    approval_decide(approval=match.approval, actor=manager, decision=decision,
                    reason="Meets the homeless-in-TA category; checks passed.")
    return DirectMatch.objects.get(pk=match.pk)


@pytest.mark.django_db
def test_a_manager_approves(proposed, manager):
    match = _decide(proposed, manager)
    assert (match.status, match.decided_by) == (DirectMatch.Status.APPROVED, manager)
    assert match.decided_at is not None
    assert _void(match.property).status == Void.Status.DIRECT_MATCH


@pytest.mark.django_db
def test_a_rejected_match_hands_the_home_back(proposed, manager):
    match = _decide(proposed, manager, "reject")
    assert (match.status, match.decided_by) == (DirectMatch.Status.REJECTED, manager)
    assert match.ended_reason.startswith("Not approved: Meets")
    assert _void(match.property).status == Void.Status.READY_TO_LET
    with pytest.raises(ConflictError):
        direct_match_offer(match=match, actor=manager)


@pytest.mark.django_db
def test_nobody_approves_a_match_they_proposed(make_bidder, manager, home):
    match = _propose(home, make_bidder(band="B", sizes=(2,)), manager)
    assert match.approval is not None

    with pytest.raises(ApplicationError) as exc:
        approval_decide(approval=match.approval, actor=manager, decision="approve",
                        reason="I am sure.")
    assert exc.value.errors == {"decision": ["You cannot decide a request you made"]}
    match.refresh_from_db()
    assert match.status == DirectMatch.Status.PROPOSED
    # Nor can the database be made to record it.
    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovalRequest.objects.filter(pk=match.approval.pk).update(
            status="approved", decided_by=manager, decided_at=timezone.now())


@pytest.mark.django_db
def test_withdrawing_the_request_cancels_the_match(proposed, officer):
    assert proposed.approval is not None
    approval_withdraw(approval=proposed.approval, actor=officer, reason="Needs changed")
    match = DirectMatch.objects.get(pk=proposed.pk)
    assert match.status == DirectMatch.Status.CANCELLED
    assert _void(match.property).status == Void.Status.READY_TO_LET


# --- Cancelling ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_proposer_cancels_before_the_offer_and_the_request_is_withdrawn(proposed, officer):
    with pytest.raises(ApplicationError) as exc:
        direct_match_cancel(match=proposed, actor=officer, reason=" ")
    assert set(exc.value.errors) == {"reason"}

    match = direct_match_cancel(match=proposed, actor=officer, reason="The household moved.")

    assert (match.status, match.ended_reason) == ("cancelled", "The household moved.")
    assert ApprovalRequest.objects.get(pk=match.approval_id).status == "withdrawn"
    assert _void(match.property).status == Void.Status.READY_TO_LET


@pytest.mark.django_db
def test_another_officer_cannot_cancel_while_a_manager_decides(proposed, council):
    colleague = UserFactory(username="colleague", role="officer", organisation=council)
    with pytest.raises(ApplicationError):
        direct_match_cancel(match=proposed, actor=colleague, reason="Not needed")
    assert DirectMatch.objects.get(pk=proposed.pk).status == DirectMatch.Status.PROPOSED


@pytest.mark.django_db
def test_an_approved_match_can_be_cancelled_but_not_once_offered(proposed, manager, officer,
                                                                 media_root):
    approved = _decide(proposed, manager)
    direct_match_offer(match=approved, actor=officer)
    with pytest.raises(ConflictError):
        direct_match_cancel(match=approved, actor=officer, reason="Too late")


# --- The single offer ----------------------------------------------------------------------------

@pytest.fixture
def approved(proposed: DirectMatch, manager: Any) -> DirectMatch:
    return _decide(proposed, manager)


@pytest.mark.django_db
def test_only_an_approved_match_is_offered(proposed, officer):
    with pytest.raises(ConflictError) as exc:
        direct_match_offer(match=proposed, actor=officer)
    assert exc.value.message == "Only an approved direct match can be offered."
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_the_offer_is_a_direct_let_and_its_letter_says_so(approved, officer, media_root):
    viewing = timezone.now() + dt.timedelta(days=2)

    offer = direct_match_offer(match=approved, actor=officer, viewing_at=viewing)

    match = DirectMatch.objects.get(pk=approved.pk)
    assert (offer.offer_type, offer.advert, offer.shortlist_entry) == ("direct_let", None, None)
    assert (offer.status, offer.respond_by) == ("viewing_arranged",
                                                viewing + dt.timedelta(hours=48))
    assert (match.status, match.offer) == (DirectMatch.Status.OFFERED, offer)
    assert _void(match.property).status == Void.Status.OFFERED
    assert Application.objects.get(pk=match.application_id).status == "under_offer"
    (letter,) = Letter.objects.filter(template__code="offer")
    assert "This is a direct offer" in letter.html
    assert "usually the only offer" in letter.html
    assert "unreasonable refusal" in letter.html
    assert "offer the home to the next person" not in letter.html
    assert letter.recipient == match.application.applicant_user


@pytest.mark.django_db
def test_an_ordinary_offer_letter_has_no_direct_offer_wording(make_bidder, officer,
                                                              media_root):
    from lettings.services.offers import offer_make

    cycle = cast(BiddingCycle, CycleFactory())
    advert = cast(Advert, AdvertFactory(cycle=cycle, allowed_sizes=[2],
                                        property=PropertyFactory(bedrooms=2, bedspaces=4)))
    bid_place(application=make_bidder(band="B"), advert=advert, actor=None)
    advert_close(advert=advert, now=cycle.closes_at)
    offer_make(entry=advert.shortlist.get(), actor=officer)
    (letter,) = Letter.objects.filter(template__code="offer")
    assert "This is a direct offer" not in letter.html
    assert "offer the home to the next person" in letter.html


@pytest.mark.django_db
def test_the_checks_run_again_before_the_offer(approved, officer):
    Application.objects.filter(pk=approved.application_id).update(status="closed")

    with pytest.raises(ApplicationError) as exc:
        direct_match_offer(match=approved, actor=officer)

    assert exc.value.errors == {"match": ["The application is closed."]}
    assert not Offer.objects.exists()
    assert DirectMatch.objects.get(pk=approved.pk).status == DirectMatch.Status.APPROVED


@pytest.mark.django_db
def test_housing_debt_stops_the_offer_as_for_any_offer(approved, officer):
    application = approved.application
    debt_record_add(application=application, actor=officer, data={
        "member": application.members.get(role="lead").pk, "creditor": "council",
        "type": "rent_arrears", "amount": Decimal("900.00"),
        "as_of": timezone.localdate() - dt.timedelta(days=3),
        "accrued_date": timezone.localdate() - dt.timedelta(days=200)})
    with pytest.raises(ConflictError) as exc:
        direct_match_offer(match=approved, actor=officer)
    assert "Housing debt stands in the way" in exc.value.message
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_a_viewing_in_the_past_is_refused(approved, officer):
    with pytest.raises(ApplicationError) as exc:
        direct_match_offer(match=approved, actor=officer,
                           viewing_at=timezone.now() - dt.timedelta(days=3))
    assert set(exc.value.errors) == {"viewing_at"}
    assert DirectMatch.objects.get(pk=approved.pk).status == DirectMatch.Status.APPROVED


def _ended(match: DirectMatch, reason: str) -> None:
    match.refresh_from_db()
    assert (match.status, match.ended_reason) == (DirectMatch.Status.ENDED, reason)
    assert _void(match.property).status == Void.Status.READY_TO_LET
    assert Application.objects.get(pk=match.application_id).status == "active"


@pytest.mark.django_db
def test_a_refused_direct_offer_ends_the_match_and_frees_the_home(approved, officer,
                                                                  media_root):
    offer = direct_match_offer(match=approved, actor=officer)
    offer_refuse(offer=offer, actor=offer.application.applicant_user, reason_code="decor")
    _ended(approved, "Offer refused")
    # The home can be matched again (or advertised).
    again = _propose(approved.property, offer.application, officer)
    assert again.status == DirectMatch.Status.PROPOSED


@pytest.mark.django_db
def test_a_lapsed_or_withdrawn_direct_offer_ends_the_match(approved, officer, manager,
                                                           make_bidder, media_root):
    offer = direct_match_offer(match=approved, actor=officer)
    assert offers_lapse_due(now=offer.respond_by + dt.timedelta(minutes=1)) == 1
    _ended(approved, "No response to the offer")

    other = _propose(approved.property, make_bidder(band="B", sizes=(2,)), officer)
    second = direct_match_offer(match=_decide(other, manager), actor=officer)
    offer_withdraw(offer=second, actor=officer, reason="Gas safety check failed")
    _ended(other, "Offer withdrawn")


# --- Converting an advert that found no acceptable bidder ----------------------------------------

def _advertised(make_bidder: Any, bands: str = "B") -> Advert:
    """A home advertised, closed and shortlisted, with one bidder per band given."""
    cycle = cast(BiddingCycle, CycleFactory())
    void = VoidFactory(status="advertised", property=PropertyFactory(bedrooms=2, bedspaces=4))
    advert = cast(Advert, AdvertFactory(cycle=cycle, property=void.property, void=void,
                                        allowed_sizes=[2]))
    for band in bands:
        bid_place(application=make_bidder(band=band), advert=advert, actor=None)
    advert_close(advert=advert, now=cycle.closes_at)
    advert.refresh_from_db()
    return advert


@pytest.mark.django_db
def test_a_home_whose_advert_found_no_acceptable_bidder_is_converted(make_bidder, officer):
    advert = _advertised(make_bidder)
    shortlist_bypass(entry=advert.shortlist.get(), actor=officer, code="APPLICANT_WITHDREW",
                     note="They moved in with family.")
    assert advert_has_no_acceptable_bidder(advert)
    applicant = make_bidder(band="B", sizes=(2,))

    match = _propose(advert.property, applicant, officer, category="no_acceptable_bids",
                     from_advert=advert)

    advert.refresh_from_db()
    assert advert.status == Advert.Status.CONVERTED_TO_DIRECT_LET
    assert (match.from_advert, match.void) == (advert, advert.void)
    assert _void(advert.property).status == Void.Status.DIRECT_MATCH
    assert not advert_has_no_acceptable_bidder(advert)


@pytest.mark.django_db
def test_an_advert_with_a_workable_bidder_cannot_be_converted(make_bidder, officer):
    advert = _advertised(make_bidder)
    applicant = make_bidder(band="B", sizes=(2,))
    assert not advert_has_no_acceptable_bidder(advert)

    with pytest.raises(ConflictError) as exc:
        _propose(advert.property, applicant, officer, category="no_acceptable_bids",
                 from_advert=advert)

    assert set(exc.value.errors) == {"advert"}
    advert.refresh_from_db()
    assert advert.status == Advert.Status.SHORTLISTED
    assert _void(advert.property).status == Void.Status.ADVERTISED
    assert not DirectMatch.objects.exists()


@pytest.mark.django_db
def test_a_closed_advert_with_no_bids_can_be_converted_and_a_rejection_frees_the_home(
        make_bidder, officer, manager):
    advert = _advertised(make_bidder, bands="")
    assert advert.status == Advert.Status.SHORTLISTED  # with nobody on it
    match = _propose(advert.property, make_bidder(band="B", sizes=(2,)), officer,
                     category="no_acceptable_bids", from_advert=advert)

    _decide(match, manager, "reject")

    assert _void(advert.property).status == Void.Status.READY_TO_LET
    advert.refresh_from_db()
    assert advert.status == Advert.Status.CONVERTED_TO_DIRECT_LET


@pytest.mark.django_db
def test_a_live_advert_or_another_homes_advert_cannot_be_converted(make_bidder, officer, home):
    live = cast(Advert, AdvertFactory(property=PropertyFactory(bedrooms=2, bedspaces=4)))
    applicant = make_bidder(band="B", sizes=(2,))
    with pytest.raises(ConflictError):
        _propose(live.property, applicant, officer, from_advert=live)
    with pytest.raises(ApplicationError) as exc:
        _propose(home, applicant, officer, from_advert=live)
    assert set(exc.value.errors) == {"advert"}


# --- Counted separately --------------------------------------------------------------------------

@pytest.mark.django_db
def test_matches_are_counted_by_status_and_category(make_bidder, officer, manager, home):
    match = _propose(home, make_bidder(band="B", sizes=(2,)), officer)
    _decide(match, manager)
    other = cast(Property, VoidFactory(property=PropertyFactory(bedrooms=3, bedspaces=5)).property)
    _propose(other, make_bidder(band="B", sizes=(2,), application_type="decant"), officer,
             category="decant")

    by_status, by_category = direct_match_counts(user=officer)

    assert {c.code: c.total for c in by_status if c.total} == {"approved": 1, "proposed": 1}
    categories = {c.code: (c.total, c.open) for c in by_category}
    assert categories["homeless_in_ta"] == (1, 1)
    assert categories["decant"] == (1, 1)
    assert categories["move_on"] == (0, 0)
    assert [c.code for c in by_category] == [c["code"] for c in
                                             scheme_in_force().direct_match_categories]


# --- Concurrency (Postgres) ----------------------------------------------------------------------

@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_proposing_the_same_home_at_once_make_one_match(make_bidder, officer,
                                                                     manager):
    void = VoidFactory(property=PropertyFactory(bedrooms=2, bedspaces=4))
    people = [make_bidder(band="B", sizes=(2,)), make_bidder(band="B", sizes=(2,))]
    barrier = threading.Barrier(2)
    results: list[Any] = [None, None]

    def propose(index: int, actor: Any) -> None:
        try:
            barrier.wait()
            results[index] = _propose(void.property, people[index], actor)
        except Exception as exc:  # noqa: BLE001 - the test inspects what each got
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=propose, args=(0, officer)),
               threading.Thread(target=propose, args=(1, manager))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    made = [r for r in results if isinstance(r, DirectMatch)]
    refused = [r for r in results if isinstance(r, ConflictError)]
    assert (len(made), len(refused)) == (1, 1), results
    assert refused[0].message == "This home already has a direct match in progress."
    assert DirectMatch.objects.count() == 1
    assert ApprovalRequest.objects.filter(type="direct_let").count() == 1
    assert _void(void.property).status == Void.Status.DIRECT_MATCH


# --- The demo ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_demo_has_one_match_waiting_for_the_manager_and_one_approved(media_root):
    def seed() -> None:
        call_command("seed_demo", "--quiet", stdout=StringIO(), stderr=StringIO())

    seed()
    matches = {m.status: m for m in DirectMatch.objects.select_related("approval", "void")}
    assert set(matches) == {DirectMatch.Status.PROPOSED, DirectMatch.Status.APPROVED}
    waiting, approved = matches["proposed"], matches["approved"]
    assert waiting.approval is not None and waiting.approval.status == "pending"
    assert waiting.proposed_by.username == "officer"
    assert approved.decided_by is not None and approved.decided_by.username == "manager"
    for match in (waiting, approved):
        assert match.from_advert is None and not match.property.adverts.exists()
        assert match.void is not None and match.void.status == Void.Status.DIRECT_MATCH
        assert not [c for c in match.checks if c["blocking"]]

    seed()  # idempotent
    assert DirectMatch.objects.count() == 2
    assert ApprovalRequest.objects.filter(type="direct_let").count() == 2
