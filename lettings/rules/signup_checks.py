"""The pre-tenancy checks (DOMAIN.md §5.3 step 1) and when a sign-up may move on.

Each check is done, or (where the check allows it) marked not needed with a reason, by a named
officer at a recorded time. The scheme lists which checks are required before the tenancy pack
is made (``SchemeVersion.signup_required_checks``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class CheckDefinition:
    code: str
    title: str
    hint: str
    may_be_not_needed: bool


CHECKS: tuple[CheckDefinition, ...] = (
    CheckDefinition(
        "identity", "Identity of every adult tenant",
        "Photo identity (passport, driving licence or biometric residence permit) seen for the "
        "lead tenant and every joint tenant, with proof of address.", False),
    CheckDefinition(
        "eligibility", "Eligibility checked again",
        "The eligibility rules are run again for everyone who will sign the tenancy, on today's "
        "facts (immigration status can change or expire). A joint tenancy needs every joint "
        "tenant to be eligible.", False),
    CheckDefinition(
        "household", "Household unchanged",
        "Everyone moving in is on the application, and nobody has left or joined since the "
        "offer. A change is reported as a change of circumstances first.", False),
    CheckDefinition(
        "affordability", "Affordability assessment",
        "Income and benefits, including the Universal Credit housing element, against the rent, "
        "charges and essential outgoings, with the result and any money-advice referral.", False),
    CheckDefinition(
        "rent_in_advance", "Rent in advance",
        "The rent in advance the scheme asks for has been paid or an arrangement agreed.", True),
    CheckDefinition(
        "benefit_claim", "Claim for help with housing costs",
        "A Universal Credit housing element or Housing Benefit claim has been started for the "
        "new home, where the household needs one.", True),
    CheckDefinition(
        "support", "Support needs and referrals",
        "Support needs talked through, and referrals made (tenancy sustainment, furniture, "
        "money advice, adult or children's services).", True),
    CheckDefinition(
        "tenancy_end", "Existing tenancy end date",
        "When the household's current tenancy ends, so they do not pay rent twice.", True),
)
BY_CODE: Mapping[str, CheckDefinition] = {check.code: check for check in CHECKS}

# Referrals an officer may record under "Support needs and referrals".
SUPPORT_REFERRALS: tuple[tuple[str, str], ...] = (
    ("tenancy_sustainment", "Tenancy sustainment support"),
    ("furniture", "Furniture or white goods scheme"),
    ("money_advice", "Money or debt advice"),
    ("adult_social_care", "Adult social care"),
    ("childrens_services", "Children's services"),
    ("mental_health", "Mental health support"),
    ("substance_misuse", "Drug or alcohol support"),
)


def outstanding_checks(statuses: Mapping[str, str], required: Iterable[str]) -> list[str]:
    """The titles of required checks not yet done or marked not needed, in checklist order.

    ``statuses`` maps a check code to its status (``to_do``, ``done`` or ``not_needed``); a
    required check with no row counts as not done. Unknown codes in ``required`` are ignored
    (a council may list a check a later version of the product removed)."""
    wanted = set(required)
    return [check.title for check in CHECKS
            if check.code in wanted and statuses.get(check.code, "to_do") == "to_do"]
