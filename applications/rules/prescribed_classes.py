"""Default prescribed classes: people subject to immigration control who are eligible.

Eligibility Regulations 2006 (SI 2006/1294) reg 3, as amended (DOMAIN §4.2). This is seed data:
it is loaded into an editable, versioned table, and ``assess_eligibility`` takes the classes as
an argument, so a change in the law is a data change, not a code change.

Commencement dates: classes A–D date from the regulations' commencement (1 June 2006). The later
classes use the commencement of the amending instrument: E SI 2014/435 (31 March 2014), F
SI 2016/965 (30 October 2016), G SI 2018/730 (9 July 2018), H the (Amendment) (No. 2)
Regulations 2018 (1 November 2018).

The two resettlement-scheme entries (codes ``AFG`` and ``UKR``) summarise the classes added for
the Afghan schemes (from 15 September 2021) and the Ukraine schemes (from 22 March 2022). Their
letters in reg 3 and their exact wording must be checked against the current consolidated text
before go-live, which is why they carry scheme codes rather than guessed letters. Class I
(family members of a "relevant person of Northern Ireland", from 24 August 2020) and the
Hong Kong BN(O) class are not seeded: the register has no status code for them, so an officer
decides those cases.

``statuses`` maps the register's coarse status codes onto each class. Classes G and H have no
status of their own on the register (such leave is recorded as limited leave), so their status
lists are empty and they are kept for reference and for officers to see.
"""

from __future__ import annotations

from datetime import date

from applications.rules.eligibility import ImmigrationStatus, PrescribedClass

__all__ = ["DEFAULT_PRESCRIBED_CLASSES"]

_REGS_START = date(2006, 6, 1)

DEFAULT_PRESCRIBED_CLASSES: tuple[PrescribedClass, ...] = (
    PrescribedClass(
        code="A",
        title="Refugees with leave to remain",
        description=(
            "A person recorded by the Home Office as a refugee under the Refugee Convention who "
            "has leave to enter or remain in the UK (limited or indefinite)."
        ),
        statuses=(ImmigrationStatus.REFUGEE,),
        requires_habitual_residence=False,
        effective_from=_REGS_START,
    ),
    PrescribedClass(
        code="B",
        title="People with exceptional leave and access to public funds",
        description=(
            "A person with exceptional (discretionary) leave to enter or remain granted outside "
            "the Immigration Rules, whose leave does not carry a no recourse to public funds "
            "condition."
        ),
        statuses=(ImmigrationStatus.LIMITED_LEAVE,),
        requires_habitual_residence=False,
        effective_from=_REGS_START,
    ),
    PrescribedClass(
        code="C",
        title="People with indefinite leave to remain",
        description=(
            "A person whose leave is not subject to any limitation or condition and who is "
            "habitually resident in the UK, Channel Islands, Isle of Man or Ireland. Excluded: "
            "a sponsored immigrant resident for less than five years since entry or the "
            "sponsor's undertaking (whichever is later) while any sponsor is alive. Whether the "
            "sponsor has died is an officer's judgement."
        ),
        statuses=(ImmigrationStatus.INDEFINITE_LEAVE,),
        requires_habitual_residence=True,
        effective_from=_REGS_START,
        excludes_sponsored_immigrants=True,
    ),
    PrescribedClass(
        code="D",
        title="People with humanitarian protection",
        description="A person granted humanitarian protection under the Immigration Rules.",
        statuses=(ImmigrationStatus.HUMANITARIAN_PROTECTION,),
        requires_habitual_residence=False,
        effective_from=_REGS_START,
    ),
    PrescribedClass(
        code="E",
        title="Afghan citizens relocated as locally employed staff",
        description=(
            "An Afghan citizen with limited leave to enter as a relevant Afghan citizen under "
            "paragraph 276BA1 of the Immigration Rules (the 2013 scheme for interpreters and "
            "other locally employed staff), who is habitually resident in the UK, Channel "
            "Islands, Isle of Man or Ireland. Inserted by SI 2014/435."
        ),
        statuses=(ImmigrationStatus.AFGHAN_RELOCATION,),
        requires_habitual_residence=True,
        effective_from=date(2014, 3, 31),
    ),
    PrescribedClass(
        code="F",
        title="People with family or private life leave and access to public funds",
        description=(
            "A person with limited leave on family or private life grounds under Article 8 of "
            "the Human Rights Convention (paragraph 276BE(1), 276DG or Appendix FM of the "
            "Immigration Rules) whose leave does not carry a no recourse to public funds "
            "condition. Inserted by SI 2016/965."
        ),
        statuses=(ImmigrationStatus.LIMITED_LEAVE,),
        requires_habitual_residence=False,
        effective_from=date(2016, 10, 30),
    ),
    PrescribedClass(
        code="G",
        title="Children transferred under section 67 of the Immigration Act 2016",
        description=(
            "A person transferred to the UK under section 67 of the Immigration Act 2016 (the "
            "'Dubs' children) with limited leave under paragraph 352ZH of the Immigration "
            "Rules, who is habitually resident in the UK, Channel Islands, Isle of Man or "
            "Ireland. Inserted by SI 2018/730. No separate status code on the register."
        ),
        statuses=(),
        requires_habitual_residence=True,
        effective_from=date(2018, 7, 9),
    ),
    PrescribedClass(
        code="H",
        title="People with Calais leave",
        description=(
            "A person transferred to the UK to join family, with leave under paragraph 352J of "
            "the Immigration Rules ('Calais leave'), who is habitually resident in the UK, "
            "Channel Islands, Isle of Man or Ireland. Inserted from 1 November 2018. No "
            "separate status code on the register."
        ),
        statuses=(),
        requires_habitual_residence=True,
        effective_from=date(2018, 11, 1),
    ),
    PrescribedClass(
        code="AFG",
        title="People resettled under the Afghan relocation and resettlement schemes",
        description=(
            "A person with leave under the Afghan Relocations and Assistance Policy (ARAP), the "
            "Afghan Citizens Resettlement Scheme (ACRS) or the Afghan ex gratia scheme. No "
            "habitual residence test applies. Check the class letter and wording against the "
            "current text of reg 3."
        ),
        statuses=(ImmigrationStatus.AFGHAN_RELOCATION, ImmigrationStatus.RESETTLEMENT_SCHEME),
        requires_habitual_residence=False,
        effective_from=date(2021, 9, 15),
        legal_reference="Eligibility Regulations 2006, reg 3 (Afghan schemes, as amended 2021)",
    ),
    PrescribedClass(
        code="UKR",
        title="People with leave under the Ukraine schemes",
        description=(
            "A person with leave under the Ukraine Family Scheme, the Homes for Ukraine "
            "sponsorship scheme, the Ukraine Extension Scheme or leave outside the rules for "
            "people who left Ukraine because of the Russian invasion. No habitual residence "
            "test applies. Check the class letter and wording against the current text of "
            "reg 3."
        ),
        statuses=(ImmigrationStatus.RESETTLEMENT_SCHEME,),
        requires_habitual_residence=False,
        effective_from=date(2022, 3, 22),
        legal_reference="Eligibility Regulations 2006, reg 3 (Ukraine schemes, as amended 2022)",
    ),
)
