"""Medical and welfare assessment pages (DOMAIN.md §2, §5.9).

Three audiences, kept apart:

* caseworkers work the assessments on a case they may see: ask for a form, enter one, screen and
  refer, decide (``staff/applications/<reference>/medical/…``);
* a medical adviser sees only the assessments referred to them, and only the medical parts —
  first name and age, the form, the referral question and the linked medical evidence — never
  case notes, finances or other people's data (``staff/medical/…``; 404 for anything else);
* the applicant fills in the form for someone in their own live application
  (``account/medical/…``; 404 for anyone else's).

Each action calls one service; a refusal shows the page again with a GOV.UK error summary and
status 400, and nothing has changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from applications.forms.medical import (
    NO_MOBILITY,
    DecideForm,
    MedicalForm,
    MemberChoiceForm,
    OfficerMedicalForm,
    RecommendForm,
    ReferForm,
)
from applications.models import Application, EvidenceItem, HouseholdMember, MedicalAssessment
from applications.policies import (
    applications_visible_to,
    can_advise,
    can_work_case,
    is_medical_adviser,
    medical_assessments_visible_to,
)
from applications.services.medical import (
    OPEN_STATUSES,
    medical_assessment_request,
    medical_decide,
    medical_form_submit,
    medical_recommend,
    medical_screen,
)
from applications.views.staff import CaseworkerRequiredMixin, add_errors, safe_filename
from housing.accounts.mixins import ApplicantRequiredMixin, PolicyRequiredMixin
from housing.accounts.models import Role, User
from housing.approvals.selectors import approvals_for
from housing.core.exceptions import ApplicationError

Status = MedicalAssessment.Status


def _advisers() -> QuerySet[User]:
    return (User.objects.filter(is_active=True, role=Role.MEDICAL_ADVISER)
            .order_by("first_name", "last_name", "username"))


# --- Staff: the case's assessments -------------------------------------------------------------

def _case(request: HttpRequest, reference: str) -> Application:
    """The case, or 404 if this officer may not see it (a restricted case does not exist for an
    officer outside the restricted group)."""
    application = (applications_visible_to(request.user).filter(reference=reference)
                   .select_related("applicant_user").first())
    if application is None:
        raise Http404("No such application")
    if not can_work_case(request.user, application):
        raise PermissionDenied
    return application


def _assessment(application: Application, pk: int) -> MedicalAssessment:
    assessment = (MedicalAssessment.objects.filter(application=application, pk=pk)
                  .select_related("member", "adviser", "screened_by", "decided_by",
                                  "form_submitted_by", "letter").first())
    if assessment is None:
        raise Http404("No such medical assessment on this application")
    return assessment


def _members(application: Application) -> list[HouseholdMember]:
    return list(application.members.order_by("id"))


def _list_context(request: HttpRequest, application: Application,
                  failed: tuple[str, forms.Form] | None = None) -> dict[str, Any]:
    members = _members(application)
    key, form = failed or ("", None)
    assessments = list(application.medical_assessments.select_related("member", "adviser")
                       .order_by("-created_at", "-pk"))
    open_members = {a.member_id for a in assessments if a.status in OPEN_STATUSES}
    askable = [m for m in members if m.pk not in open_members]
    return {
        "application": application,
        "assessments": assessments,
        "askable": askable,
        "request_form": form if key == "request" else MemberChoiceForm(prefix="request",
                                                                        members=askable),
        "entry_form": form if key == "entry" else OfficerMedicalForm(prefix="entry",
                                                                      members=members),
        "form": form,
        "today": timezone.localdate(),
    }


class MedicalListView(CaseworkerRequiredMixin, View):
    """Caseworkers: the case's medical assessments; ask for a form; enter one for them."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, reference: str) -> HttpResponse:
        application = _case(request, reference)
        return render(request, "applications/medical/staff_list.html",
                      _list_context(request, application))


class MedicalRequestView(CaseworkerRequiredMixin, View):
    """POST: ask the household for a medical form for one person."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, reference: str) -> HttpResponseBase:
        application = _case(request, reference)
        form = MemberChoiceForm(request.POST, prefix="request", members=_members(application))
        if form.is_valid():
            try:
                assessment = medical_assessment_request(
                    application=application, member_id=form.cleaned_data["member"],
                    actor=request.user)
            except ApplicationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"Medical form requested for "
                                          f"{assessment.member.full_name}. The applicant can "
                                          "fill it in from their account.")
                return redirect("applications:staff-medical", application.reference)
        return render(request, "applications/medical/staff_list.html",
                      _list_context(request, application, ("request", form)), status=400)


class MedicalEntryView(CaseworkerRequiredMixin, View):
    """POST: an officer enters the medical form for the household."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, reference: str) -> HttpResponseBase:
        application = _case(request, reference)
        form = OfficerMedicalForm(request.POST, prefix="entry", members=_members(application))
        if form.is_valid():
            data = form.cleaned_data
            try:
                assessment = medical_form_submit(
                    application=application, member_id=data["member"], actor=request.user,
                    condition=data["condition"], how_housing_affects=data["how_housing_affects"],
                    what_would_help=data["what_would_help"],
                    mobility_difficulties=data["mobility_difficulties"])
            except ApplicationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"Medical form recorded for "
                                          f"{assessment.member.full_name}. Screen it next.")
                return redirect("applications:staff-medical-detail", application.reference,
                                assessment.pk)
        return render(request, "applications/medical/staff_list.html",
                      _list_context(request, application, ("entry", form)), status=400)


