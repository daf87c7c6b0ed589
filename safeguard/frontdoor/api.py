"""Front door API: contacts (with Idempotency-Key), matching, screening, information requests,
threshold views and decisions, challenges, police notifications, triage and Operation Encompass."""

from __future__ import annotations

import contextlib
import uuid
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from safeguard.access.errors import InvalidInput
from safeguard.api.paging import CURSOR_DESCRIPTION, LIMIT_DESCRIPTION, link_next, paged_openapi
from safeguard.api.problems import CONFLICT, FORBIDDEN, INVALID, NOT_FOUND, UNAUTHORISED
from safeguard.api.schemas import StrictSchema
from safeguard.core.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from safeguard.frontdoor import imports, selectors, services
from safeguard.frontdoor.errors import Conflict
from safeguard.frontdoor.models import Contact, Decision, EncompassNotice, InformationRequest, Notification

router = Router(tags=["Front door"])


@contextlib.contextmanager
def _conflict_as_409():
    try:
        yield
    except Conflict as exc:
        raise HttpError(409, str(exc)) from None


# --------------------------------------------------------------------------------------------- schemas in


class ContactSubjectIn(StrictSchema):
    role: str = Field(description="subject_child, sibling, parent_carer, alleged_perpetrator or other_adult")
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    sex: str = ""
    nhs_number: str = ""
    address: str = ""
    postcode: str = ""
    school: str = ""
    person_id: uuid.UUID | None = Field(None, description="An existing record you may see, if you know it")


class ContactIn(StrictSchema):
    team_id: int | None = Field(None, description="Front door team; the partnership's front door if omitted")
    received_at: datetime | None = None
    referrer_name: str
    referrer_role: str = ""
    referrer_agency_id: int | None = None
    referrer_agency_text: str = Field("", description="The referrer's organisation when not a partner agency")
    referrer_phone: str = ""
    referral_source: str = Field(description="CIN census referral source code, e.g. 2A schools, 6 police")
    concerns: str
    categories: list[str] = Field(description="Concern categories, e.g. csa_within_family, neglect, missing")
    consent_status: str = Field(description="agreed, not_sought_risk, refused or other_lawful_basis")
    lawful_basis: str = Field("", description="Required unless consent_status is agreed")
    consent_reason: str = Field("", description="Why share without consent; required unless agreed")
    subjects: list[ContactSubjectIn]


class ContactScreeningIn(StrictSchema):
    rag: str = Field(description="red, amber or green")
    notes: str = ""


class ContactSubjectMatchIn(StrictSchema):
    person_id: uuid.UUID


class ContactSubjectNewPersonIn(StrictSchema):
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    sex: str = ""


class InformationRequestIn(StrictSchema):
    team_id: int
    question: str


class InformationRequestAnswerIn(StrictSchema):
    answer: str


class ThresholdViewIn(StrictSchema):
    recommended_outcome: str
    rationale: str


class ContactDecisionIn(StrictSchema):
    outcome: str = Field(description="nfa, advice, early_help, assessment, strategy_discussion or da_triage")
    rationale: str
    history_acknowledgement: str = Field(
        "", description="Required for no further action or advice when the cumulative-concern rule applies"
    )
    receiving_team_id: int | None = Field(
        None,
        description="The social work team an assessment or strategy discussion is handed to (its manager "
        "allocates it); by default the team already working with the child, or the first social work team",
    )


class DecisionChallengeIn(StrictSchema):
    person_id: uuid.UUID
    concern: str
    desired_outcome: str = ""


class PoliceScreeningIn(StrictSchema):
    decision: str = Field(description="refer or no_referral")
    reason: str = ""


class TriageInputIn(StrictSchema):
    information: str


class TriageDecisionIn(StrictSchema):
    outcome: str
    rationale: str


class TriageActionIn(StrictSchema):
    description: str
    owner_id: int
    due_on: date


class TriageMeetingIn(StrictSchema):
    held_on: date | None = None


class TriageMinutesIn(StrictSchema):
    minutes: str


# --------------------------------------------------------------------------------------------- schemas out


class ContactSubjectOut(Schema):
    id: int
    role: str
    role_label: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    sex: str
    school: str
    person_id: uuid.UUID | None
    matched: bool


class HistoryContactOut(Schema):
    id: uuid.UUID
    received_at: datetime
    referral_source: str
    categories: list[str]
    outcome: str | None


class CumulativeConcernOut(Schema):
    triggered: bool
    count: int
    threshold: int
    window_months: int
    summary: str
    contacts: list[HistoryContactOut]


