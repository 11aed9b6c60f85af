"""Who may see and do what on the register (STYLE: one policy answers both questions)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from applications.models import Application, CaseNote, ReviewRequest
from housing.accounts import policies as account_policies
from housing.accounts.models import Role


def is_caseworker(user: Any) -> bool:
    """Officers, managers and administrators work cases; medical advisers see only referrals."""
    return account_policies.has_role(user, Role.OFFICER, Role.MANAGER, Role.ADMIN)


def applications_visible_to(user: Any) -> QuerySet[Application]:
    """Caseworkers see the register (restricted cases only if in the restricted group); an
    applicant only their own applications; anyone else nothing."""
    if is_caseworker(user):
        qs = Application.objects.all()
        if not user.in_restricted_group:
            qs = qs.filter(restricted_access=False)
        return qs
    if account_policies.can_use_applicant_account(user):
        return Application.objects.filter(applicant_user=user)
    return Application.objects.none()


def can_work_case(user: Any, application: Application) -> bool:
    """Caseworkers on cases they may see: assess, verify, decide, add notes."""
    return is_caseworker(user) and (not application.restricted_access
                                     or user.in_restricted_group)


def can_edit_draft(user: Any, application: Application) -> bool:
    """The applicant who owns a draft, or a caseworker filling it in on their behalf."""
    if application.status != Application.Status.DRAFT:
        return False
    owner = (application.applicant_user_id == getattr(user, "pk", None)
             and account_policies.can_use_applicant_account(user))
    return owner or can_work_case(user, application)


def can_view_as_applicant(user: Any, application: Application) -> bool:
    return account_policies.can_use_applicant_account(user) \
        and application.applicant_user_id == user.pk


def notes_visible_to(user: Any) -> QuerySet[CaseNote]:
    """Case notes: caseworkers see ordinary notes; restricted notes (domestic abuse, MAPPA,
    safeguarding) only the restricted group. Applicants and partners see none here."""
    if not is_caseworker(user):
        return CaseNote.objects.none()
    qs = CaseNote.objects.all()
    if not user.in_restricted_group:
        qs = qs.filter(restricted=False)
    return qs


# --- Medical assessments (DOMAIN.md §2: the adviser sees only what is referred to them) ---------

def is_medical_adviser(user: Any) -> bool:
    return account_policies.has_role(user, Role.MEDICAL_ADVISER)


def medical_assessments_visible_to(user: Any) -> QuerySet[Any]:
    """Caseworkers: the assessments on cases they may see (restricted cases only in the
    restricted group). A medical adviser: only the assessments referred to them, never the
    wider case file. Anyone else: none."""
    from applications.models import MedicalAssessment

    if is_caseworker(user):
        qs = MedicalAssessment.objects.all()
        if not user.in_restricted_group:
            qs = qs.filter(application__restricted_access=False)
        return qs
    if is_medical_adviser(user):
        return MedicalAssessment.objects.filter(adviser=user)
    return MedicalAssessment.objects.none()


def can_advise(user: Any, assessment: Any) -> bool:
    """The medical adviser the assessment was referred to (advisory only: officers decide)."""
    return is_medical_adviser(user) and assessment.adviser_id == user.pk


# --- Statutory reviews (s166A(9); DOMAIN.md §4.15, §5.8) ------------------------------------

def is_senior_reviewer(user: Any) -> bool:
    """Managers, and officers marked as senior officers, may carry out reviews (a reviewer is
    more senior than the officer who decided; DOMAIN §2)."""
    if account_policies.has_role(user, Role.MANAGER):
        return True
    return account_policies.has_role(user, Role.OFFICER) and bool(
        getattr(user, "is_senior_officer", False))


def can_allocate_reviews(user: Any) -> bool:
    """Managers and senior officers give reviews to reviewers."""
    return is_senior_reviewer(user)


def reviews_visible_to(user: Any) -> QuerySet[ReviewRequest]:
    """Caseworkers see the reviews on applications they may see; an applicant only the reviews
    on their own applications; anyone else none."""
    if is_caseworker(user) or account_policies.can_use_applicant_account(user):
        return ReviewRequest.objects.filter(application__in=applications_visible_to(user))
    return ReviewRequest.objects.none()


def can_request_review(user: Any, application: Application) -> bool:
    """The applicant on their own application, or a caseworker recording a request for them."""
    return can_view_as_applicant(user, application) or can_work_case(user, application)


def can_decide_review(user: Any, review: ReviewRequest) -> bool:
    """Only the allocated reviewer, while the review is with them, who is senior and took no
    part in the decision under review (a person cannot make and review a decision)."""
    if review.status != ReviewRequest.Status.ALLOCATED or review.reviewer_id != getattr(
            user, "pk", None):
        return False
    from applications.services.reviews import reviewer_exclusion

    return reviewer_exclusion(review, user) is None
