"""Officer pages for group viewings on a shortlist (DOMAIN.md §3.12, §5.2 step 6): invite
several bidders still being considered to view the home together, or cancel a viewing.

Lettings staff only (``LettingsStaffRequiredMixin``). The form sits on the shortlist page; bad
input or a refusal shows that page again with a GOV.UK error summary (400) and nothing has
changed.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.views import View

from housing.core.dates import spoken_moment
from housing.core.exceptions import ApplicationError
from lettings.forms_viewings import GroupViewingForm
from lettings.models import Viewing
from lettings.services.viewings import viewing_arrange, viewing_cancel
from lettings.views.staff_base import LettingsStaffRequiredMixin
from lettings.views.staff_shortlist import (
    SHORTLIST_TEMPLATE,
    WORKABLE,
    _advert,
    _entries,
    _refused,
    shortlist_context,
)


class GroupViewingView(LettingsStaffRequiredMixin, View):
    """Invite the chosen bidders (only those the officer can see, still being considered) to
    one viewing; each gets the invitation letter (L11)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        advert = _advert(request, pk)
        candidates = list(_entries(request).filter(advert=advert, status__in=WORKABLE)
                          .order_by("rank"))
        form = GroupViewingForm(request.POST, prefix="viewing", candidates=candidates)
        if form.is_valid():
            chosen = {int(pk) for pk in form.cleaned_data["entries"]}
            try:
                viewing = viewing_arrange(
                    advert=advert, entries=[e for e in candidates if e.pk in chosen],
                    starts_at=form.cleaned_data["starts_at"],
                    meeting_point=form.cleaned_data["meeting_point"],
                    note=form.cleaned_data["note"],
                    respond_within_hours=form.cleaned_data["respond_within_hours"],
                    actor=request.user)
            except ApplicationError as exc:
                _refused(form, exc, rename={"starts_at": "viewing_date"})
            else:
                people = viewing.invitees.count()
                messages.success(request, f"{people} bidder{'s' if people != 1 else ''} "
                                          f"invited to view on {spoken_moment(viewing.starts_at)}."
                                          " Invitations sent.")
                return redirect("lettings:staff-shortlist", advert.pk)
        return render(request, SHORTLIST_TEMPLATE,
                      shortlist_context(request, advert, viewing_form=form), status=400)


class ViewingCancelView(LettingsStaffRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        viewing = Viewing.objects.filter(pk=pk).select_related("advert").first()
        if viewing is None:
            raise Http404("No such viewing")
        advert = _advert(request, viewing.advert_id)  # 404 unless the officer may see it
        try:
            viewing_cancel(viewing=viewing, actor=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Viewing cancelled. Tell the people invited.")
        return redirect("lettings:staff-shortlist", advert.pk)