class InformationRequestOut(Schema):
    id: uuid.UUID
    contact_id: uuid.UUID
    team_id: int
    team: str
    agency: str
    question: str
    rag: str
    requested_at: datetime
    due_at: datetime
    status: str
    late: bool
    answer: str
    answered_at: datetime | None
    children: list[dict] = Field(description="The children asked about; empty once answered")


class ThresholdViewOut(Schema):
    agency: str
    recommended_outcome: str
    rationale: str
    recorded_at: datetime


class AgencyInvolvementOut(Schema):
    agency: str
    agency_type: str
    team: str
    kind: str
    phone: str
    email: str


class ContactDecisionOut(Schema):
    id: uuid.UUID
    contact_id: uuid.UUID
    outcome: str
    outcome_label: str
    rationale: str
    history_acknowledgement: str
    decided_by: str
    decided_at: datetime
    within_timescale: bool
    cumulative_concern: bool
    agreed_agencies: list[str]
    dissenting_agencies: list[str]
    next_record: dict | None
    children: list[dict]


class ContactOut(Schema):
    id: uuid.UUID
    reference: str
    access: str = Field(description="front_door, partner or referrer: what the caller sees")
    received_at: datetime
    decision_due_on: date
    decision_clock: str = Field(description="e.g. 'due in 1 working day' or 'overdue by 2 working days'")
    overdue: bool
    status: str
    rag: str
    team: str
    referrer_name: str
    referrer_role: str
    referrer_agency: str
    referral_source: str
    referral_source_label: str
    concerns: str
    categories: list[str]
    consent_status: str
    lawful_basis: str
    consent_reason: str
    cumulative_concern: CumulativeConcernOut | None
    subjects: list[ContactSubjectOut]
    information_requests: list[InformationRequestOut]
    threshold_views: list[ThresholdViewOut]
    involvements: dict[str, list[AgencyInvolvementOut]] = Field(description="Other agencies working with each person")
    decision: ContactDecisionOut | None


class ContactQueueItemOut(Schema):
    id: uuid.UUID
    reference: str
    received_at: datetime
    decision_due_on: date
    decision_clock: str
    overdue: bool
    status: str
    rag: str
    team_id: int
    children: list[str]


class ContactSubjectCandidateOut(Schema):
    visible: bool
    person_id: uuid.UUID | None = Field(description="Only for records you may see")
    full_name: str | None
    date_of_birth: date | None
    match_probability: float | None
    explanation: list[str]
    held_by: str
    message: str


class ContactSubjectEnquiryOut(Schema):
    held_by: str
    contact_in_hours: str
    contact_out_of_hours: str
    message: str


class DecisionChallengeOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    stage: int
    stage_label: str
    owner: str
    stage_due_on: date
    status: str


class ContactOutcomeOut(Schema):
    decision_id: uuid.UUID
    contact_id: uuid.UUID
    received_at: datetime
    outcome: str
    outcome_label: str
    decided_at: datetime


class NotificationImportErrorOut(Schema):
    line: int
    field: str
    message: str
    reference: str


class NotificationImportReportOut(Schema):
    accepted: list[str]
    already_imported: list[str]
    errors: list[NotificationImportErrorOut]


class PoliceNotifiedPersonOut(Schema):
    role: str
    full_name: str
    date_of_birth: date | None
    present: bool
    normally_resides: bool
    school: str


class PoliceNotificationOut(Schema):
    id: uuid.UUID
    reference: str
    kind: str
    incident_at: datetime
    recorded_at: datetime | None = Field(
        description="When the police recorded it as ready for screening (from the feed); null if the feed did not say"
    )
    received_at: datetime = Field(description="When it was imported into Safeguard (the same as imported_at)")
    imported_at: datetime
    clock_starts_at: datetime = Field(
        description="Where the screening clock starts: recorded_at, or the incident time when the feed did not say"
    )
    age_hours: float = Field(description="Hours since clock_starts_at")
    over_threshold: bool
    dash_risk: str
    screening_status: str
    screening_reason: str
    contact_id: uuid.UUID | None
    summary: str
    people: list[PoliceNotifiedPersonOut]


class PoliceScreeningDashboardOut(Schema):
    waiting_count: int
    over_threshold_count: int
    threshold_hours: int
    oldest_age_hours: float | None
    waiting: list[PoliceNotificationOut]


