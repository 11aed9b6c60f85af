"""Applicant pages: apply through a task list over a draft saved in the database, check the
answers with an instant pre-check, submit, upload evidence, follow the status and report changes.

Who may use them: signed-in applicants with a verified email, on their own application only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from applications import selectors
from applications.forms import portal as forms
from applications.models import Application, EvidenceItem, HouseholdMember
from applications.policies import can_edit_draft
from applications.sections import SECTIONS, SECTIONS_BY_KEY
from applications.services import casework, drafts, evidence, submission
from housing.accounts.mixins import ApplicantRequiredMixin
from housing.core.exceptions import ApplicationError
from housing.core.views_helpers import add_form_errors
from housing.scheme.selectors import scheme_in_force

TASK_LIST = "applications:portal-application"
_SECTION_PAGES = {"about-you": "portal-about-you", "household": "portal-household",
                  "addresses": "portal-addresses", "immigration": "portal-immigration",
                  "declaration": "portal-declaration"}


def section_url(key: str) -> str:
    if key in _SECTION_PAGES:
        return reverse(f"applications:{_SECTION_PAGES[key]}")
    return reverse("applications:portal-section", args=[key])


class _ApplicantView(ApplicantRequiredMixin, View):
    """Finds the signed-in applicant's own application; nobody else's is ever reachable here."""

    def own_application(self) -> Application | None:
        user: Any = self.request.user  # an applicant: ApplicantRequiredMixin ran first
        return (Application.objects.filter(applicant_user=user)
                .select_related("circumstances").order_by("-created_at").first())

    def draft(self) -> Application:
        application = self.own_application()
        if application is None or not can_edit_draft(self.request.user, application):
            raise Http404
        return application


class ApplicationHomeView(_ApplicantView):
    """No application: how to apply. A draft: the task list. Submitted: the status page."""

    def get(self, request: HttpRequest) -> HttpResponse:
        application = self.own_application()
        if application is None:
            return render(request, "applications/portal/start.html")
        if application.status == Application.Status.DRAFT:
            done = set(application.sections_completed)
            return render(request, "applications/portal/task_list.html", {
                "application": application,
                "tasks": [(section, section.key in done, section_url(section.key))
                          for section in SECTIONS],
                "done_count": len(done), "total": len(SECTIONS),
                "ready": len(done) == len(SECTIONS),
            })
        return render(request, "applications/portal/status.html", {
            "application": application,
            "outstanding": [e for e in application.evidence.select_related("member")
                            if e.is_outstanding or e.status == EvidenceItem.Status.RECEIVED],
            "changes": application.changes.all()[:5],
        })


class ApplicationStartView(_ApplicantView):
    def post(self, request: HttpRequest) -> HttpResponse:
        drafts.application_start(user=request.user, actor=request.user)
        return redirect(TASK_LIST)


class AboutYouView(_ApplicantView):
    template = "applications/portal/form.html"

    def _context(self, application: Application, form: Any) -> dict[str, Any]:
        return {"application": application, "form": form,
                "section": SECTIONS_BY_KEY["about-you"]}

    def get(self, request: HttpRequest) -> HttpResponse:
        application = self.draft()
        lead = application.members.get(role=HouseholdMember.Role.LEAD)
        form = forms.AboutYouForm(initial={
            "first_name": lead.first_name, "last_name": lead.last_name,
            "date_of_birth": lead.date_of_birth, "sex": lead.sex, "ni_number": lead.ni_number,
            "phone": lead.phone, "email": lead.email or getattr(request.user, "email", "")})
        return render(request, self.template, self._context(application, form))

    def post(self, request: HttpRequest) -> HttpResponse:
        application = self.draft()
        form = forms.AboutYouForm(request.POST)
        if form.is_valid():
            try:
                drafts.lead_details_save(application=application, actor=request.user,
                                         **form.cleaned_data)
            except ApplicationError as exc:
                add_form_errors(form, exc)
            else:
                return redirect(TASK_LIST)
        return render(request, self.template, self._context(application, form), status=400)


class CircumstancesSectionView(_ApplicantView):
    """Every section kept on Circumstances: one form each, built from the section's fields."""

    template = "applications/portal/form.html"

    def _section(self, key: str) -> Any:
        section = SECTIONS_BY_KEY.get(key)
        if section is None or not section.circumstances_fields:
            raise Http404
        return section

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        section = self._section(key)
        application = self.draft()
        form_class = forms.circumstances_form_class(section.circumstances_fields)
        form = form_class(instance=application.circumstances)
        if key not in application.sections_completed:
            for name, field in form.fields.items():
                if isinstance(field, forms.forms.TypedChoiceField) and \
                        form.initial.get(name) is False:
                    form.initial[name] = None  # not answered yet: no pre-selected "No"
        return render(request, self.template, {"application": application, "form": form,
                                               "section": section})

    def post(self, request: HttpRequest, key: str) -> HttpResponse:
        section = self._section(key)
        application = self.draft()
        form_class = forms.circumstances_form_class(section.circumstances_fields)
        form = form_class(request.POST, instance=application.circumstances)
        if form.is_valid():
            try:
                drafts.circumstances_save(application=application, actor=request.user,
                                          section=key, data=form.cleaned_data)
            except ApplicationError as exc:
                add_form_errors(form, exc)
            else:
                return redirect(TASK_LIST)
        return render(request, self.template, {"application": application, "form": form,
                                               "section": section}, status=400)


