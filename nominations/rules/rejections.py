"""A provider's reasons for rejecting a nominee, as the applicant reads them (DOMAIN.md §4.13
"Permitted RP rejection reasons", §6 L15 "what the applicant can do").

Pure functions over the agreement's list of reasons (``[{code, label}]``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# What the applicant can do, by the default reason codes (housing.scheme.defaults). A reason an
# agreement adds of its own gets the general advice.
WHAT_YOU_CAN_DO = {
    "arrears": ("If you owe rent or other housing debt, contact the landlord you owe and agree "
                "a repayment arrangement. Once you have kept to it for a few months, housing "
                "associations are more likely to accept you. Free debt advice is available "
                "from Citizens Advice."),
    "affordability": ("Ask us or Citizens Advice for a benefits check: you may be entitled to "
                      "help with the rent. You can also bid for homes with a lower rent."),
    "asb_violence": ("If you think the information about anti-social behaviour or violence is "
                     "wrong or out of date, tell us and we will look at it again."),
    "support_needs": ("Tell us about any support you have or could have in place. We can also "
                      "help you look at homes with support, such as supported housing."),
    "other_property": ("If you no longer own or have a legal interest in another home, send us "
                       "proof and we will update your application."),
    "false_information": ("If you think the information we or the housing association hold is "
                          "wrong, tell us and send any proof you have."),
    "property_unsuitable": ("This is about this home, not about you. You can keep bidding for "
                            "other homes that meet your needs."),
    "no_engagement": ("Keep your contact details up to date and reply to landlords quickly. "
                      "If you could not reply for a good reason, tell us."),
}
GENERAL_ADVICE = ("If you think the reason is wrong, or your circumstances have changed, tell "
                  "us. You can keep bidding for other homes.")


def what_you_can_do(code: str) -> str:
    """What the applicant can do about a rejection for this reason (L15)."""
    return WHAT_YOU_CAN_DO.get(code, GENERAL_ADVICE)


def reason_label(reasons: Iterable[Mapping[str, Any]], code: str) -> str:
    """The agreement's words for a reason code (the code itself if the agreement has none)."""
    for reason in reasons:
        if isinstance(reason, Mapping) and reason.get("code") == code:
            return str(reason.get("label") or code)
    return code


def parse_reason_lines(text: str) -> tuple[list[dict[str, str]], list[str]]:
    """An agreement's rejection reasons from lines "code: label" (how managers edit them), and
    the problems found (an empty list: all good). Codes are lower case letters, digits and
    underscores; each code once."""
    reasons: list[dict[str, str]] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        code, sep, label = line.partition(":")
        code, label = code.strip().lower(), label.strip()
        if not sep or not code or not label:
            problems.append(f"Line {number} must be a code, a colon and a label, for example "
                            f"“arrears: Housing debt above the threshold”")
            continue
        if not code.replace("_", "").isalnum() or not code.isascii() or len(code) > 40:
            problems.append(f"Line {number}: the code “{code}” must be up to 40 letters, digits "
                            f"or underscores")
            continue
        if code in seen:
            problems.append(f"Line {number}: the code “{code}” is listed twice")
            continue
        seen.add(code)
        reasons.append({"code": code, "label": label[:200]})
    if not reasons and not problems:
        problems.append("List at least one reason the provider may give")
    return reasons, problems