class EncompassNoticeOut(Schema):
    id: uuid.UUID
    notification_reference: str
    incident_at: datetime
    child_name: str
    child_date_of_birth: date | None
    present: bool
    normally_resides: bool
    school: str
    due_at: datetime
    sent_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None = Field(description="Who acknowledged the notice for the school (their name)")
    acknowledged_by_job_title: str | None
    flag: str


class TriageActionOut(Schema):
    description: str
    owner: str
    due_on: date


class TriageInputOut(Schema):
    agency: str
    information: str
    recorded_at: datetime


class TriageItemOut(Schema):
    id: uuid.UUID
    notification_reference: str | None
    contact_id: uuid.UUID | None
    dash_risk: str
    people: list[str]
    outcome: str
    rationale: str
    inputs: list[TriageInputOut]
    actions: list[TriageActionOut]


class TriageMeetingOut(Schema):
    id: uuid.UUID
    held_on: date
    closed: bool
    minutes: str
    items: list[TriageItemOut]


# --------------------------------------------------------------------------------------------- presenters


def _subject_out(s) -> dict:
    return {
        "id": s.pk,
        "role": s.role,
        "role_label": s.get_role_display(),
        "given_name": s.given_name,
        "family_name": s.family_name,
        "date_of_birth": s.date_of_birth,
        "sex": s.sex,
        "school": s.school,
        "person_id": s.person_id,
        "matched": s.person_id is not None,
    }


def _request_out(r: InformationRequest, people=None) -> dict:
    return {
        "id": r.pk,
        "contact_id": r.contact_id,
        "team_id": r.team_id,
        "team": r.team.name,
        "agency": r.team.agency.name,
        "question": r.question,
        "rag": r.rag,
        "requested_at": r.requested_at,
        "due_at": r.due_at,
        "status": r.status,
        "late": r.is_late(),
        "answer": r.answer,
        "answered_at": r.answered_at,
        "children": [{"id": str(p.pk), "name": p.full_name, "date_of_birth": p.date_of_birth} for p in people or []],
    }


def _next_record(d: Decision) -> dict | None:
    if d.outcome == "assessment":
        rows = list(d.assessments.all())
        return {"type": "assessment", "due_on": rows[0].due_on if rows else None, "ids": [str(a.pk) for a in rows]}
    if d.outcome == "early_help" and hasattr(d, "early_help_referral"):
        return {"type": "early_help_referral", "id": str(d.early_help_referral.pk)}
    if d.outcome == "da_triage" and hasattr(d.contact, "triage_item"):
        return {"type": "triage_item", "id": str(d.contact.triage_item.pk)}
    if d.outcome == "strategy_discussion":
        return {"type": "strategy_discussion_requested"}
    return None


def _decision_out(d: Decision, children=None) -> dict:
    agreed = list(d.agreed_agencies.all())
    agreed_ids = {a.pk for a in agreed}
    dissent = [
        v.agency.name for v in d.contact.threshold_views.select_related("agency") if v.agency_id not in agreed_ids
    ]
    if children is None:
        children = services.linked_people(d.contact, children_only=True)
    return {
        "id": d.pk,
        "contact_id": d.contact_id,
        "outcome": d.outcome,
        "outcome_label": d.get_outcome_display(),
        "rationale": d.rationale,
        "history_acknowledgement": d.history_acknowledgement,
        "decided_by": str(d.decided_by),
        "decided_at": d.decided_at,
        "within_timescale": d.within_timescale,
        "cumulative_concern": d.cumulative_concern,
        "agreed_agencies": [a.name for a in agreed],
        "dissenting_agencies": dissent,
        "next_record": _next_record(d),
        "children": [{"id": str(c.pk), "name": c.full_name} for c in children],
    }


def _clock(contact: Contact) -> tuple[str, bool]:
    from safeguard.core.clock import Deadline

    if not contact.is_open:
        return "decided", False
    deadline = Deadline(contact.decision_due_on)
    return deadline.describe(), deadline.is_overdue()


