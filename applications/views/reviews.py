"""Statutory review pages (s166A(9); DOMAIN.md §5.8).

Staff (caseworkers: officers, managers, administrators): the review list, one review with the
forms its status allows (refer a late request, allocate a reviewer, add representations,
decide, withdraw), and recording a request received by phone or letter. Each action is POST
only, asks the policy (403 if the person may not do it), calls one service and redirects back;
a refusal shows the review again with a GOV.UK error summary and status 400.

Applicants (signed in, email verified): their reviews, asking for a review of a decision (one
click from their priority page: every question is optional), and one review with a way to add
representations or withdraw it. A review on someone else's application is a 404.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from applications.forms.reviews import (
    PortalRepresentationsForm,
    PortalReviewRequestForm,
    ReviewAllocateForm,
    ReviewDecideForm,
    ReviewFilterForm,
    ReviewReferForm,
    ReviewRepresentationsForm,
    ReviewWithdrawForm,
    StaffReviewRequestForm,
)
from applications.forms.staff import ActionForm
from applications.models import Application, BandAward, MedicalAssessment, ReviewRequest
from applications.policies import (
    applications_visible_to,
    can_allocate_reviews,
    can_decide_review,
    can_view_as_applicant,
    can_work_case,
    reviews_visible_to,
)
from applications.rules.banding import BandScheme
from applications.services import reviews as services
from applications.views.staff import CaseForms, CaseworkerRequiredMixin, add_errors
from housing.accounts.mixins import ApplicantRequiredMixin
from housing.approvals.models import ApprovalRequest
from housing.approvals.selectors import approvals_for
from housing.core.audit import timeline
from housing.core.exceptions import ApplicationError
from housing.core.views_helpers import add_form_errors
from housing.letters.models import Letter
from housing.scheme.selectors import scheme_in_force

Status = ReviewRequest.Status


def _long(day: Any) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def _review_letters(review: ReviewRequest) -> QuerySet[Letter]:
    """The letters about this review (L19, L21, a late refusal): they name it in their stored
    context."""
    return (Letter.objects
            .filter(subject_type=ContentType.objects.get_for_model(Application),
                    subject_id=str(review.application_id),
                    context__review_reference=review.reference)
            .only("public_id", "title", "status", "created_at", "sent_at", "recipient_name")
            .order_by("-created_at"))


# Each entry starts "3 May 2026, from …:" (see ``review_representations_add``); blank lines
# inside an entry stay in it.
_ENTRY_START = re.compile(r"\n\n(?=\d{1,2} [A-Z][a-z]+ \d{4}, from )")


def _representations(review: ReviewRequest) -> list[str]:
    return [part for part in _ENTRY_START.split(review.representations) if part.strip()]


# --- Staff -------------------------------------------------------------------------------------

class StaffReviewListView(CaseworkerRequiredMixin, ListView):
    """Caseworkers: every review they may see, the earliest target date first; filter by
    status, "allocated to me" and overdue."""

    template_name = "applications/reviews/staff_list.html"
    context_object_name = "reviews"
    paginate_by = 50

    def get_queryset(self) -> Any:
        form = ReviewFilterForm(self.request.GET)
        form.is_valid()  # anything unknown is dropped; the list still shows
        self.filter_form = form
        data = form.cleaned_data
        self.status = data.get("status", "")
        self.mine = bool(data.get("mine"))
        self.overdue = bool(data.get("overdue"))
        return services.review_list(user=self.request.user, status=self.status,
                                    mine=self.mine, overdue=self.overdue)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        rows = [(review, services.is_overdue(review, today)) for review in context["reviews"]]
        context.update(rows=rows, filter_form=self.filter_form, status=self.status,
                       mine=self.mine, overdue=self.overdue,
                       overdue_count=services.reviews_overdue(user=self.request.user).count(),
                       statuses=[("", "All statuses"), ("open", "Open"), *Status.choices],
                       filtered=bool(self.status or self.mine or self.overdue))
        return context


def _visible_review(request: HttpRequest, review_ref: str) -> ReviewRequest:
    review = services.review_detail(user=request.user, reference=review_ref)
    if review is None:
        raise Http404("No such review")
    return review


def _senior_people() -> QuerySet[Any]:
    User = get_user_model()
    return User.objects.filter(is_active=True, role__in=["manager", "officer"])


def _decide_form_kwargs(review: ReviewRequest) -> dict[str, Any]:
    if review.award_id is None:
        return {"corrects_award": False}
    try:
        bands = BandScheme.from_scheme(scheme_in_force())
    except (ApplicationError, ValueError):
        return {"corrects_award": True}
    band_names = {band.code: band.name for band in bands.bands}
    return {"corrects_award": True,
            "reason_choices": [(reason.code, f"{reason.code}: {reason.title} "
                                             f"({band_names.get(reason.band_code, '')})")
                               for reason in bands.reasons],
            "band_choices": [(band.code, band.name) for band in bands.bands]}


def review_context(request: HttpRequest, review: ReviewRequest, *,
                   failed: tuple[str, forms.Form] | None = None) -> dict[str, Any]:
    """Everything the review page shows, and the forms its status allows this person."""
    user: Any = request.user
    forms_ = CaseForms(*(failed or ("", None)))
    application = review.application
    works = can_work_case(user, application)
    status = review.status
    award = review.award
    context: dict[str, Any] = {
        "review": review, "application": application, "award": award,
        "award_approvals": list(approvals_for(award)) if award is not None else [],
        "decision": review.decision, "medical": review.medical_assessment,
        "decision_outcome": (review.decision.outcome.replace("_", " ")
                             if review.decision is not None else ""),
        "representations": _representations(review),
        "timeline": timeline(ReviewRequest.history.filter(id=review.pk)),
        "letters": list(_review_letters(review)),
        "overdue": services.is_overdue(review),
        "days_late": ((review.received_at - review.request_deadline).days
                      if review.request_deadline and not review.in_time else 0),
        "reviewer_role": services.REVIEWER_ROLE,
    }
    approval = review.late_approval
    context["late_pending"] = bool(approval and approval.status
                                   == ApprovalRequest.Status.PENDING)
    if status == Status.AWAITING_LATE_DECISION and works and not context["late_pending"]:
        context["refer_form"] = forms_.get("refer", ReviewReferForm)
    if status in (Status.ACKNOWLEDGED, Status.ALLOCATED):
        if can_allocate_reviews(user):
            eligible, excluded = services.reviewer_candidates(review)
            allocate_form = forms_.get("allocate", ReviewAllocateForm,
                                       reviewers=_senior_people(),
                                       initial={"reviewer": review.reviewer_id})
            # Offer only the people who may review; the refusal for anyone else says why.
            field = allocate_form.fields["reviewer"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = _senior_people().filter(pk__in=[p.pk for p in eligible]) \
                .order_by("first_name", "last_name", "username")
            context.update(allocate_form=allocate_form, eligible=eligible, excluded=excluded)
        if works:
            context["representations_form"] = forms_.get("representations",
                                                         ReviewRepresentationsForm)
    if can_decide_review(user, review):
        context["decide_form"] = forms_.get("decide", ReviewDecideForm,
                                            **_decide_form_kwargs(review))
    elif status == Status.ALLOCATED and review.reviewer_id == user.pk:
        context["cannot_decide"] = services.reviewer_exclusion(review, user)
    if review.is_open and works:
        context["withdraw_form"] = forms_.get("withdraw", ReviewWithdrawForm)
    context["form"] = forms_.failed_form
    return context


class StaffReviewView(CaseworkerRequiredMixin, View):
    """Caseworkers: one review: the decision under review, the grounds, representations,
    timeline and the forms for its status."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, review_ref: str) -> HttpResponse:
        review = _visible_review(request, review_ref)
        return render(request, "applications/reviews/staff_detail.html",
                      review_context(request, review))


