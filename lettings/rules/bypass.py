"""Bypass reasons and verification checks for working a shortlist (DOMAIN.md §4.7, §5.2 step
6). Every bypass needs a reason code and a note; some need a manager's approval."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BypassReason:
    code: str
    label: str
    needs_approval: bool = False
    how_to_fix: str = ""  # what the bidder can do, for the bypass notice (L16)
    # Whether the bidder gets a bypass notice (L16) when the scheme sends them: not when they
    # withdrew themselves or are housed elsewhere, nor for a housing association's rejection
    # (which has its own letter, L15).
    notify: bool = True


BYPASS_REASONS: tuple[BypassReason, ...] = (
    BypassReason("NOT_MEETING_ADVERT_CRITERIA", "Does not meet the advert's criteria",
                 how_to_fix=("Check the “who can bid” section of each advert before you bid. If "
                             "you think your details are wrong, tell us.")),
    BypassReason("NO_LONGER_ELIGIBLE", "No longer eligible",
                 how_to_fix=("We will write to you separately about your eligibility. If your "
                             "immigration status has changed, send us proof.")),
    BypassReason("NO_LONGER_QUALIFIES", "No longer qualifies",
                 how_to_fix=("We will write to you separately about whether you still qualify.")),
    BypassReason("HOUSEHOLD_CHANGED_SIZE", "Household has changed size",
                 how_to_fix=("Tell us about any change to who lives with you so we can reassess "
                             "the size of home you need.")),
    BypassReason("ARREARS_OVER_THRESHOLD_NO_APPROVAL",
                 "Housing debt over the threshold with no arrangement kept and no approval",
                 how_to_fix=("Make an arrangement to repay your housing debt and keep to it. "
                             "Contact your landlord or the rent team, and tell us when you have.")),
    BypassReason("UNVERIFIED_CIRCUMSTANCES", "Circumstances could not be verified",
                 how_to_fix=("Send us the evidence we asked for, so we can check your "
                             "circumstances before the next offer.")),
    BypassReason("UNDER_OFFER_ELSEWHERE", "Under offer for another home", notify=False),
    BypassReason("NO_CONTACT_WITHIN_DEADLINE", "No contact within the deadline",
                 how_to_fix=("Make sure we have your current phone number and email address, and "
                             "check them while you are bidding.")),
    BypassReason("LLP_CRITERIA_NOT_MET", "Does not meet the local lettings plan",
                 how_to_fix=("This home is let under a local lettings plan. Check the plan's "
                             "conditions on the advert before you bid.")),
    BypassReason("SENSITIVE_LET_RISK", "Sensitive let: a risk in this location",
                 needs_approval=True),
    BypassReason("PROPERTY_UNSUITABLE_FOR_ASSESSED_NEEDS",
                 "The home is unsuitable for their assessed needs",
                 how_to_fix=("Bid for homes that meet the needs we assessed. If your needs have "
                             "changed, tell us.")),
    BypassReason("RP_REJECTED", "Rejected by the housing association", notify=False),
    BypassReason("APPLICANT_WITHDREW", "The applicant withdrew", notify=False),
    BypassReason("SUSPENDED", "Bidding suspended",
                 how_to_fix=("You can bid again when your suspension ends.")),
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
