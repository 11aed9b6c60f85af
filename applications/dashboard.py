"""The register's card on the staff dashboard."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from applications.models import Application
from applications.policies import is_caseworker
from housing.core.dashboard import ACCOUNT, STAFF, Card, register_card


@register_card(surface=STAFF, order=10)
def housing_register_card(user: Any) -> Card | None:
    if not is_caseworker(user):
        return None  # medical advisers see their referrals, not the register
    counts = dict(Application.objects.values_list("status").annotate(n=Count("id")))
    rows = [(label, counts.get(value, 0)) for value, label in Application.Status.choices]
    return Card(title="Housing register", rows=rows,
                total=sum(counts.values()), link_name="applications:staff-list")


@register_card(surface=ACCOUNT, order=10)
def my_application_card(user: Any) -> Card | None:
    application = (Application.objects.filter(applicant_user=user)
                   .order_by("-created_at").first())
    if application is None:
        return Card(title="Your housing application",
                    text="You have not applied to join the housing register yet.",
                    link_name="applications:portal-application", link_text="Apply now")
    rows: list[tuple[str, Any]] = [("Reference", application.reference),
                                   ("Status", application.get_status_display())]
    if application.band:
        rows.append(("Band", application.band))
    if application.bedroom_need is not None:
        rows.append(("Bedrooms you need", application.bedroom_need))
    link_text = ("Continue your application" if application.status == Application.Status.DRAFT
                 else "See your application")
    return Card(title="Your housing application", rows=rows,
                link_name="applications:portal-application", link_text=link_text)


@register_card(surface=STAFF, order=12)
def medical_referrals_card(user: Any) -> Card | None:
    """Medical advisers: the referrals waiting for their recommendation."""
    from django.utils import timezone

    from applications.models import MedicalAssessment
    from applications.policies import is_medical_adviser, medical_assessments_visible_to

    if not is_medical_adviser(user):
        return None
    waiting = medical_assessments_visible_to(user).filter(
        status=MedicalAssessment.Status.WITH_ADVISER)
    overdue = waiting.filter(recommendation_due__lt=timezone.localdate()).count()
    return Card(title="Medical referrals",
                rows=[("Waiting for your recommendation", waiting.count()),
                      ("Overdue", overdue)],
                link_name="applications:adviser-queue", link_text="See your referrals")


@register_card(surface=STAFF, order=14)
def reviews_card(user: Any) -> Card | None:
    """Caseworkers: statutory reviews open, with me, and past their target date."""
    from applications.models import ReviewRequest
    from applications.policies import reviews_visible_to
    from applications.services.reviews import reviews_overdue

    if not is_caseworker(user):
        return None
    open_reviews = reviews_visible_to(user).filter(status__in=ReviewRequest.OPEN_STATUSES)
    return Card(title="Statutory reviews",
                rows=[("Open", open_reviews.count()),
                      ("With you to decide", open_reviews.filter(reviewer=user).count()),
                      ("Past the target date", reviews_overdue(user=user).count())],
                link_name="applications:staff-reviews", link_text="See reviews")
