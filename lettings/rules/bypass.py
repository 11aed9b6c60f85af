"""Bypass reasons and verification checks for working a shortlist (DOMAIN.md §4.7, §5.2 step
6). Every bypass needs a reason code and a note; some need a manager's approval."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BypassReason:
    code: str
    label: str
    needs_approval: bool = False


BYPASS_REASONS: tuple[BypassReason, ...] = (
    BypassReason("NOT_MEETING_ADVERT_CRITERIA", "Does not meet the advert's criteria"),
    BypassReason("NO_LONGER_ELIGIBLE", "No longer eligible"),
    BypassReason("NO_LONGER_QUALIFIES", "No longer qualifies"),
    BypassReason("HOUSEHOLD_CHANGED_SIZE", "Household has changed size"),
    BypassReason("ARREARS_OVER_THRESHOLD_NO_APPROVAL",
                 "Housing debt over the threshold with no arrangement kept and no approval"),
    BypassReason("UNVERIFIED_CIRCUMSTANCES", "Circumstances could not be verified"),
    BypassReason("UNDER_OFFER_ELSEWHERE", "Under offer for another home"),
    BypassReason("NO_CONTACT_WITHIN_DEADLINE", "No contact within the deadline"),
    BypassReason("LLP_CRITERIA_NOT_MET", "Does not meet the local lettings plan"),
    BypassReason("SENSITIVE_LET_RISK", "Sensitive let: a risk in this location",
                 needs_approval=True),
    BypassReason("PROPERTY_UNSUITABLE_FOR_ASSESSED_NEEDS",
                 "The home is unsuitable for their assessed needs"),
    BypassReason("RP_REJECTED", "Rejected by the housing association"),
    BypassReason("APPLICANT_WITHDREW", "The applicant withdrew"),
    BypassReason("SUSPENDED", "Bidding suspended"),
    BypassReason("OTHER_DISCRETIONARY", "Another reason (discretionary)", needs_approval=True),
)
BYPASS_BY_CODE = {reason.code: reason for reason in BYPASS_REASONS}

# Verification before an offer (§5.2 step 6). The officer's page warns until every check has
# passed; making the offer stays the officer's judgement (the bid itself is re-checked then).
CHECKS: tuple[tuple[str, str], ...] = (
    ("identity", "Identity of every adult who will be a tenant"),
    ("eligibility", "Eligibility checked again"),
    ("household", "Household unchanged since the assessment"),
    ("debt", "Housing debt checked against the debt policy"),
    ("readiness", "Ready to move (notice, pre-tenancy readiness)"),
)
CHECK_CODES = tuple(code for code, _label in CHECKS)