class HouseholdView(_ApplicantView):
    """The people who will live with the applicant: list, remove, confirm."""

    def get(self, request: HttpRequest) -> HttpResponse:
        application = self.draft()
        return render(request, "applications/portal/household.html", {
            "application": application, "members": application.members.order_by("id"),
            "section": SECTIONS_BY_KEY["household"]})

    def post(self, request: HttpRequest) -> HttpResponse:
        application = self.draft()
        try:
            if "remove" in request.POST:
                drafts.member_remove(application=application, actor=request.user,
                                     member_id=int(request.POST["remove"]))
                messages.success(request, "Person removed.")
                return redirect("applications:portal-household")
            drafts.household_confirm(application=application, actor=request.user)
        except (ApplicationError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", "That could not be done."))
            return redirect("applications:portal-household")
        return redirect(TASK_LIST)


class MemberAddView(_ApplicantView):
    template = "applications/portal/form.html"

    def _context(self, application: Application, form: Any) -> dict[str, Any]:
        return {"application": application, "form": form, "title": "Add a person",
                "section": SECTIONS_BY_KEY["household"],
                "back": reverse("applications:portal-household")}

    def get(self, request: HttpRequest) -> HttpResponse:
        application = self.draft()
        return render(request, self.template, self._context(application, forms.MemberForm()))

    def post(self, request: HttpRequest) -> HttpResponse:
        application = self.draft()
        form = forms.MemberForm(request.POST)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "expecting"}
            try:
                drafts.member_add(application=application, actor=request.user, data=data)
            except ApplicationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, f"{data['first_name']} added.")
                return redirect("applications:portal-household")
        return render(request, self.template, self._context(application, form), status=400)


class AddressesView(_ApplicantView):
    """Five years of addresses for each adult; gaps are explained before the section is done."""

    def _context(self, application: Application, errors: list[str] | None = None
                 ) -> dict[str, Any]:
        return {"application": application, "section": SECTIONS_BY_KEY["addresses"],
                "people": selectors.adults(application),
                "years": scheme_in_force().address_history_years, "gap_errors": errors or []}

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "applications/portal/addresses.html",
                      self._context(self.draft()))

    def post(self, request: HttpRequest) -> HttpResponse:
        application = self.draft()
        try:
            if "remove" in request.POST:
                drafts.address_remove(application=application, actor=request.user,
                                      address_id=int(request.POST["remove"]))
                messages.success(request, "Address removed.")
                return redirect("applications:portal-addresses")
            drafts.addresses_confirm(application=application, actor=request.user,
                                     years=scheme_in_force().address_history_years)
        except ApplicationError as exc:
            return render(request, "applications/portal/addresses.html",
                          self._context(application, exc.errors.get("addresses",
                                                                    [exc.message])),
                          status=400)
        except ValueError:
            raise Http404 from None
        return redirect(TASK_LIST)


