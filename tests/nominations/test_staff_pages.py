"""The officer pages for nominations (DOMAIN.md §5.4, §7.5): who may open them, nominating from
the shortlist and from the register, answering a rejection, returning a vacancy, agreements
(managers edit) and monitoring. Bad input shows the page again with a GOV.UK error summary and
status 400, and nothing changes."""

from __future__ import annotations

import datetime as dt
import html as entities
import re
from typing import Any

import pytest
from django.urls import reverse

from lettings.models import ShortlistEntry
from nominations.models import Nomination, NominationAgreement, NominationRequest
from nominations.services.council import nominate_from_register
from tests.nominations.conftest import verify
from tests.nominations.test_council_services import rp_rejects

pytestmark = pytest.mark.django_db


def url(name: str, *args: Any) -> str:
    return reverse(f"nominations:{name}", args=args)


def text(response: Any) -> str:
    markup = response.content.decode()
    return " ".join(entities.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def assert_refused(response: Any, *messages: str) -> None:
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "<title>Error:" in page
    words = text(response)
    for message in messages:
        assert message in words, message


@pytest.fixture
def top(make_bidder: Any) -> Any:
    return make_bidder(band="A", effective=dt.date(2024, 6, 1))


@pytest.fixture
def second(make_bidder: Any) -> Any:
    return make_bidder(band="B", effective=dt.date(2023, 6, 1))


@pytest.fixture
def sent(request_a: NominationRequest, top: Any, officer: Any) -> Nomination:
    return nominate_from_register(request=request_a, application=top, actor=officer)


def _pages(request_a: NominationRequest, sent: Nomination, agreement_a: Any) -> list[str]:
    return [url("staff-home"), url("staff-request", request_a.pk),
            url("staff-nomination", sent.pk), url("staff-agreements"),
            url("staff-monitoring"), f"{url('staff-request-new')}?void={request_a.void_id}"]


@pytest.mark.parametrize("who", ["officer", "manager"])
def test_lettings_staff_can_open_every_page(client, request, request_a, sent, agreement_a, who):
    client.force_login(request.getfixturevalue(who))
    for page in _pages(request_a, sent, agreement_a):
        response = client.get(page, follow=True)
        assert response.status_code == 200, page


@pytest.mark.parametrize("who", ["applicant", "provider_user_a", "adviser"])
def test_applicants_providers_and_advisers_are_refused(client, request, request_a, sent,
                                                      agreement_a, who):
    client.force_login(request.getfixturevalue(who))
    for page in [*_pages(request_a, sent, agreement_a), url("staff-agreement-new"),
                 url("staff-agreement-edit", agreement_a.pk)]:
        assert client.get(page).status_code == 403, page
    rp_rejects(sent)
    response = client.post(url("staff-nomination-accept-rejection", sent.pk), {"accept-note": ""})
    assert response.status_code == 403
    response = client.post(url("staff-request-return", request_a.pk),
                           {"return-reason": "Nobody suitable"})
    assert response.status_code == 403
    assert Nomination.objects.get(pk=sent.pk).status == Nomination.Status.RP_REJECTED


def test_anonymous_people_are_sent_to_sign_in(client, request_a, sent, agreement_a):
    for page in _pages(request_a, sent, agreement_a):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_only_managers_edit_agreements(client, officer, agreement_a):
    client.force_login(officer)
    assert client.get(url("staff-agreement-edit", agreement_a.pk)).status_code == 403
    assert "Change" not in text(client.get(url("staff-agreements")))


def test_the_overview_shows_the_sla_countdown(client, officer, request_b, sent):
    client.force_login(officer)
    page = text(client.get(url("staff-home")))
    assert request_b.reference in page
    assert "working day" in page or "Due" in page
    assert sent.application.reference in page


# --- One vacancy: from the register -------------------------------------------------------------

def test_the_register_list_and_nominating_the_first(client, officer, request_a, top, second):
    client.force_login(officer)
    page = text(client.get(url("staff-request", request_a.pk)))
    assert page.index(top.reference) < page.index(second.reference)

    response = client.post(url("staff-request-nominate-register", request_a.pk),
                           {"register-application": str(top.pk)})

    assert response.status_code == 302
    nomination = Nomination.objects.get(request=request_a)
    assert nomination.application == top


def test_nominating_someone_lower_without_a_reason_is_refused(client, officer, request_a, top,
                                                              second):
    client.force_login(officer)
    response = client.post(url("staff-request-nominate-register", request_a.pk),
                           {"register-application": str(second.pk)})
    assert_refused(response, "Say why this applicant rather than the first on the list")
    assert not Nomination.objects.exists()
    response = client.post(url("staff-request-nominate-register", request_a.pk),
                           {"register-application": str(second.pk),
                            "register-not_top_reason": "Agreed criteria: local employment."})
    assert response.status_code == 302
    assert Nomination.objects.get().not_top_reason == "Agreed criteria: local employment."


def test_choosing_nobody_is_refused(client, officer, request_a, top):
    client.force_login(officer)
    response = client.post(url("staff-request-nominate-register", request_a.pk), {})
    assert_refused(response, "Choose the applicant to nominate")
    response = client.post(url("staff-request-nominate-register", request_a.pk),
                           {"register-application": "999999"})
    assert_refused(response, "Choose an applicant from the list")
    assert not Nomination.objects.exists()


# --- One vacancy: from the shortlist ------------------------------------------------------------

def test_nominating_from_the_shortlist_page(client, officer, advertised):
    request, advert, entries = advertised
    client.force_login(officer)
    page = text(client.get(url("staff-request", request.pk)))
    assert "Not verified yet" in page and advert.reference in page

    response = client.post(url("staff-request-nominate-shortlist", request.pk),
                           {"shortlist-entries": [str(entries["Q"].pk)]})
    assert_refused(response, "not verified yet")
    assert ShortlistEntry.objects.get(pk=entries["Q"].pk).status == ShortlistEntry.Status.RANKED

    verify(entries["Q"], officer)
    response = client.post(url("staff-request-nominate-shortlist", request.pk),
                           {"shortlist-entries": [str(entries["Q"].pk)]})
    assert response.status_code == 302
    assert ShortlistEntry.objects.get(pk=entries["Q"].pk).status == \
        ShortlistEntry.Status.NOMINATED


def test_the_shortlist_links_to_nominating_the_provider(client, officer, advertised):
    request, advert, _entries = advertised
    client.force_login(officer)
    page = text(client.get(reverse("lettings:staff-shortlist", args=[advert.pk])))
    assert "Nominate to Riverside Vale Housing" in page
    response = client.get(f"{url('staff-request-new')}?void={advert.void_id}&route=advertised")
    assert response.status_code == 302
    assert response["Location"] == url("staff-request", request.pk)


def test_opening_a_vacancy_from_the_page(client, officer, agreement_a, void_a):
    client.force_login(officer)
    response = client.post(url("staff-request-new"), {"void": void_a.pk})
    assert_refused(response, "Choose how the council will find a nominee")
    assert not NominationRequest.objects.exists()
    response = client.post(url("staff-request-new"), {"void": void_a.pk,
                                                      "route": "nomination_only",
                                                      "is_first_let": "no"})
    assert response.status_code == 302
    assert NominationRequest.objects.get().route == "nomination_only"


# --- Returning, and answering a rejection -------------------------------------------------------

def test_returning_needs_a_reason(client, officer, request_a):
    client.force_login(officer)
    response = client.post(url("staff-request-return", request_a.pk), {"return-reason": "  "})
    assert_refused(response, "Say why there is no suitable nominee")
    assert NominationRequest.objects.get(pk=request_a.pk).status == "requested"
    response = client.post(url("staff-request-return", request_a.pk),
                           {"return-reason": "Nobody needs a home with these adaptations."})
    assert response.status_code == 302
    assert NominationRequest.objects.get(pk=request_a.pk).status == "returned_to_rp"


def test_the_rejection_forms(client, officer, sent):
    rp_rejects(sent)
    client.force_login(officer)
    page = text(client.get(url("staff-nomination", sent.pk)))
    assert "Housing debt above the agreed threshold" in page and "Owes £1,200" in page

    response = client.post(url("staff-nomination-challenge", sent.pk), {"challenge-note": ""})
    assert_refused(response, "Say why the council disagrees with the rejection")
    assert Nomination.objects.get(pk=sent.pk).status == Nomination.Status.RP_REJECTED

    response = client.post(url("staff-nomination-accept-rejection", sent.pk),
                           {"accept-note": "Confirmed with the rent account."})
    assert response.status_code == 302
    assert Nomination.objects.get(pk=sent.pk).status == Nomination.Status.REJECTION_UPHELD
    # Answered: a second go is refused with the page's error summary.
    response = client.post(url("staff-nomination-challenge", sent.pk),
                           {"challenge-note": "Please look again."})
    assert_refused(response, "Only a rejection waiting for the council can be challenged.")


def test_a_provider_cannot_see_another_way_in(client, provider_user_b, sent):
    client.force_login(provider_user_b)
    assert client.get(url("staff-nomination", sent.pk)).status_code == 403


# --- Agreements ---------------------------------------------------------------------------------

def _agreement_post(**overrides: Any) -> dict[str, Any]:
    data = {"name": "Riverside Vale 2026", "effective_from_0": "1", "effective_from_1": "4",
            "effective_from_2": "2026", "first_let_share_pct": "100", "relet_share_pct": "75",
            "nominees_per_vacancy": "1", "rejection_reasons": "arrears: Rent arrears\n"
                                                              "asb: Anti-social behaviour",
            "rp_decision_working_days": "7", "scope_areas": "bf1, BF2"}
    data.update(overrides)
    return data


def test_a_manager_changes_an_agreement(client, manager, agreement_a):
    client.force_login(manager)
    page = text(client.get(url("staff-agreement-edit", agreement_a.pk)))
    assert "arrears: Housing debt above the agreed threshold" in page
    response = client.post(url("staff-agreement-edit", agreement_a.pk), _agreement_post())
    assert response.status_code == 302
    agreement_a.refresh_from_db()
    assert (agreement_a.relet_share_pct, agreement_a.rp_decision_working_days) == (75, 7)
    assert agreement_a.rejection_reasons == [{"code": "arrears", "label": "Rent arrears"},
                                             {"code": "asb", "label": "Anti-social behaviour"}]
    assert agreement_a.scope_areas == ["BF1", "BF2"]


def test_bad_agreement_input_changes_nothing(client, manager, agreement_a):
    client.force_login(manager)
    response = client.post(url("staff-agreement-edit", agreement_a.pk), _agreement_post(
        relet_share_pct="120", rejection_reasons="arrears Rent arrears"))
    assert_refused(response, "Share of re-lets must be 100 or less",
                   "Line 1 must be a code, a colon and a label")
    agreement_a.refresh_from_db()
    assert agreement_a.relet_share_pct == 50
    response = client.post(url("staff-agreement-edit", agreement_a.pk), _agreement_post(
        effective_to_0="1", effective_to_1="1", effective_to_2="2020"))
    assert response.status_code == 400
    assert NominationAgreement.objects.get(pk=agreement_a.pk).name != "Riverside Vale 2026"


def test_a_manager_adds_an_agreement(client, manager, provider_b):
    client.force_login(manager)
    response = client.post(url("staff-agreement-new"), _agreement_post(provider=provider_b.pk))
    assert response.status_code == 302
    assert NominationAgreement.objects.get().provider == provider_b


# --- Monitoring ---------------------------------------------------------------------------------

def test_monitoring_page(client, manager, sent):
    client.force_login(manager)
    page = text(client.get(url("staff-monitoring")))
    assert "Riverside Vale Housing" in page and "Nominations made 1" in page
    response = client.get(url("staff-monitoring"), {"start_0": "31", "start_1": "2",
                                                    "start_2": "2026"})
    assert_refused(response, "From must be a real date")
