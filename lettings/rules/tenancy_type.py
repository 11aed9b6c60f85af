"""Which tenancy a new tenant gets, and who may hold it jointly (DOMAIN.md §4.16).

The council's tenancy policy is configuration (``SchemeVersion.tenancy_*``); the law it works
inside is here:

* Council homes: a new tenant normally gets an introductory tenancy (Housing Act 1996 s124),
  which becomes secure, or flexible where the council's tenancy policy uses flexible
  tenancies. It is not introductory when a tenant was, immediately before, a secure tenant or an
  assured tenant of a registered provider (s124(2)); such a tenant transferring gets a secure
  tenancy.
* Domestic Abuse Act 2021 s79 (Housing Act 1985 s81ZA): a former secure or assured social tenant
  rehoused because of domestic abuse gets a secure, non-flexible tenancy, from the date the
  council applies it.
* Housing association homes: a starter tenancy (an assured shorthold) that becomes assured, or
  an assured tenancy for an existing social tenant. From the Renters' Rights Act 2025
  switch-over date, starter tenancies can no longer be granted.
* A joint tenancy only if every joint tenant is eligible (s160ZA(1)(b), 2012 Guidance para 3.4).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from applications.rules.eligibility import EligibilityOutcome, EligibilityResult

INTRODUCTORY = "introductory"
SECURE = "secure"
FLEXIBLE = "flexible"
STARTER = "starter"
ASSURED = "assured"


@dataclass(frozen=True)
class TenantFacts:
    """One person who will sign the tenancy. ``existing_social_tenant``: immediately before,
    a secure or introductory council tenant or an assured tenant of a registered provider."""

    name: str
    existing_social_tenant: bool = False
    fled_domestic_abuse: bool = False


@dataclass(frozen=True)
class TenancyPolicy:
    council_new_tenants: str = INTRODUCTORY  # or SECURE
    introductory_months: int = 12
    flexible_policy: str = "none"  # "none" | "property" | "all"
    flexible_term_years: int = 5
    da_non_flexible_from: dt.date | None = None
    rp_starter_until: dt.date | None = None
    rp_starter_months: int = 12


@dataclass(frozen=True)
class TenancyDecision:
    tenancy_type: str
    converts_to: str
    probation_months: int | None
    fixed_term_years: int | None
    reasons: tuple[str, ...]


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def tenancy_type_for(*, landlord_type: str, home_is_flexible: bool,
                     tenants: Sequence[TenantFacts], start: dt.date,
                     policy: TenancyPolicy) -> TenancyDecision:
    """The tenancy for ``tenants`` (lead first) in a home of ``landlord_type`` ("LA" or "PRP")
    starting on ``start``, with the reasons in plain English."""
    if not tenants:
        raise ValueError("tenancy_type_for needs at least the lead tenant")
    existing = [t.name for t in tenants if t.existing_social_tenant]
    if landlord_type == "PRP":
        return _provider_tenancy(existing, start, policy)

    da_date = policy.da_non_flexible_from
    da_protected = [t.name for t in tenants if t.existing_social_tenant and
                    t.fled_domestic_abuse]
    if existing and da_protected and da_date is not None and start >= da_date:
        return TenancyDecision(SECURE, "", None, None, (
            f"{da_protected[0]} is a social tenant moving because of domestic abuse, so the "
            "tenancy is a secure tenancy that is not flexible (Domestic Abuse Act 2021 s79; "
            "Housing Act 1985 s81ZA).",))
    if existing:
        return TenancyDecision(SECURE, "", None, None, (
            f"{existing[0]} is already a social tenant, so the tenancy is secure from the start "
            "and is not an introductory tenancy (Housing Act 1996 s124(2)).",))

    flexible = policy.flexible_policy == "all" or (policy.flexible_policy == "property"
                                                   and home_is_flexible)
    term = max(policy.flexible_term_years, 2) if flexible else None
    after = FLEXIBLE if flexible else SECURE
    after_text = (f"a flexible tenancy for a fixed term of {term} years" if flexible
                  else "a secure tenancy")
    why_flexible = ((" The council uses flexible tenancies for all new tenancies."
                     if policy.flexible_policy == "all"
                     else " The council lets this home on a flexible tenancy.")
                    if flexible else "")
    if policy.council_new_tenants == INTRODUCTORY:
        months = policy.introductory_months
        return TenancyDecision(INTRODUCTORY, after, months, term, (
            f"New council tenants start with an introductory tenancy of {months} months "
            f"(Housing Act 1996 s124). If it is not extended or ended it then becomes "
            f"{after_text}.{why_flexible}",))
    return TenancyDecision(after, "", None, term, (
        f"The council gives new tenants {after_text} from the start.{why_flexible}",))


def _provider_tenancy(existing: Sequence[str], start: dt.date,
                      policy: TenancyPolicy) -> TenancyDecision:
    until = policy.rp_starter_until
    if existing:
        return TenancyDecision(ASSURED, "", None, None, (
            f"{existing[0]} is already a social tenant, so the housing association grants an "
            "assured tenancy, not a starter tenancy.",))
    if until is not None and start >= until:
        return TenancyDecision(ASSURED, "", None, None, (
            f"Starter (assured shorthold) tenancies cannot be granted for tenancies starting "
            f"on or after {_long(until)} (Renters' Rights Act 2025), so the tenancy is an "
            "assured periodic tenancy.",))
    months = policy.rp_starter_months
    return TenancyDecision(STARTER, ASSURED, months, None, (
        f"New housing association tenants start with a {months}-month starter tenancy (an "
        "assured shorthold tenancy) which then becomes an assured tenancy.",))


@dataclass(frozen=True)
class JointTenancyDecision:
    allowed: bool
    not_eligible: tuple[str, ...]
    undecided: tuple[str, ...]
    reason: str


def joint_tenancy(results: Sequence[EligibilityResult]) -> JointTenancyDecision:
    """Whether the people in ``results`` (lead first, then the proposed joint tenants) may hold
    the tenancy jointly: only if every one of them is eligible today. A person whose
    eligibility still needs an officer's decision cannot be a joint tenant until it is made."""
    if len(results) < 2:
        return JointTenancyDecision(False, (), (), "There is no joint tenant.")
    not_eligible = tuple(r.person for r in results if r.outcome is EligibilityOutcome.INELIGIBLE)
    undecided = tuple(r.person for r in results
                      if r.outcome is EligibilityOutcome.NEEDS_OFFICER_DECISION)
    if not_eligible:
        return JointTenancyDecision(False, not_eligible, undecided, (
            f"A joint tenancy cannot be granted because {_join(not_eligible)} "
            f"{'is' if len(not_eligible) == 1 else 'are'} not eligible (Housing Act 1996 "
            "s160ZA(1)(b); 2012 Guidance para 3.4). The tenancy can be in the lead tenant's "
            "sole name."))
    if undecided:
        return JointTenancyDecision(False, (), undecided, (
            f"A joint tenancy cannot be granted until an officer has decided whether "
            f"{_join(undecided)} {'is' if len(undecided) == 1 else 'are'} eligible."))
    return JointTenancyDecision(True, (), (), "Everyone who will sign is eligible, so a joint "
                                              "tenancy can be granted.")


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