class _ReviewActionView(CaseworkerRequiredMixin, View):
    """POST only. Subclasses say who may act, build the form and call one service."""

    http_method_names = ["post"]
    key = ""

    def allowed(self, user: Any, review: ReviewRequest) -> bool:
        return can_work_case(user, review.application)

    def make_form(self, review: ReviewRequest, data: Any) -> forms.Form:
        raise NotImplementedError

    def perform(self, review: ReviewRequest, form: Any) -> str:
        raise NotImplementedError

    def post(self, request: HttpRequest, review_ref: str) -> HttpResponseBase:
        review = _visible_review(request, review_ref)
        if not self.allowed(request.user, review):
            raise PermissionDenied
        form = self.make_form(review, request.POST)
        if form.is_valid():
            try:
                message = self.perform(review, form)
            except ApplicationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, message)
                return redirect("applications:staff-review", review_ref=review.reference)
        review = _visible_review(request, review_ref)
        return render(request, "applications/reviews/staff_detail.html",
                      review_context(request, review, failed=(self.key, form)), status=400)


class StaffReviewReferView(_ReviewActionView):
    key = "refer"

    def make_form(self, review: ReviewRequest, data: Any) -> forms.Form:
        return ReviewReferForm(data, prefix=self.key)

    def perform(self, review: ReviewRequest, form: Any) -> str:
        services.review_late_refer(review=review, actor=self.request.user,
                                   note=form.cleaned_data["note"])
        return "The late request is with a manager to decide"