class AddressAddView(_ApplicantView):
    template = "applications/portal/form.html"

    def _member(self, application: Application, member_id: int) -> HouseholdMember:
        member = application.members.filter(pk=member_id).first()
        if member is None:
            raise Http404
        return member

    def _context(self, application: Application, member: HouseholdMember, form: Any
                 ) -> dict[str, Any]:
        return {"application": application, "form": form,
                "title": f"Add an address for {member.first_name or 'you'}",
                "section": SECTIONS_BY_KEY["addresses"],
                "back": reverse("applications:portal-addresses")}

    def get(self, request: HttpRequest, member_id: int) -> HttpResponse:
        application = self.draft()
        member = self._member(application, member_id)
        return render(request, self.template,
                      self._context(application, member, forms.AddressForm()))

    def post(self, request: HttpRequest, member_id: int) -> HttpResponse:
        application = self.draft()
        member = self._member(application, member_id)
        form = forms.AddressForm(request.POST)
        if form.is_valid():
            try:
                drafts.address_add(application=application, actor=request.user,
                                   member_id=member.pk, data=form.cleaned_data)
            except ApplicationError as exc:
                add_form_errors(form, exc)
            else:
                return redirect("applications:portal-addresses")
        return render(request, self.template, self._context(application, member, form),
                      status=400)


class ImmigrationView(_ApplicantView):
    """Nationality and immigration status for each person applying (lead and joint)."""

    template = "applications/portal/form.html"

    def _member(self, application: Application, member_id: int | None) -> HouseholdMember:
        tenants = selectors.proposed_tenants(application)
        for member in tenants:
            if member_id is None and not member.immigration_status:
                return member
            if member.pk == member_id:
                return member
        if member_id is None and tenants:
            return tenants[0]
        raise Http404

    def _context(self, application: Application, member: HouseholdMember, form: Any
                 ) -> dict[str, Any]:
        who = "you" if member.role == HouseholdMember.Role.LEAD else member.first_name
        return {"application": application, "form": form,
                "title": f"Nationality and immigration status: {who}",
                "section": SECTIONS_BY_KEY["immigration"]}

    def get(self, request: HttpRequest, member_id: int | None = None) -> HttpResponse:
        application = self.draft()
        member = self._member(application, member_id)
        form = forms.ImmigrationForm(initial={
            "nationality": member.nationality, "immigration_status": member.immigration_status,
            "status_expiry_date": member.status_expiry_date,
            "right_to_reside": member.right_to_reside,
            "is_existing_social_tenant": member.is_existing_social_tenant
            if member.immigration_status else None})
        return render(request, self.template, self._context(application, member, form))

    def post(self, request: HttpRequest, member_id: int | None = None) -> HttpResponse:
        application = self.draft()
        member = self._member(application, member_id)
        form = forms.ImmigrationForm(request.POST)
        if form.is_valid():
            try:
                drafts.member_immigration_save(application=application, actor=request.user,
                                               member_id=member.pk, data=form.cleaned_data)
            except ApplicationError as exc:
                add_form_errors(form, exc)
            else:
                remaining = [m for m in selectors.proposed_tenants(application)
                             if not m.immigration_status and m.pk != member.pk]
                if remaining:
                    return redirect("applications:portal-immigration-member", remaining[0].pk)
                return redirect(TASK_LIST)
        return render(request, self.template, self._context(application, member, form),
                      status=400)


