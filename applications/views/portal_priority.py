"""The applicant's priority page: their band, dates, bedroom need and the homes they can bid for,
each with the plain-English reasons from the rules, what would change it, and a one-click way to
ask for a review (DOMAIN.md §4.14 rights to information, s166A(9)).

Who may use it: signed-in applicants, on their own application only.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from applications.models import Application, BandAward, ReviewRequest
from housing.accounts.mixins import ApplicantRequiredMixin


class PriorityView(ApplicantRequiredMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        application = (Application.objects.filter(applicant_user=user)
                       .exclude(status=Application.Status.DRAFT)
                       .order_by("-created_at").first())
        award = pending = None
        reviews: list[ReviewRequest] = []
        if application is not None:
            awards = list(application.awards.filter(
                status__in=[BandAward.Status.CURRENT, BandAward.Status.PROPOSED]))
            award = next((a for a in awards if a.status == BandAward.Status.CURRENT), None)
            pending = next((a for a in awards if a.status == BandAward.Status.PROPOSED), None)
            reviews = list(application.reviews.order_by("-received_at", "-pk")[:5])
        open_review = next((r for r in reviews if r.is_open and award is not None
                            and r.award_id == award.pk), None)
        return render(request, "applications/portal/priority.html", {
            "application": application, "award": award, "pending": pending,
            "reviews": reviews, "open_review": open_review,
        })
