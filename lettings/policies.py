"""Who may see and do what in lettings (STYLE: one policy answers "may this user do X to this
object?" and "which objects may this user see?").

- Lettings staff (officers, managers, administrators) manage all stock, voids, cycles, adverts
  and bids. Medical advisers have no part in lettings.
- Approving an advert for publication needs a manager or a senior officer.
- A registered provider's users see and change only the homes their organisation owns or
  manages, and those homes' voids and adverts.
- An applicant sees live adverts (as everyone does) and only their own household's bids.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from applications.models import Application
from applications.policies import applications_visible_to, can_work_case, is_caseworker
from housing.accounts import policies as account_policies
from housing.accounts.models import Role
from housing.core.dates import spoken_moment
from lettings.models import (
    Advert,
    Bid,
    BiddingCycle,
    DirectMatch,
    Offer,
    Property,
    SignUp,
    Tenancy,
    Void,
)


def is_lettings_staff(user: Any) -> bool:
    """Officers, managers and administrators (the people who work lettings)."""
    return is_caseworker(user)


def can_approve_adverts(user: Any) -> bool:
    """Managers, senior officers and administrators check adverts before they go live."""
    if account_policies.has_role(user, Role.MANAGER, Role.ADMIN):
        return True
    return account_policies.has_role(user, Role.OFFICER) and bool(user.is_senior_officer)


def _provider_org(user: Any) -> int | None:
    if account_policies.can_use_partner_surface(user):
        return int(user.organisation_id)
    return None


def properties_visible_to(user: Any) -> QuerySet[Property]:
    """Lettings staff see all stock; a provider user only homes their organisation owns or
    manages; everyone else none."""
    if is_lettings_staff(user):
        return Property.objects.all()
    org = _provider_org(user)
    if org is not None:
        return Property.objects.filter(Q(landlord_id=org) | Q(managing_org_id=org))
    return Property.objects.none()


def can_edit_property(user: Any, prop: Property) -> bool:
    return properties_visible_to(user).filter(pk=prop.pk).exists()


def can_record_let(user: Any, prop: Property) -> bool:
    """Who may record the landlord's side of an offer of ``prop`` (the applicant's acceptance,
    the landlord withdrawing it, the tenancy starting): lettings staff for any home, and a
    registered provider's user for a home their organisation owns or manages (a nomination
    offer is the provider's own offer, DOMAIN.md §2 provider row, §5.4 step 5)."""
    if is_lettings_staff(user):
        return True
    org = _provider_org(user)
    return org is not None and org in (prop.landlord_id, prop.managing_org_id)


def voids_visible_to(user: Any) -> QuerySet[Void]:
    """Voids of the homes the user may see."""
    if is_lettings_staff(user):
        return Void.objects.all()
    org = _provider_org(user)
    if org is not None:
        return Void.objects.filter(Q(property__landlord_id=org)
                                   | Q(property__managing_org_id=org))
    return Void.objects.none()


def adverts_visible_to(user: Any) -> QuerySet[Advert]:
    """Lettings staff see every advert; a provider user only adverts for their own homes.
    (Live adverts are public: see ``selectors.live_adverts``.)"""
    if is_lettings_staff(user):
        return Advert.objects.all()
    org = _provider_org(user)
    if org is not None:
        return Advert.objects.filter(Q(property__landlord_id=org)
                                     | Q(property__managing_org_id=org))
    return Advert.objects.none()


def cycles_visible_to(user: Any) -> QuerySet[BiddingCycle]:
    if is_lettings_staff(user):
        return BiddingCycle.objects.all()
    return BiddingCycle.objects.none()


def can_manage_adverts(user: Any) -> bool:
    return is_lettings_staff(user)


def can_run_cycles(user: Any) -> bool:
    """Opening and closing due cycles by hand (the same service Celery beat calls)."""
    return account_policies.has_role(user, Role.MANAGER, Role.ADMIN)


def bids_visible_to(user: Any) -> QuerySet[Bid]:
    """Lettings staff see bids on cases they may see (restricted cases only in the restricted
    group); an applicant only their own household's bids."""
    if is_lettings_staff(user):
        return Bid.objects.filter(application__in=applications_visible_to(user))
    if account_policies.can_use_applicant_account(user):
        return Bid.objects.filter(application__applicant_user=user)
    return Bid.objects.none()