class StaffReviewAllocateView(_ReviewActionView):
    key = "allocate"

    def allowed(self, user: Any, review: ReviewRequest) -> bool:
        return can_allocate_reviews(user) and can_work_case(user, review.application)

    def make_form(self, review: ReviewRequest, data: Any) -> forms.Form:
        return ReviewAllocateForm(data, prefix=self.key, reviewers=_senior_people())

    def perform(self, review: ReviewRequest, form: Any) -> str:
        reviewer = form.cleaned_data["reviewer"]
        services.review_allocate(review=review, actor=self.request.user, reviewer_id=reviewer.pk)
        return f"The review is allocated to {reviewer.get_full_name() or reviewer.username}"


class StaffReviewRepresentationsView(_ReviewActionView):
    key = "representations"

    def make_form(self, review: ReviewRequest, data: Any) -> forms.Form:
        return ReviewRepresentationsForm(data, prefix=self.key)

    def perform(self, review: ReviewRequest, form: Any) -> str:
        services.review_representations_add(review=review, actor=self.request.user,
                                            text=form.cleaned_data["text"])
        return "Representations added"


class StaffReviewDecideView(_ReviewActionView):
    key = "decide"

    def allowed(self, user: Any, review: ReviewRequest) -> bool:
        return can_decide_review(user, review)

    def make_form(self, review: ReviewRequest, data: Any) -> forms.Form:
        return ReviewDecideForm(data, prefix=self.key, **_decide_form_kwargs(review))

    def perform(self, review: ReviewRequest, form: Any) -> str:
        data = form.cleaned_data
        decided = services.review_decide(review=review, actor=self.request.user,
                                         outcome=data["outcome"], reasons=data["reasons"],
                                         reason_codes=data.get("reason_codes") or [],
                                         override_band=data.get("override_band") or "")
        message = f"Review decided: {decided.get_outcome_display().lower()}. The decision " \
                  "letter has been sent"
        if decided.corrected_award is not None:
            message += (f". The corrected award ({decided.corrected_award.band_name}) is now "
                        "current")
        return message


class StaffReviewWithdrawView(_ReviewActionView):
    key = "withdraw"

    def make_form(self, review: ReviewRequest, data: Any) -> forms.Form:
        return ReviewWithdrawForm(data, prefix=self.key)

    def perform(self, review: ReviewRequest, form: Any) -> str:
        services.review_withdraw(review=review, actor=self.request.user,
                                 reason=form.cleaned_data["reason"])
        return "The review request is withdrawn"


