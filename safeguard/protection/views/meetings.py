"""Rescheduling and cancelling any meeting, and the meetings calendar."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguard.access import records
from safeguard.access.errors import InvalidInput, NotFound
from safeguard.protection import forms, selectors, services

from .common import _form_errors, _meeting_form_page, meeting_url


def _meeting_for_view(request, kind: str, meeting_id):
    if kind == "strategy-discussion":
        return selectors.discussion_for_view(actor=request.user, discussion_id=meeting_id)
    if kind == "conference":
        return selectors.conference_for_view(actor=request.user, conference_id=meeting_id)
    if kind == "core-group":
        return selectors.core_group_for_view(actor=request.user, core_group_id=meeting_id)
    raise NotFound()


@login_required
@require_http_methods(["GET", "POST"])
def meeting_reschedule(request, kind, meeting_id):
    meeting = _meeting_for_view(request, kind, meeting_id)
    initial = {
        "scheduled_for": meeting.scheduled_for,
        "starts_at": services.time_in_words(meeting.starts_at),
        "place": meeting.place,
    }
    form = forms.MeetingRescheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_reschedule(actor=request.user, meeting=meeting, **form.service_kwargs())
        except InvalidInput as exc:
            forms.add_service_errors(form, _form_errors(exc))
        else:
            messages.success(request, f"{services.meeting_title(meeting).capitalize()} rescheduled")
            return redirect(meeting_url(meeting))
    return _meeting_form_page(request, meeting, form, heading=f"Reschedule the {services.meeting_title(meeting)}",
                              button="Reschedule")  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, kind, meeting_id):
    meeting = _meeting_for_view(request, kind, meeting_id)
    form = forms.MeetingCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(actor=request.user, meeting=meeting, reason=form.cleaned_data.get("reason") or "")
        except InvalidInput as exc:
            forms.add_service_errors(form, exc.errors)
        else:
            messages.success(request, f"{services.meeting_title(meeting).capitalize()} cancelled")
            return redirect(meeting_url(meeting))
    return _meeting_form_page(request, meeting, form, heading=f"Cancel the {services.meeting_title(meeting)}",
                              button="Cancel the meeting", warning=True)  # fmt: skip


@login_required
def meetings(request):
    """Upcoming meetings by day: the practitioner's own, or (?team=) everyone's in one of their teams."""
    from datetime import timedelta

    from django.utils import timezone

    from safeguard.agencies.models import Team

    teams = list(records.visible(request.user, "view_calendar", Team.objects.select_related("agency")).order_by("name"))
    team = None
    if request.GET.get("team"):
        team = next((t for t in teams if str(t.pk) == request.GET["team"]), None)
        if team is None:
            raise NotFound()
    ids = selectors.team_member_ids(team) if team else {request.user.pk}
    start = timezone.localdate()
    days = selectors.meetings_calendar(actor=request.user, practitioner_ids=ids, start=start)
    return render(request, "protection/meetings.html", {
        "days": days, "team": team, "teams": teams, "start": start, "end": start + timedelta(days=56),
    })  # fmt: skip
