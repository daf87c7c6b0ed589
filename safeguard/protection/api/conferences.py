"""Child protection conference routes: schedule, read, record."""

from __future__ import annotations

import uuid

from ninja import Status

from safeguard.people.selectors import person_lookup
from safeguard.protection import selectors, services

from .common import ERRORS, _practitioner, router
from .presenters import conference_out
from .schemas_in import ConferenceRecordIn, ConferenceScheduleIn, _attendance
from .schemas_out import ConferenceOut


@router.post(
    "/protection/conferences",
    response={201: ConferenceOut, **ERRORS},
    summary="Schedule a conference (a date after the statutory clock needs a reason)",
)
def schedule_conference(request, payload: ConferenceScheduleIn):
    plan = selectors.plan_lookup(plan_id=payload.plan_id) if payload.plan_id else None
    conference = services.conference_schedule(
        actor=request.user,
        child=person_lookup(person_id=payload.child_id),
        kind=payload.kind,
        scheduled_for=payload.scheduled_for,
        chair=_practitioner(payload.chair_id),
        late_reason=payload.late_reason,
        plan=plan,
        starts_at=payload.starts_at,
        place=payload.place,
    )
    return Status(201, conference_out(conference))


@router.get("/protection/conferences/{conference_id}", response={200: ConferenceOut, **ERRORS}, summary="A conference")
def get_conference(request, conference_id: uuid.UUID):
    return conference_out(selectors.conference_for_view(actor=request.user, conference_id=conference_id))


@router.post(
    "/protection/conferences/{conference_id}/record",
    response={200: ConferenceOut, **ERRORS},
    summary="Record a conference: attendance, reports, views, decision and category",
)
def record_conference(request, conference_id: uuid.UUID, payload: ConferenceRecordIn):
    conference = selectors.conference_lookup(conference_id=conference_id)
    services.conference_record(
        actor=request.user,
        conference=conference,
        attendance=_attendance(payload.attendance),
        **payload.model_dump(exclude={"attendance"}),
    )
    return conference_out(conference)