class DeclarationView(_ApplicantView):
    template = "applications/portal/declaration.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        application = self.draft()
        return render(request, self.template, {"application": application,
                                               "form": forms.DeclarationForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        application = self.draft()
        form = forms.DeclarationForm(request.POST)
        if form.is_valid():
            try:
                drafts.declaration_accept(application=application, actor=request.user,
                                          consent=form.cleaned_data["consent"])
            except ApplicationError as exc:
                add_form_errors(form, exc)
            else:
                return redirect("applications:portal-check")
        return render(request, self.template, {"application": application, "form": form},
                      status=400)


class CheckAndSubmitView(_ApplicantView):
    """Check your answers, see the instant pre-check (advice, not a decision), then submit."""

    template = "applications/portal/check.html"

    def _context(self, application: Application, errors: list[str] | None = None
                 ) -> dict[str, Any]:
        return {"application": application, "check": selectors.pre_check(
            application=application), "members": application.members.order_by("id"),
            "submit_errors": errors or [], "ready": len(application.sections_completed)
            == len(SECTIONS)}

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template, self._context(self.draft()))

    def post(self, request: HttpRequest) -> HttpResponse:
        application = self.draft()
        try:
            submission.application_submit(application=application, actor=request.user)
        except ApplicationError as exc:
            errors = [m for msgs in exc.errors.values() for m in msgs] or [exc.message]
            return render(request, self.template, self._context(application, errors),
                          status=400)
        return redirect("applications:portal-submitted")


class SubmittedView(_ApplicantView):
    def get(self, request: HttpRequest) -> HttpResponse:
        application = self.own_application()
        if application is None or application.status == Application.Status.DRAFT:
            return redirect(TASK_LIST)
        return render(request, "applications/portal/submitted.html",
                      {"application": application})


class EvidenceUploadView(_ApplicantView):
    """Upload a document against an item we asked for."""

    template = "applications/portal/form.html"

    def _item(self, item_id: int) -> EvidenceItem:
        application = self.own_application()
        item = (EvidenceItem.objects.select_related("member")
                .filter(pk=item_id, application=application).first()
                if application else None)
        if item is None or item.status == EvidenceItem.Status.VERIFIED:
            raise Http404
        return item

    def _context(self, item: EvidenceItem, form: Any) -> dict[str, Any]:
        return {"application": item.application, "form": form, "title": item.description,
                "multipart": True, "submit_label": "Upload",
                "back": reverse(TASK_LIST),
                "lede": f"Send this by {item.due_date:%-d %B %Y}." if item.due_date else ""}

    def get(self, request: HttpRequest, item_id: int) -> HttpResponse:
        item = self._item(item_id)
        return render(request, self.template, self._context(item, forms.EvidenceUploadForm()))

    def post(self, request: HttpRequest, item_id: int) -> HttpResponse:
        item = self._item(item_id)
        form = forms.EvidenceUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                evidence.evidence_upload(item=item, actor=request.user,
                                         upload=form.cleaned_data["file"])
            except ApplicationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, "Document uploaded. We will check it and tell you "
                                          "if we need anything else.")
                return redirect(TASK_LIST)
        return render(request, self.template, self._context(item, form), status=400)


class ChangeReportView(_ApplicantView):
    template = "applications/portal/form.html"

    def _context(self, application: Application, form: Any) -> dict[str, Any]:
        return {"application": application, "form": form,
                "title": "Report a change of circumstances", "back": reverse(TASK_LIST),
                "lede": "Tell us as soon as anything changes. If the change could affect your "
                        "priority or the size of home you need, bidding is paused until we "
                        "have checked it."}

    def _live(self) -> Application:
        application = self.own_application()
        if application is None or not application.is_live:
            raise Http404
        return application

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template, self._context(self._live(), forms.ChangeForm()))

    def post(self, request: HttpRequest) -> HttpResponse:
        application = self._live()
        form = forms.ChangeForm(request.POST)
        if form.is_valid():
            try:
                change = casework.change_report(application=application, actor=request.user,
                                                **form.cleaned_data)
            except ApplicationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, "Thank you. We have your change and will check it."
                                 + (" Bidding is paused until then." if change.suspended_bidding
                                    else ""))
                return redirect(TASK_LIST)
        return render(request, self.template, self._context(application, form), status=400)
