"""Housing-related debt records (DOMAIN.md §3.16, §4.10): the services' validation, the debt
rule applied through them (threshold, look-back, domestic abuse exclusion, kept arrangement),
and the officer's debts pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, DebtRecord
from applications.priority import debt_assessment
from applications.services.debts import debt_record_add, debt_record_clear, debt_record_update
from housing.core.exceptions import ApplicationError, ConflictError
from housing.scheme.selectors import scheme_in_force
from tests.factories import ApplicationFactory, HouseholdMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def lead(application: Application) -> Any:
    return application.members.get(role="lead")


def debt_data(application: Application, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "member": lead(application).pk, "creditor": "council", "type": "rent_arrears",
        "amount": Decimal("300.00"), "as_of": TODAY() - dt.timedelta(days=3),
        "accrued_date": TODAY() - dt.timedelta(days=200),
    }
    data.update(overrides)
    return data


def add(application: Application, actor: Any, **overrides: Any) -> DebtRecord:
    return debt_record_add(application=application, actor=actor,
                           data=debt_data(application, **overrides))


def result(application: Application) -> Any:
    return debt_assessment(application, scheme_in_force())


def months_ago(months: int) -> dt.date:
    return TODAY() - dt.timedelta(days=round(months * 30.5) + 2)


# --- Validation --------------------------------------------------------------------------------

def test_a_debt_is_recorded_with_who_recorded_it(qualified_case, officer):
    debt = add(qualified_case, officer, creditor_name="Brackenfield Homes")
    assert debt.recorded_by == officer and debt.application == qualified_case
    assert debt.history.first().history_change_reason == "Debt recorded"


@pytest.mark.parametrize("overrides, field", [
    ({"amount": Decimal("-1")}, "amount"),
    ({"amount": None}, "amount"),
    ({"as_of": None}, "as_of"),
    ({"as_of": TODAY() + dt.timedelta(days=1)}, "as_of"),
    ({"accrued_date": TODAY() + dt.timedelta(days=1)}, "accrued_date"),
    ({"accrued_date": TODAY() - dt.timedelta(days=1),
      "as_of": TODAY() - dt.timedelta(days=5)}, "accrued_date"),
    ({"arrangement_frequency": "weekly"}, "arrangement_amount"),
    ({"arrangement_frequency": "weekly", "arrangement_amount": Decimal("10")},
     "arrangement_start"),
    ({"arrangement_frequency": "weekly", "arrangement_amount": Decimal("0"),
      "arrangement_start": TODAY()}, "arrangement_amount"),
    ({"arrangement_amount": Decimal("10")}, "arrangement_frequency"),
    ({"arrangement_frequency": "weekly", "arrangement_amount": Decimal("10"),
      "arrangement_start": TODAY() + dt.timedelta(days=2)}, "arrangement_start"),
    ({"arrangement_frequency": "weekly", "arrangement_amount": Decimal("10"),
      "arrangement_start": TODAY() - dt.timedelta(days=10),
      "arrangement_kept_since": TODAY() - dt.timedelta(days=20)}, "arrangement_kept_since"),
    ({"creditor": "bank"}, "creditor"),
    ({"type": "council_tax"}, "type"),
    ({"member": None}, "member"),
    ({"weekly_rent_reference": Decimal("0")}, "weekly_rent_reference"),
])
def test_bad_facts_are_refused_with_a_field_error(qualified_case, officer, overrides, field):
    with pytest.raises(ApplicationError) as caught:
        add(qualified_case, officer, **overrides)
    assert field in caught.value.errors, caught.value.errors
    assert not DebtRecord.objects.exists()


def test_the_person_must_be_on_this_application(qualified_case, officer):
    stranger = HouseholdMemberFactory(application=ApplicationFactory(), role="joint")
    with pytest.raises(ApplicationError) as caught:
        add(qualified_case, officer, member=stranger.pk)
    assert caught.value.errors == {"member": ["Choose someone on this application"]}
    assert not DebtRecord.objects.exists()


def test_only_caseworkers_record_debts(qualified_case, applicant, adviser):
    for user in (applicant, adviser):
        with pytest.raises(ApplicationError):
            add(qualified_case, user)
    assert not DebtRecord.objects.exists()


def test_a_debt_is_corrected_and_then_cleared(qualified_case, officer):
    debt = add(qualified_case, officer)
    debt = debt_record_update(debt=debt, actor=officer,
                              data=debt_data(qualified_case, amount=Decimal("120.50")))
    assert debt.amount == Decimal("120.50")
    debt = debt_record_clear(debt=debt, actor=officer, note="Paid in full")
    assert debt.cleared_at == TODAY() and "Paid in full" in debt.notes
    with pytest.raises(ConflictError):
        debt_record_clear(debt=debt, actor=officer)
    with pytest.raises(ConflictError):
        debt_record_update(debt=debt, actor=officer, data=debt_data(qualified_case))


def test_a_debt_cannot_be_cleared_in_the_future_or_before_it_was_confirmed(qualified_case,
                                                                         officer):
    debt = add(qualified_case, officer)
    for day in (TODAY() + dt.timedelta(days=1), debt.as_of - dt.timedelta(days=1)):
        with pytest.raises(ApplicationError) as caught:
            debt_record_clear(debt=debt, actor=officer, cleared_on=day)
        assert "cleared_on" in caught.value.errors
    debt.refresh_from_db()
    assert debt.cleared_at is None


# --- The debt rule through the service (§4.10) -------------------------------------------------

def test_debt_over_the_threshold_without_an_arrangement_blocks(qualified_case, officer):
    add(qualified_case, officer, amount=Decimal("400"))
    assert result(qualified_case).blocks is False
    add(qualified_case, officer, amount=Decimal("100"), type="court_costs")
    outcome = result(qualified_case)
    assert outcome.qualifying_debt == Decimal("500") and outcome.blocks is False  # not more
    add(qualified_case, officer, amount=Decimal("0.01"), type="rechargeable_repairs")
    outcome = result(qualified_case)
    assert outcome.over_threshold and outcome.blocks
    assert outcome.threshold == Decimal("500")
    assert any("repayment arrangement" in line for line in outcome.what_would_lift)


def test_debts_that_are_not_housing_debts_do_not_count(qualified_case, officer):
    debt = add(qualified_case, officer, amount=Decimal("900"), type="other")
    outcome = result(qualified_case)
    assert outcome.blocks is False and dict(outcome.excluded)[debt.pk].startswith("The other")


def test_debts_older_than_the_look_back_do_not_count(qualified_case, officer):
    old = add(qualified_case, officer, amount=Decimal("2000"),
              accrued_date=TODAY().replace(year=TODAY().year - 7))
    outcome = result(qualified_case)
    assert outcome.qualifying_debt == 0 and not outcome.blocks
    assert "more than 6 years ago" in dict(outcome.excluded)[old.pk]


def test_debts_caused_by_domestic_abuse_or_benefit_delays_do_not_count(qualified_case,
                                                                       officer):
    abuse = add(qualified_case, officer, amount=Decimal("1500"), domestic_abuse_related=True)
    delay = add(qualified_case, officer, amount=Decimal("800"), benefit_delay_related=True)
    outcome = result(qualified_case)
    assert outcome.qualifying_debt == 0 and not outcome.blocks
    excluded = dict(outcome.excluded)
    assert "domestic abuse" in excluded[abuse.pk] and "benefit delays" in excluded[delay.pk]


def test_debts_owed_by_someone_who_will_not_be_a_tenant_do_not_count(qualified_case, officer):
    child = HouseholdMemberFactory(application=qualified_case, role="child")
    add(qualified_case, officer, amount=Decimal("900"), member=child.pk)
    assert result(qualified_case).blocks is False


def test_an_arrangement_kept_long_enough_lifts_the_block(qualified_case, officer):
    arrangement = {"arrangement_frequency": "weekly", "arrangement_amount": Decimal("10"),
                   "arrangement_start": months_ago(8)}
    debt = add(qualified_case, officer, amount=Decimal("900"), **arrangement,
               arrangement_kept_since=months_ago(3))
    assert result(qualified_case).blocks  # kept for 3 months: not long enough
    debt_record_update(debt=debt, actor=officer, data=debt_data(
        qualified_case, amount=Decimal("900"), **arrangement,
        arrangement_kept_since=months_ago(7)))
    outcome = result(qualified_case)
    assert outcome.over_threshold and outcome.arrangement_kept and not outcome.blocks


def test_a_cleared_debt_no_longer_counts(qualified_case, officer):
    debt = add(qualified_case, officer, amount=Decimal("900"))
    assert result(qualified_case).blocks
    debt_record_clear(debt=debt, actor=officer)
    assert result(qualified_case).blocks is False


# --- The pages -------------------------------------------------------------------------------

def page(application: Application, name: str = "staff-debts", *args: Any) -> str:
    return reverse(f"applications:{name}", args=[application.reference, *args])


def form_post(application: Application, **overrides: Any) -> dict[str, Any]:
    as_of = TODAY() - dt.timedelta(days=3)
    data = {"debt-member": str(lead(application).pk), "debt-creditor": "council",
            "debt-type": "rent_arrears", "debt-amount": "650.00",
            "debt-as_of_0": str(as_of.day), "debt-as_of_1": str(as_of.month),
            "debt-as_of_2": str(as_of.year), "debt-arrangement_frequency": ""}
    data.update(overrides)
    return data


def test_the_debts_page_lists_debts_and_what_the_scheme_makes_of_them(client, officer,
                                                                     qualified_case):
    add(qualified_case, officer, amount=Decimal("900"))
    add(qualified_case, officer, amount=Decimal("200"), domestic_abuse_related=True)
    client.force_login(officer)
    response = client.get(page(qualified_case))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The debt stands in the way" in html
    assert "£900.00" in html and "£500.00" in html
    assert "was caused by domestic abuse" in html
    assert "What would lift it" in html


def test_an_officer_records_a_debt_on_the_page(client, officer, qualified_case):
    client.force_login(officer)
    response = client.post(page(qualified_case), form_post(qualified_case), follow=True)
    assert "Rent arrears of £650.00 recorded" in response.content.decode()
    debt = DebtRecord.objects.get()
    assert (debt.amount, debt.recorded_by) == (Decimal("650.00"), officer)


@pytest.mark.parametrize("overrides, message", [
    ({"debt-amount": "-5"}, "The amount owed must be £0 or more"),
    ({"debt-amount": "lots"}, "The amount owed must be an amount of money"),
    ({"debt-member": "999999"}, "Choose someone on this application"),
    ({"debt-arrangement_frequency": "weekly"}, "Enter the amount paid under the arrangement"),
    ({"debt-as_of_2": str(TODAY().year + 1)}, "must be today or in the past"),
    ({"debt-as_of_0": "31", "debt-as_of_1": "2", "debt-as_of_2": "2024"},
     "Date the amount was confirmed must be a real date"),
])
def test_bad_input_on_the_page_is_a_400_and_records_nothing(client, officer, qualified_case,
                                                           overrides, message):
    client.force_login(officer)
    response = client.post(page(qualified_case), form_post(qualified_case, **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert not DebtRecord.objects.exists()


def test_an_officer_corrects_and_clears_a_debt_on_the_pages(client, officer, qualified_case):
    debt = add(qualified_case, officer, amount=Decimal("900"))
    client.force_login(officer)
    edit = page(qualified_case, "staff-debt-edit", debt.pk)
    assert client.get(edit).status_code == 200
    bad = client.post(edit, form_post(qualified_case, **{"debt-amount": "-1"}))
    assert bad.status_code == 400
    debt.refresh_from_db()
    assert debt.amount == Decimal("900")
    response = client.post(edit, form_post(qualified_case, **{"debt-amount": "450"}))
    assert response.status_code == 302
    debt.refresh_from_db()
    assert debt.amount == Decimal("450")

    clear = page(qualified_case, "staff-debt-clear", debt.pk)
    future = TODAY() + dt.timedelta(days=3)
    bad = client.post(clear, {f"clear-{debt.pk}-cleared_on_0": str(future.day),
                              f"clear-{debt.pk}-cleared_on_1": str(future.month),
                              f"clear-{debt.pk}-cleared_on_2": str(future.year)})
    assert bad.status_code == 400 and "today or in the past" in bad.content.decode()
    response = client.post(clear, {f"clear-{debt.pk}-note": "Paid"}, follow=True)
    assert "marked as cleared" in response.content.decode()
    debt.refresh_from_db()
    assert debt.cleared_at == TODAY()


def test_a_debt_on_another_application_is_not_found(client, officer, qualified_case):
    other = ApplicationFactory()
    debt = add(other, officer)
    client.force_login(officer)
    assert client.get(page(qualified_case, "staff-debt-edit", debt.pk)).status_code == 404
    assert client.post(page(qualified_case, "staff-debt-clear", debt.pk)).status_code == 404
    debt.refresh_from_db()
    assert debt.cleared_at is None


def test_the_debts_pages_are_for_caseworkers_only(client, qualified_case, officer):
    debt = add(qualified_case, officer)
    client.force_login(UserFactory(role="applicant"))
    assert client.get(page(qualified_case)).status_code == 403
    assert client.post(page(qualified_case, "staff-debt-clear", debt.pk)).status_code == 403
    debt.refresh_from_db()
    assert debt.cleared_at is None
