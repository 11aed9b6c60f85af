"""Group viewings (L11 invitations) and bypass notices (L16) on a shortlist (DOMAIN.md §3.12,
§4.7, §5.2 step 6, §6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from housing.approvals.services import approval_decide
from housing.core.exceptions import ApplicationError, ConflictError
from housing.letters.models import Letter
from housing.scheme.models import SchemeVersion
from lettings.models import ShortlistEntry, Viewing
from lettings.services.offers import offer_make
from lettings.services.shortlisting import shortlist_bypass
from lettings.services.viewings import viewing_arrange, viewing_cancel
from tests.factories import UserFactory
from tests.lettings.test_shortlist_workspace import _a1

pytestmark = pytest.mark.django_db


def _letters(code: str) -> list[Letter]:
    return list(Letter.objects.filter(template__code=code).order_by("pk"))


def _soon(days: int = 3) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def test_top_bidders_are_invited_to_one_viewing(make_bidder: Any, officer: Any) -> None:
    advert, entries = _a1(make_bidder)
    viewing = viewing_arrange(advert=advert, entries=[entries["Q"], entries["R"], entries["P"]],
                              starts_at=_soon(), meeting_point="At the front entrance",
                              actor=officer)
    invited = ShortlistEntry.objects.filter(viewing=viewing).order_by("rank")
    assert [e.pk for e in invited] == [entries[n].pk for n in "QRP"]
    assert all(e.status == ShortlistEntry.Status.CONTACTED for e in invited)
    assert all(e.contacted_at is not None and e.contact_deadline is not None for e in invited)
    letters = _letters("viewing-invitation")
    assert len(letters) == 3
    assert "This is not an offer of the home." in letters[0].html
    assert "At the front entrance" in letters[0].html
    assert ShortlistEntry.objects.get(pk=entries["S"].pk).viewing is None


def test_an_invitation_is_not_an_offer_the_order_still_holds(make_bidder: Any,
                                                            officer: Any) -> None:
    advert, entries = _a1(make_bidder)
    viewing_arrange(advert=advert, entries=[entries["Q"], entries["R"]], starts_at=_soon(),
                    actor=officer)
    with pytest.raises(ConflictError):
        offer_make(entry=entries["R"], actor=officer)
    assert offer_make(entry=entries["Q"], actor=officer).status == "issued"


@pytest.mark.parametrize("change, field", [
    ({"entries": []}, "entries"),
    ({"starts_at": "past"}, "starts_at"),
    ({"starts_at": "far"}, "starts_at"),
    ({"respond_within_hours": 0}, "respond_within_hours"),
    ({"meeting_point": "x" * 201}, "meeting_point"),
])
def test_bad_viewings_are_refused_and_change_nothing(make_bidder: Any, officer: Any,
                                                    change: dict[str, Any], field: str) -> None:
    advert, entries = _a1(make_bidder)
    kwargs: dict[str, Any] = {"advert": advert, "entries": [entries["Q"]],
                              "starts_at": _soon(), "actor": officer}
    kwargs.update(change)
    if change.get("starts_at") == "past":
        kwargs["starts_at"] = timezone.now() - dt.timedelta(hours=1)
    elif change.get("starts_at") == "far":
        kwargs["starts_at"] = _soon(days=61)
    with pytest.raises(ApplicationError) as refused:
        viewing_arrange(**kwargs)
    assert field in refused.value.errors
    assert not Viewing.objects.exists()
    assert not _letters("viewing-invitation")
    assert ShortlistEntry.objects.get(pk=entries["Q"].pk).status == ShortlistEntry.Status.RANKED


def test_no_more_than_the_schemes_group_size(make_bidder: Any, officer: Any) -> None:
    advert, entries = _a1(make_bidder)
    SchemeVersion.objects.filter(status=SchemeVersion.Status.PUBLISHED).update(
        group_viewing_max=3)
    with pytest.raises(ApplicationError) as refused:
        viewing_arrange(advert=advert, entries=list(entries.values()), starts_at=_soon(),
                        actor=officer)
    assert refused.value.errors["entries"] == ["Invite at most 3 bidders to one viewing"]
    assert not Viewing.objects.exists()


def test_bidders_from_another_advert_or_already_settled_cannot_be_invited(
        make_bidder: Any, officer: Any) -> None:
    advert, entries = _a1(make_bidder)
    _other_advert, others = _a1(make_bidder)
    with pytest.raises(ApplicationError) as refused:
        viewing_arrange(advert=advert, entries=[entries["Q"], others["Q"]], starts_at=_soon(),
                        actor=officer)
    assert "entries" in refused.value.errors
    shortlist_bypass(entry=entries["S"], actor=officer, code="NO_CONTACT_WITHIN_DEADLINE",
                     note="No answer to three calls and an email.")
    with pytest.raises(ConflictError) as conflict:
        viewing_arrange(advert=advert, entries=[entries["Q"], entries["S"]], starts_at=_soon(),
                        actor=officer)
    assert conflict.value.errors["entries"] == ["Rank 4 is “Bypassed”."]
    assert not Viewing.objects.exists()


def test_only_lettings_staff_arrange_viewings(make_bidder: Any) -> None:
    advert, entries = _a1(make_bidder)
    applicant = entries["Q"].bid.application.applicant_user
    with pytest.raises(ApplicationError):
        viewing_arrange(advert=advert, entries=[entries["Q"]], starts_at=_soon(),
                        actor=applicant)
    assert not Viewing.objects.exists()


def test_cancelling_a_viewing_frees_its_invitees(make_bidder: Any, officer: Any) -> None:
    advert, entries = _a1(make_bidder)
    viewing = viewing_arrange(advert=advert, entries=[entries["Q"], entries["R"]],
                              starts_at=_soon(), actor=officer)
    viewing_cancel(viewing=viewing, actor=officer)
    assert Viewing.objects.get(pk=viewing.pk).cancelled_at is not None
    assert not ShortlistEntry.objects.filter(viewing=viewing).exists()
    with pytest.raises(ConflictError):
        viewing_cancel(viewing=viewing, actor=officer)


# --- Bypass notices (L16) -----------------------------------------------------------------------

def test_a_bypassed_bidder_is_told_why_and_what_they_can_do(make_bidder: Any,
                                                            officer: Any) -> None:
    advert, entries = _a1(make_bidder)
    shortlist_bypass(entry=entries["R"], actor=officer,
                     code="ARREARS_OVER_THRESHOLD_NO_APPROVAL",
                     note="Rent arrears of £900 with no arrangement kept.")
    [letter] = _letters("bypass-notice")
    assert letter.recipient_id == entries["R"].bid.application.applicant_user_id
    assert letter.contains_review_rights
    assert "You were number 2 on the list" in letter.html
    assert advert.reference in letter.html
    assert "Rent arrears of £900 with no arrangement kept." in letter.html
    assert "Make an arrangement to repay your housing debt" in letter.html
    assert "ask for a review" in letter.html


def test_no_notice_when_the_bidder_withdrew_or_the_scheme_sends_none(make_bidder: Any,
                                                                      officer: Any) -> None:
    _advert, entries = _a1(make_bidder)
    shortlist_bypass(entry=entries["Q"], actor=officer, code="APPLICANT_WITHDREW",
                     note="Housed privately.")
    assert not _letters("bypass-notice")
    SchemeVersion.objects.filter(status=SchemeVersion.Status.PUBLISHED).update(
        bypass_notice_letters=False)
    shortlist_bypass(entry=entries["R"], actor=officer, code="NO_CONTACT_WITHIN_DEADLINE",
                     note="No answer.")
    assert not _letters("bypass-notice")


def test_a_bypass_needing_approval_sends_its_notice_only_when_approved(
        make_bidder: Any, officer: Any) -> None:
    _advert, entries = _a1(make_bidder)
    request = shortlist_bypass(entry=entries["Q"], actor=officer, code="SENSITIVE_LET_RISK",
                               note="The block's lettings plan rules out this household.")
    assert not _letters("bypass-notice")
    manager = UserFactory(username="lettings-manager", role="manager")
    approval_decide(approval=request, actor=manager, decision="approve", reason="Agreed.")
    assert ShortlistEntry.objects.get(pk=entries["Q"].pk).status == "bypassed"
    assert len(_letters("bypass-notice")) == 1


# --- The shortlist page -------------------------------------------------------------------------

def _url(name: str, pk: int) -> str:
    from django.urls import reverse

    return reverse(f"lettings:{name}", args=[pk])


def test_the_shortlist_shows_who_is_next_and_invites_to_a_viewing(client: Any, make_bidder: Any,
                                                                   officer: Any) -> None:
    advert, entries = _a1(make_bidder)
    client.force_login(officer)
    page = client.get(_url("staff-shortlist", advert.pk)).content.decode()
    assert "Offer order" in page and ">Next<" in page
    assert "Invite bidders to a group viewing" in page
    day = timezone.localdate() + dt.timedelta(days=3)
    response = client.post(_url("staff-shortlist-viewing", advert.pk), {
        "viewing-entries": [str(entries["Q"].pk), str(entries["R"].pk)],
        "viewing-viewing_date_0": day.day, "viewing-viewing_date_1": day.month,
        "viewing-viewing_date_2": day.year, "viewing-viewing_time": "2:30pm",
        "viewing-meeting_point": "Main entrance", "viewing-respond_within_hours": "48",
        "viewing-note": ""})
    assert response.status_code == 302
    viewing = Viewing.objects.get()
    assert timezone.localtime(viewing.starts_at).hour == 14
    assert set(viewing.invitees.values_list("pk", flat=True)) == {entries["Q"].pk,
                                                                  entries["R"].pk}
    page = client.get(_url("staff-shortlist", advert.pk)).content.decode()
    assert "Main entrance" in page and "Invited to view" in page
    response = client.post(_url("staff-viewing-cancel", viewing.pk))
    assert response.status_code == 302
    assert Viewing.objects.get().cancelled_at is not None


def test_a_bad_viewing_shows_the_error_summary_and_changes_nothing(client: Any,
                                                                    make_bidder: Any,
                                                                    officer: Any) -> None:
    advert, _entries = _a1(make_bidder)
    client.force_login(officer)
    response = client.post(_url("staff-shortlist-viewing", advert.pk), {
        "viewing-viewing_date_0": "", "viewing-viewing_date_1": "", "viewing-viewing_date_2": "",
        "viewing-viewing_time": "", "viewing-respond_within_hours": "48"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "<title>Error:" in page
    assert "Choose the bidders to invite" in page
    assert "Enter the date of the viewing" in page
    assert not Viewing.objects.exists()


def test_viewing_pages_are_for_lettings_staff_only(client: Any, make_bidder: Any) -> None:
    advert, entries = _a1(make_bidder)
    client.force_login(entries["Q"].bid.application.applicant_user)
    response = client.post(_url("staff-shortlist-viewing", advert.pk), {
        "viewing-entries": [str(entries["Q"].pk)]})
    assert response.status_code == 403
    assert not Viewing.objects.exists()


def test_a_bypassed_bidder_sees_why_on_their_bids_page(client: Any, make_bidder: Any,
                                                       officer: Any) -> None:
    _advert, entries = _a1(make_bidder)
    shortlist_bypass(entry=entries["R"], actor=officer,
                     code="ARREARS_OVER_THRESHOLD_NO_APPROVAL",
                     note="Rent arrears of £900 with no arrangement kept.")
    client.force_login(entries["R"].bid.application.applicant_user)
    page = client.get("/account/bids/").content.decode()
    assert "Your place when bidding closed" in page
    assert "Why we did not offer you this home" in page
    assert "Housing debt over the threshold with no arrangement kept and no approval" in page
    assert "Rent arrears of £900 with no arrangement kept." in page
    # Another bidder sees their own place, and nothing about R.
    client.force_login(entries["P"].bid.application.applicant_user)
    page = client.get("/account/bids/").content.decode()
    assert "Your place when bidding closed" in page
    assert "Why we did not offer you this home" not in page and "£900" not in page