@dataclass
class HistoryRow:
    when: Any
    who: str
    what: str
    status: str


def _history(assessment: MedicalAssessment) -> list[HistoryRow]:
    labels = dict(Status.choices)
    rows = []
    for record in assessment.history.select_related("history_user").order_by("history_date"):
        user = record.history_user
        rows.append(HistoryRow(
            when=record.history_date,
            who=(user.get_full_name() or user.get_username()) if user else "System",
            what=record.history_change_reason or "Updated",
            status=labels.get(record.status, record.status)))
    return rows


def _decide_initial(assessment: MedicalAssessment) -> dict[str, Any]:
    if assessment.status != Status.RECOMMENDED:
        return {"mobility": NO_MOBILITY}
    return {"level": assessment.recommended_level,
            "mobility": assessment.recommended_mobility or NO_MOBILITY,
            "ground_floor": assessment.recommended_ground_floor,
            "extra_bedroom": assessment.recommended_extra_bedroom}


def _medical_evidence(application: Application,
                      assessment: MedicalAssessment) -> list[EvidenceItem]:
    linked = set(assessment.evidence.values_list("pk", flat=True))
    return list(EvidenceItem.objects.filter(
        Q(pk__in=linked) | Q(application=application, member=assessment.member,
                             kind=EvidenceItem.Kind.MEDICAL)).order_by("id"))


def _detail_context(request: HttpRequest, application: Application,
                    assessment: MedicalAssessment,
                    failed: tuple[str, forms.Form] | None = None) -> dict[str, Any]:
    key, form = failed or ("", None)
    status = assessment.status
    can_refer = status in (Status.EVIDENCE_RECEIVED, Status.RECOMMENDED)
    can_decide = status in (Status.EVIDENCE_RECEIVED, Status.RECOMMENDED)
    refer_form = decide_form = None
    if can_refer:
        refer_form = form if key == "refer" else ReferForm(prefix="refer", advisers=_advisers())
    if can_decide:
        decide_form = form if key == "decide" else DecideForm(
            prefix="decide", screening=status == Status.EVIDENCE_RECEIVED,
            initial=_decide_initial(assessment))
    today = timezone.localdate()
    return {
        "application": application,
        "assessment": assessment,
        "member": assessment.member,
        "age": assessment.member.age_on(today),
        "evidence": _medical_evidence(application, assessment),
        "approvals": list(approvals_for(assessment)),
        "history": _history(assessment),
        "refer_form": refer_form,
        "decide_form": decide_form,
        "overdue": bool(status == Status.WITH_ADVISER and assessment.recommendation_due
                        and assessment.recommendation_due < today),
        "decided": status in (Status.DECIDED, Status.NOTIFIED),
        "form": form,
        "today": today,
    }


