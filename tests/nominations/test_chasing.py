"""The SLA chaser (DOMAIN.md §4.13, §5.4 steps 5 and 7): reminders the working day before and
on breach, to the provider and the council, each sent once however often it runs; a vacancy
nobody was nominated for in time goes back to the provider; an undecided nomination is chased,
never lapsed. And the monitoring figures (§7.5) against a small hand-built set."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from housing.celery import app as celery_app
from lettings.models import Void
from nominations.models import Nomination, NominationRequest
from nominations.selectors import nominations_monitoring
from nominations.services.chasing import nominations_chase_due
from nominations.services.council import nominate_from_register
from tests.factories import PropertyFactory, VoidFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MONDAY = dt.datetime(2025, 6, 2, 10, 0, tzinfo=LONDON)
TUESDAY = dt.date(2025, 6, 3)
WEDNESDAY = MONDAY + dt.timedelta(days=2)


@pytest.fixture(autouse=True)
def _addresses(provider_a: Any) -> Any:
    provider_a.contact_email = "lettings@riverside-vale.example.org"
    provider_a.save()
    with override_settings(COUNCIL_CONTACT_EMAIL="nominations@council.example.gov.uk"):
        yield


def _due(request: NominationRequest, day: dt.date) -> NominationRequest:
    NominationRequest.objects.filter(pk=request.pk).update(nominate_by=day)
    return NominationRequest.objects.get(pk=request.pk)


def _state() -> list[tuple[Any, ...]]:
    return list(NominationRequest.objects.order_by("pk")
                .values_list("status", "chased_at", "nominate_by"))


def test_due_tomorrow_is_sent_once_to_the_provider_and_the_council(request_a, mailoutbox):
    _due(request_a, TUESDAY)

    first = nominations_chase_due(now=MONDAY)

    assert first.nominate_due_soon == 1 and first.emails == 1
    [mail] = mailoutbox
    assert mail.subject == f"Nomination due tomorrow: {request_a.reference}"
    assert set(mail.to) == {"lettings@riverside-vale.example.org",
                            "nominations@council.example.gov.uk"}
    state = _state()

    second = nominations_chase_due(now=MONDAY + dt.timedelta(minutes=15))

    assert second.emails == 0 and len(mailoutbox) == 1
    assert _state() == state


def test_a_vacancy_past_its_date_goes_back_to_the_provider_once(request_a, mailoutbox):
    _due(request_a, TUESDAY)
    assert Void.objects.get(pk=request_a.void_id).status == Void.Status.NOMINATION_REQUESTED

    counts = nominations_chase_due(now=WEDNESDAY)

    request = NominationRequest.objects.get(pk=request_a.pk)
    assert counts.lapsed == 1
    assert request.status == NominationRequest.Status.RETURNED_TO_RP
    assert request.closed_reason.startswith("SLA lapsed")
    assert Void.objects.get(pk=request_a.void_id).status == Void.Status.READY_TO_LET
    assert [m.subject for m in mailoutbox] == [
        f"Nomination SLA lapsed: {request_a.reference} returned to Riverside Vale Housing"]
    state = _state()

    again = nominations_chase_due(now=WEDNESDAY + dt.timedelta(hours=1))

    assert (again.lapsed, again.emails, len(mailoutbox)) == (0, 0, 1)
    assert _state() == state


def test_nothing_is_due_yet(request_a, mailoutbox):
    _due(request_a, dt.date(2025, 6, 6))
    counts = nominations_chase_due(now=MONDAY)
    assert counts.emails == 0 and not mailoutbox
    assert NominationRequest.objects.get(pk=request_a.pk).chased_at == {}


def test_an_undecided_nomination_is_chased_not_lapsed(request_a, make_bidder, officer,
                                                      mailoutbox):
    nomination = nominate_from_register(request=request_a, application=make_bidder(band="A"),
                                        actor=officer)
    Nomination.objects.filter(pk=nomination.pk).update(decide_by=TUESDAY)
    mailoutbox.clear()

    nominations_chase_due(now=MONDAY)
    nominations_chase_due(now=MONDAY + dt.timedelta(minutes=15))

    [soon] = mailoutbox
    assert soon.subject.startswith("Nomination decision due tomorrow")
    assert nomination.application.reference in soon.subject
    assert officer.email in soon.to and "lettings@riverside-vale.example.org" in soon.to
    # Data minimisation: the reference, never the applicant's name.
    lead = nomination.application.members.get(role="lead")
    assert lead.last_name not in soon.body

    counts = nominations_chase_due(now=WEDNESDAY)
    nominations_chase_due(now=WEDNESDAY + dt.timedelta(minutes=15))

    assert counts.decide_overdue == 1
    assert [m.subject.split(":")[0] for m in mailoutbox] == [
        "Nomination decision due tomorrow", "Nomination decision overdue"]
    assert Nomination.objects.get(pk=nomination.pk).status == Nomination.Status.SENT
    request = NominationRequest.objects.get(pk=request_a.pk)
    assert request.status == NominationRequest.Status.NOMINATED
    assert set(request.chased_at) == {f"decide:{nomination.pk}:due_soon",
                                      f"decide:{nomination.pk}:overdue"}


def test_a_new_date_after_a_rejection_gets_its_own_reminder(request_a, mailoutbox):
    _due(request_a, TUESDAY)
    nominations_chase_due(now=MONDAY)
    _due(request_a, dt.date(2025, 6, 10))  # renominate by next Tuesday
    nominations_chase_due(now=MONDAY + dt.timedelta(days=7))
    assert len(mailoutbox) == 2


def test_the_beat_schedule_and_the_command(request_a, mailoutbox, capsys):
    entry = celery_app.conf.beat_schedule[
        "nominations: chase SLAs and return lapsed vacancies to providers"]
    assert entry["task"] == "nominations.tasks.nominations_chase_due"
    call_command("nominations_chase")
    assert "lapsed=0" in capsys.readouterr().out


# --- Monitoring (§7.5) --------------------------------------------------------------------------

def test_monitoring_figures_for_a_small_hand_built_set(agreement_a, agreement_b, provider_a,
                                                       provider_b, make_bidder, officer,
                                                       manager):
    today = timezone.localdate()
    now = timezone.now()
    start, end = today - dt.timedelta(days=30), today

    def vacancy(n: int, *, received: dt.datetime = now, status: str = "requested",
                reason: str = "tenant_notice", let: bool = False,
                provider: Any = provider_a, agreement: Any = agreement_a) -> NominationRequest:
        void = VoidFactory(property=PropertyFactory(landlord=provider), reason_vacant=reason,
                           status="let" if let else "ready_to_let",
                           let_date=today - dt.timedelta(days=2) if let else None)
        return NominationRequest.objects.create(
            reference=f"NR-T{n}", agreement=agreement, provider=provider,
            property=void.property, void=void, received_at=received, nominate_by=today,
            status=status, closed_at=now if status in ("let", "returned_to_rp") else None)

    def nominate(request: NominationRequest, *, status: str, within: bool = True,
                 decided_within: bool | None = True, code: str = "",
                 challenged: bool = False) -> Nomination:
        return Nomination.objects.create(
            request=request, application=make_bidder(), status=status, sent_at=now,
            sent_by=officer, sent_within_sla=within, decide_by=today,
            decided_at=now if decided_within is not None else None,
            decided_within_sla=decided_within, rejection_reason_code=code,
            rejection_reason_text="Reasons given" if code else "",
            challenged_at=now if challenged else None,
            challenged_by=officer if challenged else None)

    # Re-let, let through a nomination accepted in time.
    nominate(vacancy(1, status="let", let=True), status="let")
    # Rejected late for arrears, challenged, upheld; then a second nominee still with them.
    second = vacancy(2, status="nominated")
    nominate(second, status="rejection_upheld", within=False, decided_within=False,
             code="arrears", challenged=True)
    nominate(second, status="sent", decided_within=None)
    # Rejected in time for affordability, the challenge overturned (accepted).
    nominate(vacancy(3, status="nominated"), status="accepted", code="affordability",
             challenged=True)
    # Returned to the provider; and a first let through a nomination.
    vacancy(4, status="returned_to_rp")
    vacancy(5, status="let", reason="new_build", let=True)
    # Lets of the provider's homes not through a nomination: a re-let.
    VoidFactory(property=PropertyFactory(landlord=provider_a), status="let",
                let_date=today - dt.timedelta(days=3))
    # Outside the period, and another provider's: not counted for A.
    vacancy(6, received=now - dt.timedelta(days=90))
    nominate(vacancy(7, provider=provider_b, agreement=agreement_b), status="sent",
             decided_within=None)

    [b, a] = nominations_monitoring(user=manager, start=start, end=end)  # by provider name

    assert a.agreement == agreement_a and b.agreement == agreement_b
    assert (a.vacancies, a.returned_to_rp) == (5, 1)
    assert (a.nominations, a.nominated_in_sla, a.nominated_in_sla_pct) == (4, 3, 75)
    assert (a.decisions, a.decided_in_sla, a.decided_in_sla_pct) == (3, 2, 67)
    assert (a.accepted, a.rejected) == (1, 2)
    assert sorted(a.reasons) == sorted([
        ("Housing debt above the agreed threshold without a kept arrangement", 1),
        ("Cannot afford the rent and charges after an affordability check", 1)])
    assert (a.challenges, a.challenges_upheld, a.challenges_overturned) == (2, 1, 1)
    assert (a.relets.lets, a.relets.via_nomination, a.relets.pct, a.relets.agreed_pct) == (
        2, 1, 50, 50)
    assert (a.first_lets.lets, a.first_lets.via_nomination, a.first_lets.pct) == (1, 1, 100)
    assert not a.relets.below_agreed
    assert (b.vacancies, b.nominations, b.decisions) == (1, 1, 0)
    # A provider's user sees only their own agreement's figures.
    from tests.factories import UserFactory
    user_b = UserFactory(username="rp-b-monitor", role="provider", organisation=provider_b)
    assert [row.agreement for row in nominations_monitoring(user=user_b, start=start,
                                                            end=end)] == [agreement_b]