def can_bid_for(user: Any, application: Application) -> bool:
    """The applicant for their own application; a caseworker on the applicant's behalf."""
    if account_policies.can_use_applicant_account(user):
        return application.applicant_user_id == user.pk
    return can_work_case(user, application)


def can_withdraw_bid(user: Any, bid: Bid) -> bool:
    return can_bid_for(user, bid.application)


def bids_on_behalf(user: Any) -> bool:
    """Whether a bid this user places is on someone else's behalf."""
    return is_lettings_staff(user)


def offers_visible_to(user: Any) -> QuerySet[Offer]:
    """Lettings staff: offers to applications they may see (restricted cases only in the
    restricted group); an applicant: offers to their own household; anyone else none."""
    if is_lettings_staff(user):
        return Offer.objects.filter(application__in=applications_visible_to(user))
    if account_policies.can_use_applicant_account(user):
        return Offer.objects.filter(application__applicant_user=user)
    return Offer.objects.none()


def direct_matches_visible_to(user: Any) -> QuerySet[DirectMatch]:
    """Lettings staff: direct matches of applications they may see (restricted cases only in
    the restricted group). Nobody else: applicants are told of a direct offer by its letter and
    their offer page, not the match behind it."""
    if is_lettings_staff(user):
        return DirectMatch.objects.filter(application__in=applications_visible_to(user))
    return DirectMatch.objects.none()


def signups_visible_to(user: Any) -> QuerySet[SignUp]:
    """Lettings staff: sign-ups of applications they may see (restricted cases only in the
    restricted group); an applicant: their own household's sign-ups once the tenancy pack is
    made (the checks before it are the officer's working notes); anyone else none."""
    if is_lettings_staff(user):
        return SignUp.objects.filter(application__in=applications_visible_to(user))
    if account_policies.can_use_applicant_account(user):
        return (SignUp.objects.filter(application__applicant_user=user)
                .exclude(status__in=[SignUp.Status.CHECKS, SignUp.Status.CANCELLED]))
    return SignUp.objects.none()


def tenancies_visible_to(user: Any) -> QuerySet[Tenancy]:
    """Lettings staff: tenancies of applications they may see; an applicant: their own; a
    registered provider's user: tenancies of homes their organisation owns or manages."""
    if is_lettings_staff(user):
        return Tenancy.objects.filter(application__in=applications_visible_to(user))
    if account_policies.can_use_applicant_account(user):
        return Tenancy.objects.filter(application__applicant_user=user)
    org = _provider_org(user)
    if org is not None:
        return Tenancy.objects.filter(Q(property__landlord_id=org)
                                      | Q(property__managing_org_id=org))
    return Tenancy.objects.none()


def can_sign_as_tenant(user: Any, signup: SignUp) -> bool:
    """The applicant signs their own household's tenancy pack online."""
    return (account_policies.can_use_applicant_account(user)
            and signup.application.applicant_user_id == user.pk)


def can_work_signup(user: Any, signup: SignUp) -> bool:
    """Lettings staff who may work the case do the checks, make the pack, record an in-person
    signature and counter-sign."""
    return is_lettings_staff(user) and can_work_case(user, signup.application)


def offer_answer_problem(offer: Offer, now: dt.datetime | None = None) -> str:
    """Why the applicant cannot accept or refuse this offer themselves now, in plain English,
    or "" when they can: it is still open and its deadline has not passed."""
    now = now or timezone.now()
    if offer.status == Offer.Status.ACCEPTED:
        return "You have already accepted this offer."
    if offer.status == Offer.Status.SIGNED_UP:
        return "You have already signed up for this home."
    if offer.status == Offer.Status.REFUSED:
        return "You have already refused this offer."
    if offer.status == Offer.Status.WITHDRAWN:
        return "The landlord has withdrawn this offer, so you do not need to answer it."
    if offer.status == Offer.Status.LAPSED or offer.respond_by < now:
        ended = spoken_moment(offer.respond_by)
        return (f"The time to answer this offer ended at {ended}. You can no longer accept or "
                f"refuse it online. Contact the housing team if you need to talk to us about "
                f"it.")
    return ""