class MedicalDetailView(CaseworkerRequiredMixin, View):
    """Caseworkers: one assessment — the form, the medical evidence, the adviser's
    recommendation, the decision — and the actions its status allows."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, reference: str, pk: int) -> HttpResponse:
        application = _case(request, reference)
        return render(request, "applications/medical/staff_detail.html",
                      _detail_context(request, application, _assessment(application, pk)))


class _AssessmentActionView(CaseworkerRequiredMixin, View):
    http_method_names = ["post"]
    key = ""

    def make_form(self, assessment: MedicalAssessment, data: Any) -> forms.Form:
        raise NotImplementedError

    def perform(self, assessment: MedicalAssessment, form: Any) -> str:
        raise NotImplementedError

    def post(self, request: HttpRequest, reference: str, pk: int) -> HttpResponseBase:
        application = _case(request, reference)
        assessment = _assessment(application, pk)
        form = self.make_form(assessment, request.POST)
        if form.is_valid():
            try:
                message = self.perform(assessment, form)
            except ApplicationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, message)
                return redirect("applications:staff-medical-detail", application.reference,
                                assessment.pk)
        # A refused service rolled back; read the assessment again.
        return render(request, "applications/medical/staff_detail.html",
                      _detail_context(request, application, _assessment(application, pk),
                                      (self.key, form)), status=400)


class MedicalReferView(_AssessmentActionView):
    """POST: screening — refer the form to a medical adviser."""

    key = "refer"

    def make_form(self, assessment: MedicalAssessment, data: Any) -> forms.Form:
        return ReferForm(data, prefix="refer", advisers=_advisers())

    def perform(self, assessment: MedicalAssessment, form: Any) -> str:
        data = form.cleaned_data
        assessment = medical_screen(assessment=assessment, actor=self.request.user,
                                    outcome="refer", note=data["note"],
                                    adviser_id=data["adviser"].pk, question=data["question"])
        assert assessment.recommendation_due is not None
        return (f"Referred to {data['adviser'].get_full_name() or data['adviser'].username}. "
                f"Their recommendation is due by {assessment.recommendation_due:%-d %B %Y}.")


class MedicalDecideView(_AssessmentActionView):
    """POST: the officer's decision — straight after screening (no referral needed) or on the
    adviser's recommendation. Sends L8."""

    key = "decide"

    def make_form(self, assessment: MedicalAssessment, data: Any) -> forms.Form:
        return DecideForm(data, prefix="decide",
                          screening=assessment.status == Status.EVIDENCE_RECEIVED)

    def perform(self, assessment: MedicalAssessment, form: Any) -> str:
        data = form.cleaned_data
        decision = {"level": data["level"], "mobility": data["mobility"],
                    "ground_floor": data["ground_floor"],
                    "extra_bedroom": data["extra_bedroom"], "rationale": data["rationale"]}
        if "note" in data:
            assessment = medical_screen(assessment=assessment, actor=self.request.user,
                                        outcome="decide", note=data["note"], **decision)
        else:
            assessment = medical_decide(assessment=assessment, actor=self.request.user,
                                        **decision)
        extra = (" An extra bedroom has gone to a manager for approval."
                 if assessment.decided_extra_bedroom else "")
        return ("Decision recorded and the letter sent." + extra
                + " Now reassess the band: the decision does not change it by itself.")


# --- The medical adviser -----------------------------------------------------------------------

class AdviserRequiredMixin(PolicyRequiredMixin):
    """Medical advisers only."""

    policy = staticmethod(is_medical_adviser)


def _referred(request: HttpRequest, pk: int) -> MedicalAssessment:
    """An assessment referred to this adviser, or 404: another adviser's referrals and every
    other case do not exist here."""
    assessment = (medical_assessments_visible_to(request.user).filter(pk=pk)
                  .select_related("member").first())
    if assessment is None or not can_advise(request.user, assessment):
        raise Http404("No such referral")
    return assessment


class AdviserQueueView(AdviserRequiredMixin, View):
    """Medical advisers: the referrals waiting for them (oldest due first), and the ones they
    have answered."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        mine = medical_assessments_visible_to(request.user).select_related("member")
        waiting = list(mine.filter(status=Status.WITH_ADVISER)
                       .order_by("recommendation_due", "referred_at", "pk"))
        done = list(mine.exclude(status=Status.WITH_ADVISER).exclude(recommended_at=None)
                    .order_by("-recommended_at")[:20])
        return render(request, "applications/medical/adviser_queue.html", {
            "waiting": [(a, bool(a.recommendation_due and a.recommendation_due < today))
                        for a in waiting],
            "done": done, "today": today})


def _adviser_context(assessment: MedicalAssessment, form: forms.Form | None) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "assessment": assessment,
        "first_name": assessment.member.first_name,
        "age": assessment.member.age_on(today),
        "evidence": list(assessment.evidence.order_by("id")),
        "form": form,
        "overdue": bool(assessment.status == Status.WITH_ADVISER
                        and assessment.recommendation_due
                        and assessment.recommendation_due < today),
    }


class AdviserDetailView(AdviserRequiredMixin, View):
    """Medical advisers: one referral — only the medical parts — and the recommendation."""

    http_method_names = ["get", "head", "post"]
    template = "applications/medical/adviser_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        assessment = _referred(request, pk)
        form = (RecommendForm(initial={"mobility": NO_MOBILITY})
                if assessment.status == Status.WITH_ADVISER else None)
        return render(request, self.template, _adviser_context(assessment, form))

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        assessment = _referred(request, pk)
        form = RecommendForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                medical_recommend(assessment=assessment, actor=request.user,
                                  level=data["level"], mobility=data["mobility"],
                                  ground_floor=data["ground_floor"], lift=data["lift"],
                                  extra_bedroom=data["extra_bedroom"],
                                  near_support=data["near_support"],
                                  rationale=data["rationale"])
            except ApplicationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "Recommendation sent to the housing officer.")
                return redirect("applications:adviser-queue")
        return render(request, self.template,
                      _adviser_context(_referred(request, pk), form), status=400)


class AdviserEvidenceView(AdviserRequiredMixin, View):
    """Medical advisers: a medical document linked to a referral of theirs, as an attachment."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int, item_id: int) -> HttpResponseBase:
        assessment = _referred(request, pk)
        item = (assessment.evidence.filter(pk=item_id).exclude(Q(file="") | Q(file__isnull=True))
                .first())
        if item is None:
            raise Http404("No such document")
        response = FileResponse(item.file.open("rb"),
                                content_type=item.content_type or "application/octet-stream",
                                as_attachment=True,
                                filename=safe_filename(item.original_filename))
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


