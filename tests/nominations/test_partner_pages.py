"""The partner portal's vacancy and nomination pages (DOMAIN.md §4.13, §5.4): a provider's user
notifies vacancies, decides nominees (alone or in bulk) from the agreed minimum data, records
what happened, and exports its own nominations. Bad input shows a GOV.UK error summary and
changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone

from applications.models import Application
from lettings.models import LettingResult, Offer, Property, Void
from nominations.models import Nomination, NominationRequest
from tests.factories import PropertyFactory
from tests.nominations.provider_fixtures import (
    SECRET_EVIDENCE,
    SECRET_MEDICAL,
    SECRET_NOTE,
    challenged,
    fresh,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _date(prefix: str, name: str, day: dt.date) -> dict[str, Any]:
    return {f"{prefix}-{name}_0": day.day, f"{prefix}-{name}_1": day.month,
            f"{prefix}-{name}_2": day.year}


def _html(response: Any) -> str:
    return response.content.decode()


def _counts() -> tuple[int, int, int]:
    return (Property.objects.count(), Void.objects.count(), NominationRequest.objects.count())


@pytest.fixture
def signed_in(client, provider_user_a):  # type: ignore[no-untyped-def]
    client.force_login(provider_user_a)
    return client


# --- Home and vacancies -------------------------------------------------------------------------

def test_home_counts_and_countdowns_are_the_organisations_own(signed_in, nomination_a,
                                                              nomination_b):
    html = _html(signed_in.get("/partners/"))
    assert "Ayla Riverdale" in html and "Bram Northfield" not in html
    assert 'data-count="to_decide">1' in html
    assert 'data-count="open_vacancies">1 ' in html
    assert "working days left" in html


def test_vacancies_list_shows_the_councils_nominate_by_countdown(signed_in, request_a,
                                                                 request_b):
    html = _html(signed_in.get("/partners/vacancies/"))
    assert request_a.reference in html and request_b.reference not in html
    assert "working days left" in html or "Due today" in html
    detail = signed_in.get(f"/partners/vacancies/{request_a.pk}/")
    assert detail.status_code == 200 and request_a.reference in _html(detail)
    assert signed_in.get(f"/partners/vacancies/{request_b.pk}/").status_code == 404


def test_notify_a_vacancy_for_an_existing_home(signed_in, agreement_a, provider_a):
    home = PropertyFactory(landlord=provider_a, address_line_1="7 Orchard Row")
    page = signed_in.get("/partners/vacancies/new/")
    assert page.status_code == 200 and "7 Orchard Row" in _html(page)
    response = signed_in.post("/partners/vacancies/new/", {
        "home": home.pk, "route": "nomination_only", "special_criteria": "Ground floor.",
        "void-reason_vacant": "tenant_notice", "void-void_type": "standard",
        **_date("void", "notice_received_date", TODAY())})
    request = NominationRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == \
        f"/partners/vacancies/{request.pk}/"
    assert (request.property, request.special_criteria) == (home, "Ground floor.")
    follow = signed_in.get(response["Location"])
    assert "sent to the council" in _html(follow)


def test_notify_a_vacancy_for_a_new_home(signed_in, agreement_a, provider_a):
    response = signed_in.post("/partners/vacancies/new/", {
        "home": "new", "route": "advertised", "is_first_let": "on",
        "home-reference": "RVH-9001", "home-address_line_1": "1 New Street",
        "home-town": "Brackenfield", "home-postcode": "BF1 4XY", "home-property_type": "house",
        "home-bedrooms": "3", "home-bedspaces": "5", "home-min_occupancy": "1",
        "home-floor_level": "0", "home-steps_to_entrance": "0", "home-designation":
            "general_needs", "home-rent_type": "affordable", "home-weekly_rent": "145.20",
        "void-reason_vacant": "new_build", "void-void_type": "new_build"})
    assert response.status_code == 302, _html(response)
    request = NominationRequest.objects.get()
    assert request.property.reference == "RVH-9001"
    assert request.property.landlord == provider_a
    assert request.is_first_let and request.route == NominationRequest.Route.ADVERTISED


@pytest.mark.parametrize("case", ["nothing", "new_home_without_details", "other_providers_home",
                                  "future_keys"])
def test_bad_vacancy_input_shows_errors_and_creates_nothing(case, signed_in, agreement_a,
                                                            provider_a, provider_b):
    own = PropertyFactory(landlord=provider_a)
    theirs = PropertyFactory(landlord=provider_b)
    data = {
        "nothing": {},
        "new_home_without_details": {"home": "new", "route": "nomination_only",
                                     "void-reason_vacant": "new_build",
                                     "void-void_type": "standard"},
        "other_providers_home": {"home": theirs.pk, "route": "nomination_only",
                                 "void-reason_vacant": "tenant_notice",
                                 "void-void_type": "standard"},
        "future_keys": {"home": own.pk, "route": "nomination_only",
                        "void-reason_vacant": "tenant_notice", "void-void_type": "standard",
                        **_date("void", "keys_returned_date", TODAY() + dt.timedelta(days=5))},
    }[case]
    before = _counts()
    response = signed_in.post("/partners/vacancies/new/", data)
    assert response.status_code == 400
    html = _html(response)
    assert "There is a problem" in html and "<title>Error:" in html
    assert _counts() == before


def test_a_vacancy_the_service_refuses_shows_why(signed_in, provider_a):
    home = PropertyFactory(landlord=provider_a)  # no agreement in force
    response = signed_in.post("/partners/vacancies/new/", {
        "home": home.pk, "route": "nomination_only", "void-reason_vacant": "tenant_notice",
        "void-void_type": "standard"})
    assert response.status_code == 400
    assert "no nomination agreement in force" in _html(response)
    assert not Void.objects.exists()


# --- Nominations: the list, bulk decisions and the export ---------------------------------------

def test_list_puts_the_nominations_waiting_first(signed_in, nomination_a, nomination_b,
                                                 provider_a, make_void, open_request, nominate,
                                                 provider_user_a):
    decided = nominate(open_request(make_void(provider_a)), first="Zed", last="Done")
    from nominations.services.provider import nomination_accept
    nomination_accept(nomination=decided, actor=provider_user_a)
    html = _html(signed_in.get("/partners/nominations/"))
    assert html.index("Ayla Riverdale") < html.index("Zed Done")
    assert "Bram Northfield" not in html
    assert f'value="{nomination_a.pk}"' in html and f'value="{decided.pk}"' not in html


@pytest.fixture
def second_a(provider_a, make_void, open_request, nominate, agreement_a) -> Nomination:
    return nominate(open_request(make_void(provider_a)), first="Cara", last="Second")


def test_bulk_accept_from_the_list(signed_in, nomination_a, second_a):
    response = signed_in.post("/partners/nominations/", {
        "nominations": [nomination_a.pk, second_a.pk], "decision": "accept"})
    assert response.status_code == 302
    assert fresh(nomination_a).status == fresh(second_a).status == Nomination.Status.ACCEPTED


def test_bulk_reject_needs_a_reason_and_changes_nothing_without_one(signed_in, nomination_a,
                                                                    second_a):
    response = signed_in.post("/partners/nominations/", {
        "nominations": [nomination_a.pk, second_a.pk], "decision": "reject"})
    assert response.status_code == 400
    html = _html(response)
    assert "Choose a reason your agreement allows" in html
    assert "Explain why you are rejecting the nominees" in html
    assert {fresh(nomination_a).status, fresh(second_a).status} == {Nomination.Status.SENT}

    response = signed_in.post("/partners/nominations/", {
        "nominations": [nomination_a.pk, second_a.pk], "decision": "reject",
        "reason_code": "property_unsuitable", "reason_text": "Both need a ground floor."})
    assert response.status_code == 302
    assert {fresh(nomination_a).status, fresh(second_a).status} == {
        Nomination.Status.RP_REJECTED}


def test_bulk_with_another_providers_nomination_is_refused_whole(signed_in, nomination_a,
                                                                 nomination_b):
    response = signed_in.post("/partners/nominations/", {
        "nominations": [nomination_a.pk, nomination_b.pk], "decision": "accept"})
    assert response.status_code == 400
    assert "Bram Northfield" not in _html(response)
    assert fresh(nomination_a).status == fresh(nomination_b).status == Nomination.Status.SENT


def test_bulk_where_one_was_decided_meanwhile_changes_nothing(signed_in, nomination_a, second_a,
                                                             provider_user_a):
    from nominations.services.provider import bulk_decide, nomination_accept

    nomination_accept(nomination=second_a, actor=provider_user_a)
    # The page offered both; the service refuses the whole batch and names the one.
    with pytest.raises(Exception) as exc:
        bulk_decide(nominations=[nomination_a, second_a], actor=provider_user_a,
                    decision="reject", reason_code="arrears", reason_text="x")
    assert second_a.request.reference in str(exc.value.errors)  # type: ignore[attr-defined]
    assert fresh(nomination_a).status == Nomination.Status.SENT


def test_export_has_only_the_organisations_nominations(signed_in, nomination_a, nomination_b,
                                                       provider_user_a):
    from nominations.services.provider import nomination_reject

    lead = nomination_a.application.members.get(role="lead")
    lead.first_name = "=HYPERLINK(1)"
    lead.save(update_fields=["first_name"])
    nomination_reject(nomination=nomination_a, actor=provider_user_a, reason_code="arrears",
                      reason_text=SECRET_NOTE)
    response = signed_in.get("/partners/nominations/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "Reference" and len(rows) == 2
    row = rows[1]
    assert row[0] == nomination_a.request.reference
    assert row[2] == "'=HYPERLINK(1) Riverdale"
    assert row[3] == "Rejected by the provider"
    assert "Housing debt above the agreed threshold" in row[7]
    assert "Northfield" not in body and nomination_b.request.reference not in body
    assert SECRET_NOTE not in body and SECRET_MEDICAL not in body


def test_list_query_count_does_not_grow(signed_in, nomination_a, provider_a, make_void,
                                        open_request, nominate, django_assert_max_num_queries):
    with django_assert_max_num_queries(30) as few:
        signed_in.get("/partners/nominations/")
    for name in ("Eli", "Fay", "Gus"):
        nominate(open_request(make_void(provider_a)), first=name, last="More")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert signed_in.get("/partners/nominations/").status_code == 200
    with django_assert_max_num_queries(30):
        assert signed_in.get("/partners/").status_code == 200


# --- One nomination ------------------------------------------------------------------------------

def test_the_nominee_page_shows_the_agreed_minimum_only(signed_in, nomination_a, make_nominee):
    someone_else = make_nominee("Olive", "Otherperson")
    response = signed_in.get(f"/partners/nominations/{nomination_a.pk}/")
    assert response.status_code == 200
    html = _html(response)
    for shown in ("Ayla Riverdale", "07700 900123", "ayla@example.org", "Partner, aged 33",
                  "Child, aged 7", "Lead applicant, aged 35", nomination_a.application.reference,
                  "£250.00 counted"):
        assert shown in html, shown
    for hidden in (SECRET_NOTE, SECRET_EVIDENCE, SECRET_MEDICAL, "Otherperson",
                   someone_else.reference):
        assert hidden not in html, hidden
    # Opening it starts the provider's review.
    assert fresh(nomination_a).status == Nomination.Status.RP_REVIEWING


def test_accept_from_the_page(signed_in, nomination_a):
    response = signed_in.post(f"/partners/nominations/{nomination_a.pk}/accept/", {})
    assert response.status_code == 302
    assert fresh(nomination_a).status == Nomination.Status.ACCEPTED
    again = signed_in.post(f"/partners/nominations/{nomination_a.pk}/accept/", {})
    assert again.status_code == 400 and "There is a problem" in _html(again)


def test_reject_from_the_page_needs_a_reason_in_writing(signed_in, nomination_a):
    url = f"/partners/nominations/{nomination_a.pk}/reject/"
    bad = signed_in.post(url, {"reject-reason_code": "arrears", "reject-reason_text": "  "})
    assert bad.status_code == 400
    assert "Explain why you are rejecting the nominee" in _html(bad)
    made_up = signed_in.post(url, {"reject-reason_code": "made_up",
                                   "reject-reason_text": "No."})
    assert made_up.status_code == 400
    assert fresh(nomination_a).status == Nomination.Status.SENT
    ok = signed_in.post(url, {"reject-reason_code": "asb_violence",
                              "reject-reason_text": "Recent conviction for violence."})
    assert ok.status_code == 302
    n = fresh(nomination_a)
    assert (n.status, n.rejection_reason_code) == (Nomination.Status.RP_REJECTED, "asb_violence")


def test_answer_a_challenge_from_the_page(signed_in, nomination_a, provider_user_a, officer):
    challenged(nomination_a, provider_user_a, officer)
    page = _html(signed_in.get(f"/partners/nominations/{nomination_a.pk}/"))
    assert "The arrears are under an arrangement kept since May." in page
    url = f"/partners/nominations/{nomination_a.pk}/challenge/"
    bad = signed_in.post(url, {"challenge-answer": "uphold"})
    assert bad.status_code == 400 and "Explain why you still reject" in _html(bad)
    assert fresh(nomination_a).status == Nomination.Status.CHALLENGED
    ok = signed_in.post(url, {"challenge-answer": "accept"})
    assert ok.status_code == 302
    assert fresh(nomination_a).status == Nomination.Status.ACCEPTED


def test_record_the_outcomes_from_the_page(signed_in, nomination_a):
    base = f"/partners/nominations/{nomination_a.pk}"
    assert signed_in.post(f"{base}/accept/", {}).status_code == 302
    when = TODAY() + dt.timedelta(days=2)
    response = signed_in.post(f"{base}/viewing/", {**_date("viewing", "viewing_date", when),
                                                   "viewing-viewing_time": "2:30pm"})
    assert response.status_code == 302
    assert timezone.localtime(fresh(nomination_a).viewing_at).hour == 14
    response = signed_in.post(f"{base}/offer/", _date("offer", "offered_on", TODAY()))
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.offer_type == Offer.Type.NOMINATION
    assert signed_in.post(f"{base}/acceptance/", {}).status_code == 302
    assert fresh(offer).status == Offer.Status.ACCEPTED
    bad = signed_in.post(f"{base}/let/", _date("let", "tenancy_start",
                                               TODAY() - dt.timedelta(days=10)))
    assert bad.status_code == 400
    assert "The tenancy cannot start before the home was offered" in _html(bad)
    assert fresh(nomination_a).status == Nomination.Status.OFFERED
    start = TODAY() + dt.timedelta(days=5)
    assert signed_in.post(f"{base}/let/", _date("let", "tenancy_start", start)).status_code \
        == 302
    assert fresh(nomination_a).status == Nomination.Status.LET
    housed = fresh(nomination_a.application)
    assert (housed.status, housed.closed_reason) == (Application.Status.CLOSED, "housed")
    assert LettingResult.objects.get().route == "nomination"
    assert fresh(nomination_a.request).status == NominationRequest.Status.LET


def test_withdraw_from_the_page(signed_in, nomination_a):
    base = f"/partners/nominations/{nomination_a.pk}"
    signed_in.post(f"{base}/accept/", {})
    bad = signed_in.post(f"{base}/withdraw/", {"withdraw-reason": ""})
    assert bad.status_code == 400
    assert fresh(nomination_a).status == Nomination.Status.ACCEPTED
    ok = signed_in.post(f"{base}/withdraw/", {"withdraw-reason": "Moved away."})
    assert ok.status_code == 302
    assert fresh(nomination_a).status == Nomination.Status.WITHDRAWN
    assert fresh(nomination_a.request).status == NominationRequest.Status.REQUESTED


def test_actions_the_status_does_not_allow_are_refused_on_the_page(signed_in, nomination_a):
    base = f"/partners/nominations/{nomination_a.pk}"
    response = signed_in.post(f"{base}/offer/", _date("offer", "offered_on", TODAY()))
    assert response.status_code == 400 and "There is a problem" in _html(response)
    assert not Offer.objects.exists()
    assert signed_in.get(f"{base}/accept/").status_code == 405
