"""The applicant signs their tenancy online (DOMAIN.md §3.15, §5.3 step 3; decision record 0012).

Applicants only (``ApplicantRequiredMixin``), and only their own household's sign-ups once the
tenancy pack is made (``policies.signups_visible_to``): anyone else's, one still in its
pre-tenancy checks, or one that does not exist is a 404.

The page shows the key terms as written in the current pack, a link to read the pack (the exact
PDF whose SHA-256 is kept, shown as its "document fingerprint") and, while it is ready to sign,
the form: who is signing, their full name typed as a signature and the confirmation. The form
carries the fingerprint of the pack the page showed, so a pack remade in the meantime is refused
(``tenant_sign`` raises a conflict) and nothing is stored. Once every tenant has signed the page
says we will counter-sign; once counter-signed it offers the signed copy.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from applications.models import HouseholdMember
from housing.accounts.mixins import ApplicantRequiredMixin
from housing.core.exceptions import ApplicationError, ConflictError
from housing.core.views_helpers import client_ip, private_pdf
from lettings import policies
from lettings.forms_portal_signups import SignTenancyForm
from lettings.models import Offer, SignUp, Tenancy, TenancyPack, TenancySignature
from lettings.services import signups as signup_services
from lettings.views.portal import home_heading

TEMPLATE = "lettings/portal/tenancy.html"
LIST_TEMPLATE = "lettings/portal/tenancy_list.html"
# What the applicant reads for each status they can see.
APPLICANT_STATUS: dict[str, str] = {
    SignUp.Status.READY: "Ready to sign",
    SignUp.Status.TENANT_SIGNED: "Waiting for us to counter-sign",
    SignUp.Status.SIGNED: "Signed",
}


def _signups(user: Any) -> QuerySet[SignUp]:
    return (policies.signups_visible_to(user)
            .select_related("application", "property", "property__landlord", "offer"))


def _signup(request: HttpRequest, pk: int) -> SignUp:
    signup = _signups(request.user).filter(pk=pk).first()
    if signup is None:
        raise Http404("No such tenancy")
    return signup


def _tenant_signatures(pack: TenancyPack | None) -> list[TenancySignature]:
    if pack is None:
        return []
    return list(pack.signatures.filter(role=TenancySignature.Role.TENANT)
                .select_related("member").order_by("signed_at", "pk"))


def _unsigned(signup: SignUp, signatures: list[TenancySignature]) -> list[HouseholdMember]:
    """The tenants who have not signed the current pack yet, lead tenant first."""
    signed = {s.member_id for s in signatures}
    return [m for m in signup_services.tenants_of(signup) if m.pk not in signed]


def _as_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def type_meaning(terms: dict[str, Any]) -> str:
    """What the tenancy type means, in a sentence or two (the pack's Part 2 says it in full)."""
    kind = terms.get("tenancy_type", "")
    months = terms.get("probation_months")
    becomes = (terms.get("converts_to_label") or "").lower()
    years = terms.get("fixed_term_years")
    if kind == "introductory":
        return (f"A trial period of {months} months. If you keep to the tenancy conditions it "
                f"becomes {becomes or 'a secure tenancy'} automatically at the end. You can "
                "ask for a review if we decide to extend the trial period or end the tenancy.")
    if kind == "starter":
        return (f"A trial period of {months} months. If you keep to the tenancy conditions it "
                f"becomes {becomes or 'an assured tenancy'} at the end.")
    if kind == "flexible":
        return (f"A secure tenancy for a fixed term of {years} years. Before it ends we review "
                "your circumstances and tell you whether we will offer you a new tenancy.")
    if kind in ("secure", "assured"):
        return ("A lifetime tenancy: you can stay as long as you keep to the tenancy "
                "conditions. It can only be ended by a court order, for a reason set out in "
                "law.")
    return ""


def _terms(signup: SignUp, pack: TenancyPack | None) -> dict[str, Any]:
    """The terms exactly as the pack states them (its letter's context), so the page and the
    PDF the applicant signs never disagree."""
    terms: dict[str, Any] = dict(pack.letter.context) if pack is not None else {}
    terms["start"] = _as_date(terms.get("start_date")) or signup.start_date
    terms["meaning"] = type_meaning(terms)
    return terms


def _context(signup: SignUp, *, form: SignTenancyForm | None = None,
             **extra: Any) -> dict[str, Any]:
    pack = signup_services.current_pack(signup)
    signatures = _tenant_signatures(pack)
    unsigned = _unsigned(signup, signatures)
    can_sign = signup.status == SignUp.Status.READY and pack is not None and bool(unsigned)
    if can_sign and form is None:
        assert pack is not None
        form = SignTenancyForm(tenants=unsigned, initial={"pdf_sha256": pack.sha256})
    tenancy = (Tenancy.objects.filter(signup=signup).first()
               if signup.status == SignUp.Status.SIGNED else None)
    return {
        "signup": signup, "prop": signup.property, "heading": home_heading(signup.property),
        "status_text": APPLICANT_STATUS.get(signup.status, signup.get_status_display()),
        "pack": pack, "terms": _terms(signup, pack), "signatures": signatures,
        "unsigned": unsigned, "can_sign": can_sign, "form": form if can_sign else None,
        "tenancy": tenancy, **extra,
    }


class TenancyListView(ApplicantRequiredMixin, View):
    """Applicants only: their own household's tenancies to sign or signed (the account page
    links here when a pack is ready to sign)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = [(s, APPLICANT_STATUS.get(s.status, s.get_status_display()))
                for s in _signups(request.user).order_by("-created_at", "-pk")]
        return render(request, LIST_TEMPLATE, {"rows": rows})


class TenancyView(ApplicantRequiredMixin, View):
    """Applicants only, their own household's sign-ups only (``signups_visible_to``; others are
    a 404): the key terms, the pack to read, and the form to sign it (``tenant_sign``) while it
    is ready to sign; then what happens next, and the signed copy once counter-signed."""

    http_method_names = ["get", "head", "post"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, TEMPLATE, _context(_signup(request, pk)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        signup = _signup(request, pk)
        context = _context(signup)
        if not context["can_sign"]:
            return render(request, TEMPLATE, {**context, "problems": [
                "This tenancy cannot be signed now: it is "
                f"“{context['status_text'].lower()}”."]}, status=409)
        form = SignTenancyForm(request.POST, tenants=context["unsigned"])
        if not form.is_valid():
            return render(request, TEMPLATE, _context(signup, form=form), status=400)
        # Nobody chosen is 0, which is no tenant: the service asks the applicant to choose.
        member = form.cleaned_data.get("member") or 0
        try:
            signature = signup_services.tenant_sign(
                signup=signup, actor=request.user, member_id=member,
                typed_name=form.cleaned_data["typed_name"],
                confirmed=bool(form.cleaned_data["confirmed"]),
                pdf_sha256=form.cleaned_data["pdf_sha256"],
                ip_address=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""))
        except ApplicationError as exc:
            return self._refused(request, pk, form, exc)
        messages.success(request, f"{signature.typed_name} has signed the tenancy.")
        return redirect("lettings:portal-tenancy", pk=signup.pk)

    @staticmethod
    def _refused(request: HttpRequest, pk: int, form: SignTenancyForm,
                 exc: ApplicationError) -> HttpResponse:
        """Show the service's refusal in the error summary. When the pack changed, the form now
        carries the new pack's fingerprint and the confirmation is cleared: the applicant reads
        the new version and confirms again."""
        signup = _signup(request, pk)
        context = _context(signup)
        if isinstance(exc, ConflictError) and context["can_sign"]:
            data = request.POST.copy()
            data["pdf_sha256"] = context["pack"].sha256
            data.pop("confirmed", None)
            form = SignTenancyForm(data, tenants=context["unsigned"])
            form.is_valid()
            form.errors.pop("confirmed", None)
            form.add_error(None, exc.message)
        elif isinstance(exc, ConflictError):
            return render(request, TEMPLATE, {**context, "problems": [exc.message]},
                          status=exc.status_code)
        else:
            visible = {f.name for f in form.visible_fields()}
            if not exc.errors:
                form.add_error(None, exc.message)
            for name, problems in exc.errors.items():
                for problem in problems:
                    form.add_error(name if name in visible else None, problem)
        return render(request, TEMPLATE, _context(signup, form=form), status=exc.status_code)


class TenancyPackView(ApplicantRequiredMixin, View):
    """Applicants only, their own household's sign-ups only: the current tenancy pack, exactly
    as stored (the PDF whose SHA-256 the signature records)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        signup = _signup(request, pk)
        pack = signup_services.current_pack(signup)
        if pack is None or not pack.letter.pdf:
            raise Http404("No tenancy pack")
        return private_pdf(pack.letter.pdf, f"Tenancy pack version {pack.version}.pdf")