# --- The applicant -----------------------------------------------------------------------------

_APPLICANT_STATUS = {
    Status.REQUESTED: "We have asked you for a form",
    Status.EVIDENCE_RECEIVED: "Form received",
    Status.WITH_ADVISER: "Being assessed",
    Status.RECOMMENDED: "Being assessed",
    Status.DECIDED: "Decided",
    Status.NOTIFIED: "Decision sent",
}


@dataclass
class PortalRow:
    member: HouseholdMember
    who: str
    status: str
    can_fill: bool
    requested: bool


def _who(member: HouseholdMember) -> str:
    return "you" if member.role == HouseholdMember.Role.LEAD else member.first_name


class _ApplicantMedicalView(ApplicantRequiredMixin, View):
    def own_live_application(self) -> Application | None:
        user: Any = self.request.user  # an applicant: ApplicantRequiredMixin ran first
        application = (Application.objects.filter(applicant_user=user)
                       .order_by("-created_at").first())
        return application if application is not None and application.is_live else None


class PortalMedicalView(_ApplicantMedicalView):
    """Applicants: the people in their live application and where each medical form is."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        application = self.own_live_application()
        rows = []
        if application is not None:
            latest: dict[int, MedicalAssessment] = {}
            for assessment in application.medical_assessments.order_by("created_at", "pk"):
                latest[assessment.member_id] = assessment
            for member in _members(application):
                current = latest.get(member.pk)
                rows.append(PortalRow(
                    member=member, who=_who(member),
                    status=_APPLICANT_STATUS[Status(current.status)] if current
                    else "No form sent",
                    can_fill=current is None or current.status not in OPEN_STATUSES
                    or current.status == Status.REQUESTED,
                    requested=bool(current and current.status == Status.REQUESTED)))
        return render(request, "applications/medical/portal_list.html",
                      {"application": application, "rows": rows})


class PortalMedicalFormView(_ApplicantMedicalView):
    """Applicants: the medical form for one person in their own live application."""

    http_method_names = ["get", "head", "post"]
    template = "applications/medical/portal_form.html"

    def _member(self, member_id: int) -> tuple[Application, HouseholdMember]:
        application = self.own_live_application()
        member = (application.members.filter(pk=member_id).first()
                  if application is not None else None)
        if application is None or member is None:
            raise Http404
        return application, member

    def _context(self, application: Application, member: HouseholdMember,
                 form: forms.Form | None) -> dict[str, Any]:
        in_progress = (MedicalAssessment.objects
                       .filter(member=member, status__in=OPEN_STATUSES)
                       .exclude(status=Status.REQUESTED).first())
        who = _who(member)
        return {"application": application, "member": member, "form": form,
                "in_progress": in_progress,
                "in_progress_status": (_APPLICANT_STATUS[Status(in_progress.status)]
                                       if in_progress else ""),
                "title": ("Your health and your home" if who == "you"
                          else f"{member.first_name}'s health and your home")}

    def get(self, request: HttpRequest, member_id: int) -> HttpResponse:
        application, member = self._member(member_id)
        return render(request, self.template,
                      self._context(application, member, MedicalForm(who=_who(member))))

    def post(self, request: HttpRequest, member_id: int) -> HttpResponseBase:
        application, member = self._member(member_id)
        form = MedicalForm(request.POST, who=_who(member))
        if form.is_valid():
            data = form.cleaned_data
            try:
                medical_form_submit(application=application, member_id=member.pk,
                                    actor=request.user, condition=data["condition"],
                                    how_housing_affects=data["how_housing_affects"],
                                    what_would_help=data["what_would_help"],
                                    mobility_difficulties=data["mobility_difficulties"])
            except ApplicationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "Thank you. We have your form and will look at how "
                                          "your home affects health. We will write to you "
                                          "with our decision.")
                return redirect(reverse("applications:portal-medical"))
        return render(request, self.template, self._context(application, member, form),
                      status=400)
