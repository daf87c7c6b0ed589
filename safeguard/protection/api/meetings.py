"""Meeting routes for every kind: arrange, reschedule, cancel, and the team calendar."""

from __future__ import annotations

import uuid

from ninja import Status

from safeguard.access import records
from safeguard.access.errors import NotFound
from safeguard.protection import selectors, services

from .common import ERRORS, router
from .presenters import _meeting_kind, meeting_out
from .schemas_in import MeetingArrangeIn, MeetingCancelIn, MeetingRescheduleIn, _hhmm
from .schemas_out import MeetingCalendarDayOut, MeetingOut


def _meeting(kind: str, meeting_id):
    if kind == "strategy-discussion":
        return selectors.discussion_lookup(discussion_id=meeting_id)
    if kind == "conference":
        return selectors.conference_lookup(conference_id=meeting_id)
    if kind == "core-group":
        return selectors.core_group_lookup(core_group_id=meeting_id)
    raise NotFound()


@router.post(
    "/protection/strategy-discussions/{discussion_id}/arrange",
    response={200: MeetingOut, **ERRORS},
    summary="Arrange the strategy discussion (date, time, place or call details): invitations go to named invitees",
)
def arrange_discussion(request, discussion_id: uuid.UUID, payload: MeetingArrangeIn):
    discussion = selectors.discussion_lookup(discussion_id=discussion_id)
    services.strategy_discussion_arrange(actor=request.user, discussion=discussion, **payload.model_dump())
    return meeting_out(discussion)


@router.post(
    "/protection/plans/{plan_id}/core-groups/schedule",
    response={201: MeetingOut, **ERRORS},
    summary="Arrange a core group meeting (not before the initial conference); invitations go to named invitees",
)
def schedule_core_group(request, plan_id: uuid.UUID, payload: MeetingArrangeIn):
    plan = selectors.plan_lookup(plan_id=plan_id)
    core_group = services.core_group_schedule(actor=request.user, plan=plan, **payload.model_dump())
    return Status(201, meeting_out(core_group))


@router.post(
    "/protection/meetings/{kind}/{meeting_id}/reschedule",
    response={200: MeetingOut, **ERRORS},
    summary="Reschedule a meeting (kind: strategy-discussion, conference or core-group), with the reason",
)
def reschedule_meeting(request, kind: str, meeting_id: uuid.UUID, payload: MeetingRescheduleIn):
    meeting = _meeting(kind, meeting_id)
    services.meeting_reschedule(actor=request.user, meeting=meeting, **payload.model_dump())
    return meeting_out(meeting)


@router.post(
    "/protection/meetings/{kind}/{meeting_id}/cancel",
    response={200: MeetingOut, **ERRORS},
    summary="Cancel a meeting (kind: strategy-discussion, conference or core-group), with the reason",
)
def cancel_meeting(request, kind: str, meeting_id: uuid.UUID, payload: MeetingCancelIn):
    meeting = _meeting(kind, meeting_id)
    services.meeting_cancel(actor=request.user, meeting=meeting, reason=payload.reason)
    return meeting_out(meeting)


@router.get(
    "/protection/meetings",
    response={200: list[MeetingCalendarDayOut], **ERRORS},
    summary="Upcoming meetings by day: yours, or (team_id) those of everyone in one of your teams",
)
def meetings_calendar(request, team_id: int | None = None, days: int = 56):
    from django.utils import timezone

    from safeguard.agencies.models import Team

    team = records.visible(request.user, "view_calendar", Team.objects.filter(pk=team_id)).first() if team_id else None
    if team_id is not None and team is None:
        raise NotFound()  # no such team, or not one of theirs
    ids = selectors.team_member_ids(team) if team is not None else {request.user.pk}
    calendar = selectors.meetings_calendar(
        actor=request.user, practitioner_ids=ids, start=timezone.localdate(), days=max(1, min(days, 366))
    )
    return [
        {
            "date": day.on,
            "meetings": [
                {"kind": _meeting_kind(m.meeting), "id": m.meeting.pk, "title": m.title, "scheduled_for": m.on,
                 "starts_at": _hhmm(m.starts_at), "place": m.place, "children": m.children,
                 "other_children": m.hidden_children, "invitees": m.invitees}
                for m in day.meetings
            ],
        }
        for day in calendar
    ]  # fmt: skip
