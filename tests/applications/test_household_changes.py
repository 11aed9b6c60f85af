"""An officer changes the household of a live case after checking a reported change; the bedroom
need is worked out again with its reasons."""

from __future__ import annotations

import datetime as dt

import pytest

from applications.models import HouseholdMember
from tests.factories import ApplicationFactory


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month),
            f"{prefix}_2": str(day.year)}


@pytest.fixture
def live_case(officer):  # type: ignore[no-untyped-def]
    application = ApplicationFactory(status="active", bedroom_need=1)
    return application


@pytest.mark.django_db
def test_officer_adds_a_new_baby_and_the_bedroom_need_is_recalculated(client, officer,
                                                                      live_case):
    HouseholdMember.objects.create(application=live_case, role="child", first_name="Zoe",
                                   last_name="Example", sex="female",
                                   date_of_birth=dt.date(2013, 6, 1))
    client.force_login(officer)
    url = f"/staff/applications/{live_case.reference}/household/add/"
    response = client.post(url, {
        "member-add-first_name": "Leo", "member-add-last_name": "Example",
        "member-add-role": "child", "member-add-expecting": "False",
        **_date("member-add-date_of_birth", dt.date(2026, 11, 2)), "member-add-sex": "male",
        "member-add-reason": "Birth reported on 5 November; certificate seen."})
    assert response.status_code == 302, response.content.decode()[:500]
    live_case.refresh_from_db()
    assert live_case.bedroom_need == 3  # lead, Zoe (13) and baby Leo cannot share
    assert any("Leo" in reason for reason in live_case.bedroom_reasons)
    leo = live_case.members.get(first_name="Leo")
    assert "certificate seen" in leo.history.first().history_change_reason


@pytest.mark.django_db
def test_officer_removes_someone_who_left(client, officer, live_case):
    child = HouseholdMember.objects.create(application=live_case, role="child",
                                           first_name="Zoe", last_name="Example", sex="female",
                                           date_of_birth=dt.date(2013, 6, 1))
    client.force_login(officer)
    response = client.post(
        f"/staff/applications/{live_case.reference}/household/{child.pk}/remove/",
        {f"member-remove-{child.pk}-reason": "Zoe moved to live with her father."})
    assert response.status_code == 302
    live_case.refresh_from_db()
    assert live_case.bedroom_need == 1 and not live_case.members.filter(pk=child.pk).exists()


@pytest.mark.django_db
def test_a_change_without_a_reason_is_refused_and_changes_nothing(client, officer, live_case):
    client.force_login(officer)
    response = client.post(f"/staff/applications/{live_case.reference}/household/add/", {
        "member-add-first_name": "Leo", "member-add-last_name": "Example",
        "member-add-role": "child", "member-add-expecting": "False",
        **_date("member-add-date_of_birth", dt.date(2026, 11, 2)), "member-add-sex": "male"})
    assert response.status_code == 400
    assert b"Enter the reason for the change" in response.content
    assert live_case.members.count() == 1


@pytest.mark.django_db
def test_the_lead_cannot_be_removed_and_closed_cases_cannot_change(client, officer):
    closed = ApplicationFactory(status="closed")
    lead = closed.members.get(role="lead")
    client.force_login(officer)
    response = client.post(f"/staff/applications/{closed.reference}/household/{lead.pk}/remove/",
                           {f"member-remove-{lead.pk}-reason": "test"})
    assert response.status_code == 400
    assert closed.members.filter(pk=lead.pk).exists()
