"""Band awards: confirm, override, approval (maker–checker), supersession and dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError
from django.utils import timezone

from applications.models import BandAward
from applications.priority import assessment_for
from applications.services.banding import award_confirm, award_withdraw
from housing.approvals.models import ApprovalRequest
from housing.approvals.services import approval_decide
from housing.core.exceptions import ApplicationError, ConflictError
from housing.letters.models import Letter
from housing.scheme.selectors import scheme_in_force

pytestmark = pytest.mark.django_db


def _letters(application, code):  # type: ignore[no-untyped-def]
    return Letter.objects.filter(subject_id=str(application.pk), template__code=code).count()


def test_the_rules_suggest_reasons_from_the_facts(qualified_case):
    assessment = assessment_for(qualified_case, scheme=scheme_in_force())
    assert [code for code, _ in assessment.suggested] == ["C2"]
    assert assessment.band == "C"
    assert "You need 2 bedrooms and have 1." in assessment.suggested[0][1]
    assert not assessment.needs_approval


def test_confirming_a_band_puts_the_application_on_the_register_with_l6(qualified_case,
                                                                          officer):
    award = award_confirm(application=qualified_case, actor=officer, reason_codes=["C2"])
    qualified_case.refresh_from_db()
    assert award.status == BandAward.Status.CURRENT
    assert (qualified_case.status, qualified_case.band) == ("active", "C")
    assert qualified_case.registration_date == timezone.localdate()
    # Band C dates from the application (DOMAIN §4.4.4 rule 1).
    assert qualified_case.effective_date == dt.date(2026, 1, 10)
    assert award.date_rule_applied == "backdated"
    assert award.local_connection == "Local connection through residence"
    assert award.decision_letter is not None
    assert _letters(qualified_case, "accepted") == 1


def test_a_band_a_award_waits_for_a_manager_and_the_maker_cannot_approve(qualified_case,
                                                                          manager,
                                                                          second_manager):
    award = award_confirm(application=qualified_case, actor=manager, reason_codes=["A1"],
                          justification="Hospital discharge blocked by stairs.")
    assert award.status == BandAward.Status.PROPOSED
    approval = ApprovalRequest.objects.get()
    assert approval.type == "band_a_award" and approval.case_reference == qualified_case.reference
    with pytest.raises(ApplicationError, match="another manager must decide"):
        approval_decide(approval=approval, actor=manager, decision="approve", reason="Fine")
    qualified_case.refresh_from_db()
    assert qualified_case.status == "under_assessment"
    approval_decide(approval=approval, actor=second_manager, decision="approve",
                    reason="Evidence from the ward is clear.")
    award.refresh_from_db()
    qualified_case.refresh_from_db()
    assert award.status == "current" and award.approved_by == second_manager
    assert (qualified_case.status, qualified_case.band) == ("active", "A")
    # Band A dates from the day the need was accepted.
    assert award.effective_date == timezone.localdate()
    assert _letters(qualified_case, "accepted") == 1


def test_the_database_refuses_a_self_approval(qualified_case, manager):
    award_confirm(application=qualified_case, actor=manager, reason_codes=["A1"],
                  justification="Urgent.")
    approval = ApprovalRequest.objects.get()
    with pytest.raises(IntegrityError):
        ApprovalRequest.objects.filter(pk=approval.pk).update(
            status="approved", decided_by=manager, decided_at=timezone.now())


def test_a_rejected_award_goes_back_to_the_officer(qualified_case, officer, manager):
    award = award_confirm(application=qualified_case, actor=officer, reason_codes=["A1"],
                          justification="Urgent.")
    approval_decide(approval=ApprovalRequest.objects.get(), actor=manager, decision="reject",
                    reason="Not urgent: the GP letter says stable.")
    award.refresh_from_db()
    assert award.status == "rejected" and "stable" in award.end_reason
    # The officer can now assess again.
    again = award_confirm(application=qualified_case, actor=officer, reason_codes=["C4"])
    assert again.status == "current"


def test_an_award_waiting_for_approval_blocks_another_until_withdrawn(qualified_case, officer):
    award = award_confirm(application=qualified_case, actor=officer, reason_codes=["A1"],
                          justification="Urgent.")
    with pytest.raises(ConflictError):
        award_confirm(application=qualified_case, actor=officer, reason_codes=["C2"])
    award_withdraw(award=award, actor=officer)
    award.refresh_from_db()
    assert award.status == "withdrawn"
    assert ApprovalRequest.objects.get().status == "withdrawn"
    assert award_confirm(application=qualified_case, actor=officer,
                         reason_codes=["C2"]).status == "current"


def test_an_override_needs_a_reason_and_an_upward_override_needs_approval(qualified_case,
                                                                         officer):
    with pytest.raises(ApplicationError) as exc:
        award_confirm(application=qualified_case, actor=officer, reason_codes=["C2"],
                      override_band="B")
    assert "override_reason" in exc.value.errors
    assert not BandAward.objects.exists()
    award = award_confirm(application=qualified_case, actor=officer, reason_codes=["C2"],
                          override_band="B", override_reason="Three children share one room.")
    assert award.status == "proposed" and award.overridden and award.proposed_band == "C"
    assert ApprovalRequest.objects.get().type == "discretionary_award"


def test_unknown_reason_codes_are_refused_and_nothing_changes(qualified_case, officer):
    with pytest.raises(ApplicationError) as exc:
        award_confirm(application=qualified_case, actor=officer, reason_codes=["Z9"])
    assert "reason_codes" in exc.value.errors
    assert not BandAward.objects.exists()


def test_a_case_not_yet_decided_cannot_be_banded(qualified_case, officer):
    type(qualified_case).objects.filter(pk=qualified_case.pk).update(qualification_outcome="")
    with pytest.raises(ConflictError):
        award_confirm(application=qualified_case, actor=officer, reason_codes=["C2"])


def test_reassessment_supersedes_the_current_award_and_sends_l7(qualified_case, officer):
    first = award_confirm(application=qualified_case, actor=officer, reason_codes=["C2"])
    second = award_confirm(application=qualified_case, actor=officer,
                           reason_codes=["C2", "C3"])
    first.refresh_from_db()
    assert first.status == "superseded" and second.replaces == first
    assert BandAward.objects.filter(application=qualified_case, status="current").count() == 1
    # Two Band C needs: cumulative uplift to B, dated from the new award.
    assert second.band == "B" and second.cumulative_uplift_applied
    assert second.effective_date == timezone.localdate()
    assert _letters(qualified_case, "reassessment") == 1


def test_two_current_awards_are_impossible(qualified_case, officer):
    award = award_confirm(application=qualified_case, actor=officer, reason_codes=["C2"])
    with pytest.raises(IntegrityError):
        BandAward.objects.create(
            application=qualified_case, status="current", scheme_version=award.scheme_version,
            band="D", band_name="Band D", proposed_band="D", award_date=award.award_date,
            effective_date=award.award_date, proposed_by=officer)


def test_a_review_correction_restores_the_date_the_applicant_should_have_had(qualified_case,
                                                                           officer,
                                                                           senior_officer):
    from applications.services.banding import award_correct

    wrong = award_confirm(application=qualified_case, actor=officer, reason_codes=["C2"])
    BandAward.objects.filter(pk=wrong.pk).update(award_date=dt.date(2026, 3, 1))
    wrong.refresh_from_db()
    corrected = award_correct(application=qualified_case, actor=senior_officer,
                              reason_codes=["B2"], restore_from=wrong,
                              reason="The medical evidence showed a high need all along.")
    qualified_case.refresh_from_db()
    assert corrected.band == "B" and corrected.date_rule_applied == "restored"
    # Had B been awarded at first, on 1 March 2026, Band B would date from then.
    assert corrected.effective_date == dt.date(2026, 3, 1)
    assert qualified_case.effective_date == dt.date(2026, 3, 1)
    wrong.refresh_from_db()
    assert wrong.status == "superseded"
    assert _letters(qualified_case, "reassessment") == 0
