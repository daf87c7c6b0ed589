"""Pregnancies and births, and the GP notifications a birth sends."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema, Status

from safeguard.agencies.models import Agency
from safeguard.api.problems import FORBIDDEN, INVALID, NOT_FOUND, UNAUTHORISED
from safeguard.family import inputs, selectors, services
from safeguard.people.selectors import person_lookup

from .common import STD, FamilyCreatedOut, router

# --- pregnancy and birth -----------------------------------------------------------------------


PregnancyIn = inputs.PREGNANCY.schema  # the page's form is made from the same definition


class PregnancyOut(Schema):
    id: uuid.UUID
    mother_id: uuid.UUID
    unborn_id: uuid.UUID
    expected_birth_date: date | None
    vulnerabilities: list[str]
    gp_notification_id: uuid.UUID
    gp_acknowledge_by: date
    gp_acknowledged: bool


def _pregnancy_out(p) -> dict:
    n = p.gp_notification
    return {
        "id": p.pk,
        "mother_id": p.mother_id,
        "unborn_id": p.unborn_id,
        "expected_birth_date": p.unborn.expected_birth_date,
        "vulnerabilities": p.vulnerabilities,
        "gp_notification_id": n.pk,
        "gp_acknowledge_by": n.acknowledge_by,
        "gp_acknowledged": n.acknowledged_at is not None,
    }


@router.post(
    "/family/pregnancies",
    response={201: PregnancyOut, **STD},
    summary="A midwife records a pregnancy with additional vulnerabilities; the GP practice is notified",
)
def record_pregnancy(request, payload: PregnancyIn):
    mother = person_lookup(person_id=payload.mother_id)
    practice = Agency.objects.filter(pk=payload.gp_practice_id).first() if payload.gp_practice_id else None
    pregnancy = services.pregnancy_record(
        actor=request.user,
        mother=mother,
        expected_birth_date=payload.expected_birth_date,
        vulnerabilities=payload.vulnerabilities,
        gp_practice=practice,
        notes=payload.notes,
    )
    return Status(201, _pregnancy_out(pregnancy))


PregnancyVisitIn = inputs.PREGNANCY_VISIT.schema  # the page's form is made from the same definition


@router.post(
    "/family/pregnancies/{pregnancy_id}/antenatal-visits",
    response={201: FamilyCreatedOut, **UNAUTHORISED, **FORBIDDEN, **NOT_FOUND, **INVALID},
    summary="Record an antenatal (home) visit",
)
def record_visit(request, pregnancy_id: uuid.UUID, payload: PregnancyVisitIn):
    pregnancy = selectors.pregnancy_lookup(actor=request.user, pregnancy_id=pregnancy_id)
    visit = services.antenatal_visit_record(actor=request.user, pregnancy=pregnancy, **payload.model_dump())
    return Status(201, {"id": str(visit.pk)})


PregnancyBirthIn = inputs.PREGNANCY_BIRTH.schema  # the page's form is made from the same definition


class PregnancyBirthOut(Schema):
    person_id: uuid.UUID
    siblings_notified: int


@router.post(
    "/family/pregnancies/{pregnancy_id}/birth",
    response={200: PregnancyBirthOut, **UNAUTHORISED, **FORBIDDEN, **NOT_FOUND, **INVALID},
    summary="Record the birth; siblings with open enquiries or plans get the new-birth event",
)
def record_birth(request, pregnancy_id: uuid.UUID, payload: PregnancyBirthIn):
    from safeguard.core.models import ChronologyEvent, EventType

    pregnancy = selectors.pregnancy_lookup(actor=request.user, pregnancy_id=pregnancy_id)
    baby = services.birth_record(actor=request.user, pregnancy=pregnancy, **payload.model_dump())
    notified = ChronologyEvent.objects.filter(
        event_type=EventType.NEW_BIRTH, source_type="family.pregnancy", source_id=str(pregnancy.pk)
    ).count()
    return {"person_id": baby.pk, "siblings_notified": notified}


class GpNotificationOut(Schema):
    id: uuid.UUID
    pregnancy_id: uuid.UUID
    mother_id: uuid.UUID
    mother_name: str
    expected_birth_date: date | None
    practice_id: int
    practice: str
    midwife: str
    sent_at: datetime
    acknowledge_by: date
    acknowledged: bool
    acknowledged_at: datetime | None
    acknowledged_by: str | None = Field(description="Who acknowledged it for the practice (their name)")
    chased: bool
    chase_count: int = Field(description="How many times the practice has been chased")
    last_chased_on: date | None
    next_chase_on: date | None = Field(description="When the practice is next chased if it still has not acknowledged")
    overdue: bool = Field(description="Not acknowledged and past its acknowledge-by date")
    state: str = Field(description="awaiting, overdue or acknowledged")
    state_label: str


def _gp_notification_out(n) -> dict:
    pregnancy = n.pregnancy
    return {
        "id": n.pk,
        "pregnancy_id": pregnancy.pk,
        "mother_id": pregnancy.mother_id,
        "mother_name": pregnancy.mother.full_name,
        "expected_birth_date": pregnancy.unborn.expected_birth_date,
        "practice_id": n.practice_id,
        "practice": str(n.practice),
        "midwife": str(pregnancy.midwife),
        "sent_at": n.sent_at,
        "acknowledge_by": n.acknowledge_by,
        "acknowledged": n.acknowledged_at is not None,
        "acknowledged_at": n.acknowledged_at,
        "acknowledged_by": str(n.acknowledged_by) if n.acknowledged_by_id else None,
        "chased": n.chase_count > 0,
        "chase_count": n.chase_count,
        "last_chased_on": n.last_chased_on,
        "next_chase_on": n.next_chase_on(),
        "overdue": n.is_overdue(),
        "state": n.state(),
        "state_label": n.state_label(),
    }


@router.get(
    "/family/gp-notifications",
    response={200: list[GpNotificationOut], **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Pregnancy notifications: those a midwife sent, or those to your GP practice (sent, acknowledged, chased)",
)
def list_gp_notifications(request, state: Literal["awaiting", "overdue", "acknowledged"] | None = None):
    return [_gp_notification_out(n) for n in selectors.gp_notifications_for(actor=request.user, state=state or "")]


@router.get(
    "/family/gp-notifications/{notification_id}",
    response={200: GpNotificationOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="One pregnancy notification: for the midwife who sent it and the GP practice notified",
)
def get_gp_notification(request, notification_id: uuid.UUID):
    return _gp_notification_out(selectors.gp_notification_for_view(actor=request.user, notification_id=notification_id))


class GpNotificationAcknowledgeOut(Schema):
    id: uuid.UUID
    acknowledged: bool


@router.post(
    "/family/gp-notifications/{notification_id}/acknowledge",
    response={200: GpNotificationAcknowledgeOut, **STD},
    summary="The GP practice acknowledges a midwife's pregnancy notification",
)
def acknowledge(request, notification_id: uuid.UUID):
    notification = selectors.gp_notification_lookup(actor=request.user, notification_id=notification_id)
    notification = services.gp_notification_acknowledge(actor=request.user, notification=notification)
    return {"id": notification.pk, "acknowledged": notification.acknowledged_at is not None}