def _contact_out(screening) -> dict:
    c = screening.contact
    describe, overdue = _clock(c)
    concern = screening.concern
    decision = Decision.objects.filter(contact=c).first()
    return {
        "id": c.pk,
        "reference": c.reference,
        "access": screening.scope,
        "received_at": c.received_at,
        "decision_due_on": c.decision_due_on,
        "decision_clock": describe,
        "overdue": overdue,
        "status": c.status,
        "rag": c.rag,
        "team": c.team.name,
        "referrer_name": c.referrer_name,
        "referrer_role": c.referrer_role,
        "referrer_agency": str(c.referrer_agency or c.referrer_agency_text),
        "referral_source": c.referral_source,
        "referral_source_label": c.get_referral_source_display(),
        "concerns": c.concerns,
        "categories": c.categories,
        "consent_status": c.consent_status,
        "lawful_basis": c.lawful_basis,
        "consent_reason": c.consent_reason,
        "cumulative_concern": None
        if concern is None
        else {
            "triggered": concern.triggered,
            "count": concern.count,
            "threshold": concern.threshold,
            "window_months": concern.window_months,
            "summary": concern.summary,
            "contacts": [
                {
                    "id": h.pk,
                    "received_at": h.received_at,
                    "referral_source": h.referral_source,
                    "categories": h.categories,
                    "outcome": h.decision.outcome if hasattr(h, "decision") else None,
                }
                for h in concern.contacts
            ],
        },
        "subjects": [_subject_out(s) for s in screening.subjects],
        "information_requests": [_request_out(r) for r in screening.requests],
        "threshold_views": [
            {
                "agency": v.agency.name,
                "recommended_outcome": v.recommended_outcome,
                "rationale": v.rationale,
                "recorded_at": v.recorded_at,
            }
            for v in screening.views
        ],
        "involvements": {str(k): v for k, v in screening.involvements.items()},
        "decision": _decision_out(decision) if decision else None,
    }


def _notification_out(n: Notification, dashboard=None) -> dict:
    from safeguard.core import clock

    now = timezone.now()
    return {
        "id": n.pk,
        "reference": n.source_reference,
        "kind": n.kind,
        "incident_at": n.incident_at,
        "recorded_at": n.recorded_at,
        "received_at": n.received_at,
        "imported_at": n.received_at,
        "clock_starts_at": n.clock_starts_at,
        "age_hours": n.age_hours(now),
        "over_threshold": n.screening_status == "waiting"
        and clock.police_screening_overdue_at(n.clock_starts_at) <= now,
        "dash_risk": n.dash_risk,
        "screening_status": n.screening_status,
        "screening_reason": n.screening_reason,
        "contact_id": n.contact_id,
        "summary": n.summary,
        "people": [
            {
                "role": p.role,
                "full_name": p.full_name,
                "date_of_birth": p.date_of_birth,
                "present": p.present,
                "normally_resides": p.normally_resides,
                "school": str(p.school or p.school_text),
            }
            for p in n.people.all()
        ],
    }


def _notice_out(n: EncompassNotice) -> dict:
    return {
        "id": n.pk,
        "notification_reference": n.notification.source_reference,
        "incident_at": n.notification.incident_at,
        "child_name": n.child.full_name,
        "child_date_of_birth": n.child.date_of_birth,
        "present": n.child.present,
        "normally_resides": n.child.normally_resides,
        "school": str(n.school or n.child.school_text),
        "due_at": n.due_at,
        "sent_at": n.sent_at,
        "acknowledged_at": n.acknowledged_at,
        "acknowledged_by": str(n.acknowledged_by) if n.acknowledged_by_id else None,
        "acknowledged_by_job_title": n.acknowledged_by.job_title if n.acknowledged_by_id else None,
        "flag": n.flag(),
    }


def _meeting_out(m) -> dict:
    items = []
    for i in m.items.all():
        n = i.notification
        items.append(
            {
                "id": i.pk,
                "notification_reference": n.source_reference if n else None,
                "contact_id": i.contact_id,
                "dash_risk": n.dash_risk if n else "",
                "people": [p.full_name for p in n.people.all()] if n else [],
                "outcome": i.outcome,
                "rationale": i.rationale,
                "inputs": [
                    {"agency": x.agency.name, "information": x.information, "recorded_at": x.recorded_at}
                    for x in i.inputs.all()
                ],
                "actions": [
                    {"description": a.description, "owner": str(a.owner), "due_on": a.due_on} for a in i.actions.all()
                ],
            }
        )
    return {"id": m.pk, "held_on": m.held_on, "closed": m.closed_at is not None, "minutes": m.minutes, "items": items}


# --------------------------------------------------------------------------------------------- contacts

IDEMPOTENCY_DOC = {
    "parameters": [
        {
            "name": "Idempotency-Key",
            "in": "header",
            "required": False,
            "schema": {"type": "string", "maxLength": 200},
            "description": (
                "A unique key per contact (e.g. a UUID). Retrying with the same key and the same body "
                "returns the first contact with status 200 and `Idempotent-Replayed: true`, creating "
                "nothing; the same key with a different body answers 409."
            ),
        }
    ]
}


