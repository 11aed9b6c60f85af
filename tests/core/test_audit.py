"""The readable case timeline built from django-simple-history (housing/core/audit.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from housing.core.audit import Change, save_with_reason, timeline
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _rename(org, names: list[str], who=None) -> None:  # type: ignore[no-untyped-def]
    for name in names:
        org.name = name
        if who is not None:
            org._history_user = who
        save_with_reason(org, reason=f"Renamed to {name}")


def test_timeline_lists_creation_and_changes_newest_first_with_reasons(officer):
    org = OrganisationFactory(name="Riverside Housing", code="RIV")
    _rename(org, ["Riverside Vale Housing", "Riverside Vale Homes"], who=officer)

    entries = timeline(org.history.all())

    assert [e.action for e in entries] == ["Changed", "Changed", "Created"]
    assert [e.why for e in entries] == ["Renamed to Riverside Vale Homes",
                                        "Renamed to Riverside Vale Housing", ""]
    assert entries[0].changes == [Change("Name", "Riverside Vale Housing",
                                         "Riverside Vale Homes")]
    assert entries[1].changes == [Change("Name", "Riverside Housing", "Riverside Vale Housing")]
    assert entries[2].changes == []
    assert entries[0].when >= entries[1].when >= entries[2].when
    assert entries[0].who == officer.get_full_name()
    assert entries[2].who == "System"
    assert entries[0].subject == "organisation Riverside Vale Homes"


def test_timeline_hides_timestamps_and_shows_blank_and_boolean_values_readably():
    org = OrganisationFactory(name="Northgate", code="NG1")
    org.contact_email = "lettings@example.org"
    org.is_active = False
    save_with_reason(org, reason="Closed to new nominations")

    changes = {c.field: c for c in timeline(org.history.all())[0].changes}
    assert set(changes) == {"Contact email", "Is active"}
    assert changes["Contact email"] == Change("Contact email", "(blank)", "lettings@example.org")
    assert changes["Is active"] == Change("Is active", "Yes", "No")


def test_save_with_reason_can_limit_the_fields_saved():
    org = OrganisationFactory(name="Before", code="LIM")
    org.name = "After"
    save_with_reason(org, reason="Typo", update_fields=["name"])
    org.refresh_from_db()
    assert org.name == "After"
    assert org.history.first().history_change_reason == "Typo"


def test_timeline_merges_several_histories_newest_first():
    first = OrganisationFactory(name="First", code="F1")
    second = OrganisationFactory(name="Second", code="S2")
    _rename(first, ["First renamed"])

    entries = timeline(first.history.all(), second.history.all())

    assert [e.subject for e in entries] == ["organisation First renamed",
                                            "organisation Second", "organisation First"]


def _queries_for_timeline(code: str, changes: int, who) -> int:  # type: ignore[no-untyped-def]
    org = OrganisationFactory(name="Start", code=code)
    _rename(org, [f"Name {n}" for n in range(changes)], who=who)
    with CaptureQueriesContext(connection) as ctx:
        entries = timeline(org.history.all())
    assert len(entries) == changes + 1
    return len(ctx.captured_queries)


def test_timeline_query_count_does_not_grow_with_history(officer, manager):
    two = _queries_for_timeline("Q2", 2, officer)
    ten = _queries_for_timeline("Q10", 10, manager)
    assert ten == two
    assert two <= 2
