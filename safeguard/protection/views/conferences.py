"""Child protection conference pages: the conference and scheduling one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguard.access.errors import InvalidInput
from safeguard.agencies.roles import Role
from safeguard.core import clock
from safeguard.protection import forms, selectors, services
from safeguard.protection.models import Conference, Plan

from .common import _child, _form_errors, recording


@login_required
def conference(request, conference_id):
    """The conference; recording it is a task list of its own (protection:meeting_record)."""
    conference = selectors.conference_for_view(actor=request.user, conference_id=conference_id)
    can_change = selectors.may_change(request.user, [conference.child])
    plan = Plan.objects.filter(conference=conference).first()
    disabled = [d for d in (conference.child.disabilities or []) if d and d != "NONE"]
    return render(request, "protection/conference.html", {
        "c": conference,
        "conference_open": can_change and conference.held_on is None and not conference.is_cancelled,
        "changes": conference.changes.select_related("changed_by"),
        "arrangements": services.arrangements_in_words(conference),
        "invitations": conference.invitations.select_related("agency", "practitioner"),
        "record": recording(request.user, conference, "conference"),
        "plan": plan,
        "child_disabled": bool(disabled),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def conference_schedule(request, person_id):
    child = _child(request, person_id)
    due = services.conference_due(child=child, kind=Conference.Kind.INITIAL, plan=None)
    chairs = selectors.practitioners_with_roles([Role.CONFERENCE_CHAIR])
    form = forms.ScheduleConferenceForm(request.POST or None, chairs=chairs)
    if request.method == "POST" and form.is_valid():
        try:
            conference = services.conference_schedule(
                actor=request.user, child=child, kind=Conference.Kind.INITIAL, **form.service_kwargs()
            )
        except InvalidInput as exc:
            forms.add_service_errors(form, _form_errors(exc))  # "kind" (no strategy discussion yet) shows at the top
        else:
            messages.success(request, "Initial child protection conference scheduled")
            return redirect("protection:conference", conference_id=conference.pk)
    return render(request, "protection/conference_schedule.html", {
        "child": child,
        "form": form,
        "due": due,
        "deadline": clock.Deadline(due) if due else None,
        "working_days": clock.timescales().icpc_working_days,
    })  # fmt: skip