@router.post(
    "/contacts",
    response={201: ContactOut, 200: ContactOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Record a contact (201), or replay the first result of an Idempotency-Key (200)",
    openapi_extra=IDEMPOTENCY_DOC,
)
def create_contact(request, payload: ContactIn, response: HttpResponse):
    data = payload.model_dump()
    subjects = data.pop("subjects")
    for s in subjects:
        s["person_id"] = str(s["person_id"]) if s["person_id"] else None
    with _conflict_as_409():
        contact, created = services.contact_record(
            actor=request.user,
            data=data,
            subjects=subjects,
            idempotency_key=request.headers.get("Idempotency-Key", ""),
            fingerprint_payload=payload.model_dump(mode="json"),
        )
    if not created:
        response["Idempotent-Replayed"] = "true"
    return Status(
        201 if created else 200, _contact_out(selectors.contact_for_view(actor=request.user, contact_id=contact.pk))
    )


@router.get(
    "/contacts",
    response={200: list[ContactQueueItemOut], **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="The front door queue, soonest due first; filter by team, RAG (or 'none') and status ('open' by default)",
)
def contact_queue(request, team_id: int | None = None, rag: str = "", status: str = "open"):
    rows = list(selectors.contact_queue(actor=request.user, team_id=team_id, rag=rag, status=status)[:500])
    selectors.audit_queue_view(actor=request.user, contacts=rows)
    out = []
    for c in rows:
        describe, overdue = _clock(c)
        out.append(
            {
                "id": c.pk,
                "reference": c.reference,
                "received_at": c.received_at,
                "decision_due_on": c.decision_due_on,
                "decision_clock": describe,
                "overdue": overdue,
                "status": c.status,
                "rag": c.rag,
                "team_id": c.team_id,
                "children": [s.typed_name for s in c.subjects.all() if s.role in ("subject_child", "sibling")],
            }
        )
    return out


@router.get(
    "/contacts/{contact_id}",
    response={200: ContactOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="A contact, led by the children's contact history (cumulative concern)",
)
def get_contact(request, contact_id: uuid.UUID):
    return _contact_out(selectors.contact_for_view(actor=request.user, contact_id=contact_id))


@router.post(
    "/contacts/{contact_id}/screening",
    response={200: ContactOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Set the RAG rating and screening notes",
)
def screen_contact(request, contact_id: uuid.UUID, payload: ContactScreeningIn):
    contact = selectors.contact_lookup(contact_id=contact_id)
    with _conflict_as_409():
        services.contact_screen(actor=request.user, contact=contact, rag=payload.rag, notes=payload.notes)
    return _contact_out(selectors.contact_for_view(actor=request.user, contact_id=contact_id))


@router.get(
    "/contacts/{contact_id}/subjects/{subject_id}/candidates",
    response={200: list[ContactSubjectCandidateOut], **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Existing records that may be this person, ranked, with why they match",
)
def subject_candidates(request, contact_id: uuid.UUID, subject_id: int):
    contact = selectors.contact_lookup(contact_id=contact_id)
    subject = selectors.subject_lookup(contact=contact, subject_id=subject_id)
    out = []
    for c in services.subject_candidates(actor=request.user, contact=contact, subject=subject):
        if c.visible:
            out.append(
                {
                    "visible": True,
                    "person_id": c.person.pk,
                    "full_name": c.person.full_name,
                    "date_of_birth": c.person.date_of_birth,
                    "match_probability": c.match_probability,
                    "explanation": c.explanation,
                    "held_by": c.held_by,
                    "message": "",
                }
            )
        else:
            out.append(
                {
                    "visible": False,
                    "person_id": None,
                    "full_name": None,
                    "date_of_birth": None,
                    "match_probability": None,
                    "explanation": [],
                    "held_by": c.held_by,
                    "message": f"A record exists held by {c.held_by}: ask for information",
                }
            )
    return out


@router.post(
    "/contacts/{contact_id}/subjects/{subject_id}/match",
    response={200: ContactSubjectOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Confirm that a named person is an existing record you may see",
)
def confirm_match(request, contact_id: uuid.UUID, subject_id: int, payload: ContactSubjectMatchIn):
    contact = selectors.contact_lookup(contact_id=contact_id)
    subject = selectors.subject_lookup(contact=contact, subject_id=subject_id)
    with _conflict_as_409():
        subject = services.subject_match_confirm(
            actor=request.user, contact=contact, subject=subject, person_id=payload.person_id
        )
    return _subject_out(subject)


@router.post(
    "/contacts/{contact_id}/subjects/{subject_id}/new-person",
    response={201: ContactSubjectOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Record a new person from the details given (after looking at the candidates) and link them",
)
def create_subject_person(request, contact_id: uuid.UUID, subject_id: int, payload: ContactSubjectNewPersonIn):
    contact = selectors.contact_lookup(contact_id=contact_id)
    subject = selectors.subject_lookup(contact=contact, subject_id=subject_id)
    with _conflict_as_409():
        subject = services.subject_person_create(
            actor=request.user, contact=contact, subject=subject, details=payload.model_dump()
        )
    return Status(201, _subject_out(subject))


@router.post(
    "/contacts/{contact_id}/subjects/{subject_id}/enquiries",
    response={201: ContactSubjectEnquiryOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Ask the agency holding a record you may not see (audited as an enquiry)",
)
def candidate_enquiry(request, contact_id: uuid.UUID, subject_id: int, payload: ContactSubjectMatchIn):
    contact = selectors.contact_lookup(contact_id=contact_id)
    subject = selectors.subject_lookup(contact=contact, subject_id=subject_id)
    agency = services.candidate_enquiry(
        actor=request.user, contact=contact, subject=subject, person_id=payload.person_id
    )
    name = agency.name if agency else "another agency"
    return Status(
        201,
        {
            "held_by": name,
            "contact_in_hours": agency.contact_in_hours if agency else "",
            "contact_out_of_hours": agency.contact_out_of_hours if agency else "",
            "message": f"Your enquiry is recorded. Ask {name} for information, or send them an information request.",
        },
    )


@router.post(
    "/contacts/{contact_id}/information-requests",
    response={201: InformationRequestOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Ask a partner team what it holds; due time set by the contact's RAG rating",
)
def send_information_request(request, contact_id: uuid.UUID, payload: InformationRequestIn):
    contact = selectors.contact_lookup(contact_id=contact_id)
    with _conflict_as_409():
        row = services.information_request_send(
            actor=request.user, contact=contact, team_id=payload.team_id, question=payload.question
        )
    return Status(201, _request_out(row))


@router.get(
    "/information-requests",
    response={200: list[InformationRequestOut], **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Requests sent to your teams (open by default; status='' for all)",
)
def my_information_requests(request, status: str = "open"):
    return [_request_out(r) for r in selectors.information_requests_for(actor=request.user, status=status)[:500]]


@router.get(
    "/information-requests/{request_id}",
    response={200: InformationRequestOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="One request, with the children it asks about while it is open",
)
def get_information_request(request, request_id: uuid.UUID):
    row = selectors.information_request_for_view(actor=request.user, request_id=request_id)
    return _request_out(row, row.visible_people)


@router.post(
    "/information-requests/{request_id}/answer",
    response={200: InformationRequestOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Answer a request (your team's sight of the children ends with the answer)",
)
def answer_information_request(request, request_id: uuid.UUID, payload: InformationRequestAnswerIn):
    row = selectors.information_request_lookup(request_id=request_id)
    with _conflict_as_409():
        row = services.information_request_answer(actor=request.user, request=row, answer=payload.answer)
    return _request_out(row)


@router.post(
    "/contacts/{contact_id}/threshold-views",
    response={201: ThresholdViewOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Record your agency's view of the threshold",
)
def record_threshold_view(request, contact_id: uuid.UUID, payload: ThresholdViewIn):
    contact = selectors.contact_lookup(contact_id=contact_id)
    with _conflict_as_409():
        view = services.threshold_view_record(
            actor=request.user,
            contact=contact,
            recommended_outcome=payload.recommended_outcome,
            rationale=payload.rationale,
        )
    return Status(
        201,
        {
            "agency": view.agency.name,
            "recommended_outcome": view.recommended_outcome,
            "rationale": view.rationale,
            "recorded_at": view.recorded_at,
        },
    )


@router.post(
    "/contacts/{contact_id}/decision",
    response={201: ContactDecisionOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="The front door manager's threshold decision; creates the next record",
)
def record_decision(request, contact_id: uuid.UUID, payload: ContactDecisionIn):
    contact = selectors.contact_lookup(contact_id=contact_id)
    with _conflict_as_409():
        decision = services.decision_record(actor=request.user, contact=contact, **payload.model_dump())
    return Status(201, _decision_out(decision))


@router.get(
    "/decisions/{decision_id}",
    response={200: ContactDecisionOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="A decision, for the front door, contributing agencies and practitioners working with the child",
)
def get_decision(request, decision_id: uuid.UUID):
    decision = selectors.decision_for_view(actor=request.user, decision_id=decision_id)
    return _decision_out(decision, decision.children)


@router.post(
    "/decisions/{decision_id}/challenges",
    response={201: DecisionChallengeOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Raise a professional challenge to a decision (owned by the deciding manager)",
)
def challenge_decision(request, decision_id: uuid.UUID, payload: DecisionChallengeIn):
    decision = selectors.decision_lookup(decision_id=decision_id)
    challenge = services.decision_challenge_raise(
        actor=request.user,
        decision=decision,
        person_id=payload.person_id,
        concern=payload.concern,
        desired_outcome=payload.desired_outcome,
    )
    return Status(
        201,
        {
            "id": challenge.pk,
            "person_id": challenge.person_id,
            "stage": challenge.stage,
            "stage_label": challenge.get_stage_display(),
            "owner": str(challenge.owner),
            "stage_due_on": challenge.stage_due_on,
            "status": challenge.status,
        },
    )


@router.get(
    "/people/{person_id}/front-door-outcomes",
    response={200: list[ContactOutcomeOut], **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Front door outcomes for a child you work with (e.g. a young person you supervise)",
)
def person_outcomes(request, person_id: uuid.UUID):
    return [
        {
            "decision_id": d.pk,
            "contact_id": d.contact_id,
            "received_at": d.contact.received_at,
            "outcome": d.outcome,
            "outcome_label": d.get_outcome_display(),
            "decided_at": d.decided_at,
        }
        for d in selectors.outcomes_for_person(actor=request.user, person_id=person_id)
    ]


# --------------------------------------------------------------------------------------------- notifications

IMPORT_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {
                "schema": {"type": "string"},
                "example": ",".join(imports.CSV_COLUMNS + imports.OPTIONAL_CSV_COLUMNS),
            },
            "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
        },
    },
    "description": imports.__doc__,
}


@router.post(
    "/notifications/import",
    response={200: NotificationImportReportOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Import police notifications (CSV or JSON): good rows kept, bad rows reported by line and field",
    openapi_extra=IMPORT_DOC,
)
def import_notifications(request):
    try:
        groups = imports.parse(request.body, content_type=request.headers.get("Content-Type", ""))
    except imports.FileError as exc:
        raise InvalidInput({"body": [exc.message]}) from None
    report = services.notifications_import(actor=request.user, groups=groups)
    if report["errors"] and not report["accepted"] and not report["already_imported"]:
        raise InvalidInput({f"line {e.line}: {e.field}": [e.message] for e in report["errors"]})
    return report


@router.get(
    "/police-screening",
    response={200: PoliceScreeningDashboardOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Police notifications waiting for a referral decision, oldest first, with those over the threshold",
    description="The counts cover the whole backlog; `waiting` is one page of it. Paged: follow the Link "
    "rel=\"next\" header.",
    openapi_extra=paged_openapi(),
)
def police_screening(
    request,
    response: HttpResponse,
    limit: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=LIMIT_DESCRIPTION),
    cursor: str = Query("", max_length=500, description=CURSOR_DESCRIPTION),
):
    board = selectors.police_dashboard(actor=request.user, cursor=cursor or None, size=limit)
    link_next(request, response, board.waiting)
    return {
        "waiting_count": board.waiting_count,
        "over_threshold_count": board.over_threshold_count,
        "threshold_hours": board.threshold_hours,
        "oldest_age_hours": board.oldest_age_hours,
        "waiting": [_notification_out(n) for n in board.waiting],
    }


@router.get(
    "/notifications/{notification_id}",
    response={200: PoliceNotificationOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="A police notification",
)
def get_notification(request, notification_id: uuid.UUID):
    return _notification_out(selectors.notification_for_view(actor=request.user, notification_id=notification_id))


@router.post(
    "/notifications/{notification_id}/screening",
    response={200: PoliceNotificationOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="A police officer's decision: refer to children's social care (creates a contact) or not, with reason",
)
def screen_notification(request, notification_id: uuid.UUID, payload: PoliceScreeningIn):
    notification = selectors.notification_for_view(actor=request.user, notification_id=notification_id)
    with _conflict_as_409():
        notification = services.police_screening_decide(
            actor=request.user, notification=notification, decision=payload.decision, reason=payload.reason
        )
    return _notification_out(notification)


# --------------------------------------------------------------------------------------------- triage


@router.post(
    "/triage-meetings",
    response={201: TriageMeetingOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Open a domestic abuse triage meeting: its agenda is every case waiting since the last one",
)
def open_triage_meeting(request, payload: TriageMeetingIn):
    meeting = services.triage_meeting_open(actor=request.user, held_on=payload.held_on)
    return Status(201, _meeting_out(selectors.triage_meeting_for_view(actor=request.user, meeting_id=meeting.pk)))


@router.get(
    "/triage-meetings/{meeting_id}",
    response={200: TriageMeetingOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="A triage meeting: agenda, agency information, decisions, actions and minutes",
)
def get_triage_meeting(request, meeting_id: uuid.UUID):
    return _meeting_out(selectors.triage_meeting_for_view(actor=request.user, meeting_id=meeting_id))


@router.post(
    "/triage-items/{item_id}/inputs",
    response={201: TriageInputOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Add what your agency knows about a triage case",
)
def add_triage_input(request, item_id: uuid.UUID, payload: TriageInputIn):
    item = selectors.triage_item_lookup(actor=request.user, item_id=item_id)
    with _conflict_as_409():
        entry = services.triage_input_add(actor=request.user, item=item, information=payload.information)
    return Status(
        201, {"agency": entry.agency.name, "information": entry.information, "recorded_at": entry.recorded_at}
    )


@router.post(
    "/triage-items/{item_id}/decision",
    response={200: TriageMeetingOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Record the triage decision for a case",
)
def decide_triage_item(request, item_id: uuid.UUID, payload: TriageDecisionIn):
    item = selectors.triage_item_lookup(actor=request.user, item_id=item_id)
    with _conflict_as_409():
        services.triage_item_decide(actor=request.user, item=item, outcome=payload.outcome, rationale=payload.rationale)
    return _meeting_out(selectors.triage_meeting_for_view(actor=request.user, meeting_id=item.meeting_id))


@router.post(
    "/triage-items/{item_id}/actions",
    response={201: TriageActionOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Add an action with its owner and due date",
)
def add_triage_action(request, item_id: uuid.UUID, payload: TriageActionIn):
    item = selectors.triage_item_lookup(actor=request.user, item_id=item_id)
    with _conflict_as_409():
        action = services.triage_action_add(actor=request.user, item=item, **payload.model_dump())
    return Status(201, {"description": action.description, "owner": str(action.owner), "due_on": action.due_on})


@router.post(
    "/triage-meetings/{meeting_id}/close",
    response={200: TriageMeetingOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Record the minutes and close the meeting",
)
def close_triage_meeting(request, meeting_id: uuid.UUID, payload: TriageMinutesIn):
    meeting = selectors.triage_meeting_lookup(actor=request.user, meeting_id=meeting_id)
    with _conflict_as_409():
        services.triage_meeting_close(actor=request.user, meeting=meeting, minutes=payload.minutes)
    return _meeting_out(selectors.triage_meeting_for_view(actor=request.user, meeting_id=meeting_id))


# --------------------------------------------------------------------------------------------- Encompass


@router.get(
    "/encompass-notices",
    response={200: list[EncompassNoticeOut], **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Operation Encompass notices: a DSL sees their school's; flagged=true for late or unacknowledged",
    description="Open notices (not yet acknowledged) soonest due first, unless include_acknowledged=true. "
    "Paged: follow the Link rel=\"next\" header.",
    openapi_extra=paged_openapi(),
)
def encompass_notices(
    request,
    response: HttpResponse,
    flagged: bool = False,
    include_acknowledged: bool = False,
    limit: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=LIMIT_DESCRIPTION),
    cursor: str = Query("", max_length=500, description=CURSOR_DESCRIPTION),
):
    page = selectors.encompass_notices_for(
        actor=request.user, flagged_only=flagged, include_acknowledged=include_acknowledged, cursor=cursor or None,
        size=limit,
    )
    link_next(request, response, page)
    return [_notice_out(n) for n in page.items]


@router.post(
    "/encompass-notices/{notice_id}/acknowledge",
    response={200: EncompassNoticeOut, **UNAUTHORISED, **FORBIDDEN, **NOT_FOUND, **INVALID},
    summary="The school's designated safeguarding lead acknowledges a notice",
)
def acknowledge_notice(request, notice_id: uuid.UUID):
    notice = selectors.encompass_notice_lookup(notice_id=notice_id)
    return _notice_out(services.encompass_acknowledge(actor=request.user, notice=notice))