class StaffReviewNewView(CaseworkerRequiredMixin, View):
    """Caseworkers: record a review request received by phone, letter, email or in person."""

    template = "applications/reviews/staff_new.html"

    def _application(self, reference: str) -> Application:
        application = applications_visible_to(self.request.user) \
            .filter(reference=reference).first()
        if application is None:
            raise Http404("No such application")
        if not can_work_case(self.request.user, application):
            raise PermissionDenied
        return application

    def _form(self, application: Application, data: Any = None) -> StaffReviewRequestForm:
        awards = [(a.pk, f"{a.band_name} ({a.get_status_display().lower()}), awarded "
                         f"{_long(a.award_date)}")
                  for a in application.awards.filter(
                      status__in=services.REVIEWABLE_AWARD_STATUSES).order_by("-created_at")]
        decisions = [(d.pk, f"{d.get_kind_display()}: {d.outcome.replace('_', ' ')}"
                            + (f" ({d.member.full_name})" if d.member is not None else "")
                            + f", {_long(timezone.localdate(d.created_at))}")
                     for d in application.decisions.select_related("member")
                     .order_by("-created_at")]
        medical = [(m.pk, f"{m.member.full_name}: {m.get_decided_level_display() or 'no level'}"
                          f", {_long(timezone.localdate(m.decided_at)) if m.decided_at else ''}")
                   for m in application.medical_assessments.select_related("member")
                   .filter(status__in=[MedicalAssessment.Status.DECIDED,
                                       MedicalAssessment.Status.NOTIFIED])
                   .order_by("-decided_at")]
        return StaffReviewRequestForm(data, awards=awards, decisions=decisions,
                                      medical=medical,
                                      initial={"received_at": timezone.localdate()})

    def _render(self, application: Application, form: Any, status: int = 200) -> HttpResponse:
        return render(self.request, self.template, {
            "application": application, "form": form,
            "current_award": application.awards.filter(
                status=BandAward.Status.CURRENT).first()}, status=status)

    def get(self, request: HttpRequest, reference: str) -> HttpResponse:
        application = self._application(reference)
        return self._render(application, self._form(application))

    def post(self, request: HttpRequest, reference: str) -> HttpResponse:
        application = self._application(reference)
        form = self._form(application, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                review = services.review_request(
                    application=application, actor=request.user, type=data["type"],
                    grounds=data["grounds"], channel=data["channel"],
                    representative=data["representative"], received_at=data["received_at"],
                    late_reason=data["late_reason"], award_id=data["award"],
                    decision_id=data["decision"],
                    medical_assessment_id=data["medical_assessment"],
                    decision_summary=data["decision_summary"],
                    decision_date=data["decision_date"])
            except ApplicationError as exc:
                add_errors(form, exc)
            else:
                if review.in_time:
                    message = (f"Review {review.reference} recorded and acknowledged. Target "
                               f"date: {_long(review.target_date)}")
                else:
                    message = (f"Review {review.reference} recorded. It is late (the last day "
                               f"was {_long(review.request_deadline)}), so a manager will "
                               "decide whether to accept it")
                messages.success(request, message)
                return redirect("applications:staff-review", review_ref=review.reference)
        return self._render(application, form, status=400)


# --- Applicants --------------------------------------------------------------------------------

class _ApplicantReviewView(ApplicantRequiredMixin, View):
    def own_application(self) -> Application | None:
        user: Any = self.request.user
        return (Application.objects.filter(applicant_user=user)
                .exclude(status=Application.Status.DRAFT).order_by("-created_at").first())

    def own_review(self, review_ref: str) -> ReviewRequest:
        review = (reviews_visible_to(self.request.user).select_related("application")
                  .filter(reference=review_ref).first())
        if review is None or not can_view_as_applicant(self.request.user, review.application):
            raise Http404("No such review")
        return review


class PortalReviewListView(_ApplicantReviewView):
    """The applicant's review requests, with their status and target date."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        reviews = (reviews_visible_to(request.user).select_related("application")
                   .order_by("-received_at", "-pk"))
        return render(request, "applications/reviews/portal_list.html", {
            "reviews": list(reviews), "application": self.own_application()})


class PortalReviewRequestView(_ApplicantReviewView):
    """Ask for a review. Every question is optional, so the button on the priority page (which
    sends only the award) makes the request in one click; a late request asks why."""

    template = "applications/reviews/portal_request.html"

    def _choices(self, application: Application | None) -> list[tuple[str, Any]]:
        return services.reviewable_decisions(application) if application else []

    def _late_hint(self, choices: list[tuple[str, Any]]) -> str:
        today = timezone.localdate()
        deadlines = sorted({services.request_window(target.letter_date, target.scheme)[1]
                            for _kind, target in choices})
        late = [day for day in deadlines if day < today]
        if not late:
            return ""
        return (f"The time limit to ask for a review of this decision ended on "
                f"{_long(late[-1])}. We can still accept a late request if there is a good "
                "reason, such as illness or not receiving our letter.")

    def _form(self, choices: list[tuple[str, Any]], data: Any = None) -> PortalReviewRequestForm:
        labels = dict(ReviewRequest.Type.choices)
        return PortalReviewRequestForm(
            data, choices=[(kind, f"{labels[kind]}: {target.summary}")
                           for kind, target in choices],
            late_hint=self._late_hint(choices))

    def _render(self, application: Application | None, choices: list[tuple[str, Any]],
                form: Any, status: int = 200) -> HttpResponse:
        award = (application.awards.filter(status=BandAward.Status.CURRENT).first()
                 if application else None)
        return render(self.request, self.template, {
            "application": application, "form": form, "choices": choices, "award": award,
            "has_choices": bool(choices)}, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        application = self.own_application()
        choices = self._choices(application)
        return self._render(application, choices, self._form(choices))

    def post(self, request: HttpRequest) -> HttpResponse:
        application = self.own_application()
        choices = self._choices(application)
        form = self._form(choices, request.POST)
        if application is None or not choices:
            form.is_valid()
            form.add_error(None, "There is no decision you can ask us to review online. "
                                 "Contact us to ask for a review.")
            return self._render(application, choices, form, status=400)
        if form.is_valid():
            data = form.cleaned_data
            kind = data.get("type") or choices[0][0]
            award_id = request.POST.get("award") or None \
                if kind in services.AWARD_TYPES else None
            try:
                review = services.review_request(
                    application=application, actor=request.user, type=kind,
                    grounds=data.get("grounds", ""),
                    representative=data.get("representative", ""),
                    late_reason=data.get("late_reason", ""), award_id=award_id)
            except ApplicationError as exc:
                add_form_errors(form, exc)
            else:
                if review.in_time:
                    messages.success(request, f"We have your request for a review (reference "
                                              f"{review.reference}). We aim to decide it by "
                                              f"{_long(review.target_date)}.")
                else:
                    messages.success(request, f"We have your request for a review (reference "
                                              f"{review.reference}). Because it is late, a "
                                              "manager will decide whether to accept it. We "
                                              "will write to you.")
                return redirect("applications:portal-review", review_ref=review.reference)
        return self._render(application, choices, form, status=400)


class PortalReviewView(_ApplicantReviewView):
    """One of the applicant's reviews: where it is, the target date, what they have told us,
    and a way to add more while it is open."""

    template = "applications/reviews/portal_detail.html"

    def _render(self, review: ReviewRequest, form: Any = None, error_form: Any = None,
                status: int = 200) -> HttpResponse:
        open_for_more = review.status in (Status.ACKNOWLEDGED, Status.ALLOCATED)
        if form is None and open_for_more:
            form = PortalRepresentationsForm()
        return render(self.request, self.template, {
            "review": review, "application": review.application, "form": form,
            "error_form": error_form,
            "open_for_more": open_for_more,
            "representations": _representations(review),
            "letters": list(_review_letters(review)),
            "reviewer_role": services.REVIEWER_ROLE}, status=status)

    def get(self, request: HttpRequest, review_ref: str) -> HttpResponse:
        return self._render(self.own_review(review_ref))

    def post(self, request: HttpRequest, review_ref: str) -> HttpResponse:
        """Add representations."""
        review = self.own_review(review_ref)
        form = PortalRepresentationsForm(request.POST)
        if form.is_valid():
            try:
                services.review_representations_add(review=review, actor=request.user,
                                                    text=form.cleaned_data["text"])
            except ApplicationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, "Thank you. The reviewer will consider what you "
                                          "have told us.")
                return redirect("applications:portal-review", review_ref=review.reference)
        return self._render(self.own_review(review_ref), form, status=400)


class PortalReviewWithdrawView(PortalReviewView):
    """Withdraw a review that is still open (POST only)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, review_ref: str) -> HttpResponse:
        review = self.own_review(review_ref)
        try:
            services.review_withdraw(review=review, actor=request.user)
        except ApplicationError as exc:
            form = ActionForm({})
            form.is_valid()
            form.add_error(None, exc.message)
            return self._render(self.own_review(review_ref), error_form=form, status=400)
        messages.success(request, f"You have withdrawn your review request {review.reference}.")
        return redirect(reverse("applications:portal-review", args=[review.reference]))