class TenancySignedCopyView(ApplicantRequiredMixin, View):
    """Applicants only, their own household's sign-ups only: the signed copy (the pack with its
    signature page), once the officer has counter-signed."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        signup = _signup(request, pk)
        if signup.status != SignUp.Status.SIGNED or not signup.signed_pdf:
            raise Http404("Not signed yet")
        return private_pdf(signup.signed_pdf, "Signed tenancy agreement.pdf")


def offer_tenancy_panel(user: Any, offer: Offer) -> dict[str, Any] | None:
    """What the applicant's offer page says about signing the tenancy: sign it (a pack is ready),
    waiting for our counter-signature, signed (with the signed copy), or that we are updating
    the pack (one was made and then superseded). None when there is nothing to say yet."""
    signup = _signups(user).filter(offer=offer).first()
    if signup is not None:
        return {"signup": signup, "status": signup.status,
                "tenancy": (Tenancy.objects.filter(signup=signup).first()
                            if signup.status == SignUp.Status.SIGNED else None)}
    # Back in its checks after a pack was made: the applicant may not see the checks (they are
    # the officer's working notes), only that a new pack is coming.
    updating = SignUp.objects.filter(offer=offer, offer__application__applicant_user=user,
                                     status=SignUp.Status.CHECKS, packs__isnull=False).exists()
    return {"status": "updating"} if updating else None
