"""The tenancy record that starts when a sign-up is counter-signed, with its void days, rent
loss and CORE lettings log record (DOMAIN.md §3.15, §5.3 steps 3–5, §7.3, §7.4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from applications.models import BandAward, HouseholdMember
from lettings.models import (
    AffordabilityAssessment,
    LettingResult,
    Property,
    SignUp,
    SignUpCheck,
    Tenancy,
    Void,
)
from lettings.rules.core_log import CoreLogFacts, CorePerson, assemble_core_log

_RELATIONSHIP: dict[str, str] = {HouseholdMember.Role.PARTNER: "partner",
                                  HouseholdMember.Role.JOINT: "partner",
                                  HouseholdMember.Role.CHILD: "child"}
_SUPPORTED = {Property.Designation.SUPPORTED, Property.Designation.EXTRA_CARE}
_SHELTERED = {Property.Designation.SHELTERED, Property.Designation.EXTRA_CARE}


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError("unreachable")


def _let_void(signup: SignUp) -> Void | None:
    return (Void.objects.filter(property=signup.property_id, status=Void.Status.LET,
                                let_date=signup.start_date)
            .select_related("property").order_by("-pk").first())


def core_facts(signup: SignUp, tenancy: Tenancy, void: Void | None,
               result: LettingResult) -> CoreLogFacts:
    """Everything CORE asks that the system already holds, from the sign-up, the home, the
    void, the application and the affordability assessment."""
    prop = signup.property
    application = signup.application
    start = tenancy.start_date
    members = [m for m in application.members.all() if m.to_be_rehoused]
    members.sort(key=lambda m: (m.role != HouseholdMember.Role.LEAD, m.pk))
    checks = {c.code: c for c in SignUpCheck.objects.filter(signup=signup)}
    household = checks.get("household")
    working = (household.details.get("working_situation", "") if household else "")
    people = [CorePerson(age=m.age_on(start), sex=m.sex,
                         relationship=("lead" if m.role == HouseholdMember.Role.LEAD
                                       else _RELATIONSHIP.get(m.role, "other")),
                         working_situation=working if m.role == HouseholdMember.Role.LEAD
                         else ("child" if (m.age_on(start) or 0) < 16 else ""))
              for m in members if m.date_of_birth is not None]
    circumstances = getattr(application, "circumstances", None)
    award = (BandAward.objects.filter(application=application,
                                      status=BandAward.Status.CURRENT).first())
    affordability = AffordabilityAssessment.objects.filter(signup=signup).first()
    registered = application.registration_date
    years_waiting = None if registered is None else max((start - registered).days // 365, 0)
    needs = (award.property_flags.get("mobility_category", "") if award else "") or ""
    return CoreLogFacts(
        owning_org=prop.landlord.name,
        managing_org=prop.managing_org.name if prop.managing_org else "",
        needs_type="supported_housing" if prop.designation in _SUPPORTED else "general_needs",
        rent_type=prop.rent_type,
        start_date=start,
        tenancy_code=tenancy.reference,
        property_reference=prop.reference,
        uprn=prop.uprn or "",
        postcode=prop.postcode,
        local_authority=settings.COUNCIL_NAME,
        first_let=prop.is_first_let,
        reason_vacant=void.reason_vacant if void else "",
        unit_type=prop.property_type,
        wheelchair_standard=prop.mobility_category == "wheelchair",
        bedrooms=prop.bedrooms,
        void_date=(void.tenancy_end_date or void.keys_returned_date or void.ready_to_let_date)
        if void else None,
        void_days=tenancy.void_days,
        major_repairs=bool(void and void.void_type == Void.VoidType.MAJOR_WORKS),
        major_repairs_date=void.works_completed_date if void and
        void.void_type == Void.VoidType.MAJOR_WORKS else None,
        times_offered=void.times_offered if void else 0,
        joint=tenancy.is_joint,
        starter=tenancy.tenancy_type in ("introductory", "starter"),
        tenancy_type=tenancy.converts_to or tenancy.tenancy_type,
        fixed_term_years=signup.fixed_term_years,
        sheltered=prop.designation in _SHELTERED,
        people=people,
        armed_forces=(circumstances.armed_forces if circumstances else ""),
        pregnant=any(m.due_date for m in application.members.all()),
        access_needs=needs,
        illness=bool(circumstances and circumstances.has_medical_needs),
        years_on_register=years_waiting,
        previous_tenure=circumstances.tenure if circumstances else "",
        previous_postcode=application.postcode,
        homeless=application.application_type == application.Type.HOMELESS,
        reasonable_preference=bool(award and award.rp_categories),
        rp_categories=tuple(award.rp_categories) if award else (),
        cbl=result.route in (LettingResult.Route.BID, LettingResult.Route.QUOTA,
                             LettingResult.Route.LOCAL_LETTINGS),
        referral_source=result.route,
        weekly_income=affordability.total_income if affordability else None,
        housing_benefit=(affordability.housing_support > 0) if affordability else None,
        rent_period=signup.rent_period,
        basic_rent=signup.weekly_rent,
        service_charge=signup.service_charge,
        support_charge=signup.support_charge,
        shortfall=affordability.shortfall if affordability else None,
    )


def tenancy_create(*, signup: SignUp, result: LettingResult) -> Tenancy:
    """Write the active tenancy of a counter-signed sign-up (called inside ``countersign``'s
    transaction, after ``let_record`` has let the void)."""
    from lettings.services.signups import tenants_of

    assert signup.start_date is not None and signup.weekly_rent is not None
    start = signup.start_date
    void = _let_void(signup)
    today = timezone.localdate()
    people = tenants_of(signup)
    probation_end = (_add_months(start, signup.probation_months)
                     if signup.probation_months else None)
    fixed_from = probation_end or start
    tenancy = Tenancy(
        signup=signup, offer=signup.offer, application=signup.application,
        property=signup.property, reference=f"T{signup.pk:07d}",
        tenancy_type=signup.tenancy_type, converts_to=signup.converts_to, start_date=start,
        probation_end_date=probation_end,
        fixed_term_end_date=(_add_months(fixed_from, 12 * signup.fixed_term_years)
                             if signup.fixed_term_years else None),
        tenants=[p.full_name for p in people], is_joint=len(people) > 1,
        weekly_rent=signup.weekly_rent, service_charge=signup.service_charge or Decimal("0"),
        support_charge=signup.support_charge, rent_period=signup.rent_period,
        void_days=void.void_days(today) if void else None,
        rent_loss=void.rent_loss(today) if void else None)
    record, missing = assemble_core_log(core_facts(signup, tenancy, void, result))
    tenancy.core_log = record
    tenancy.core_missing = missing
    tenancy.core_status = (Tenancy.CoreStatus.INCOMPLETE if missing
                           else Tenancy.CoreStatus.COMPLETE)
    tenancy._change_reason = "Tenancy started at sign-up"  # type: ignore[attr-defined]
    tenancy.save()
    return tenancy
