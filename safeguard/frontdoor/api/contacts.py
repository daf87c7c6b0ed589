"""Contact routes: record a contact (idempotently), the queue, read, screen, and match subjects."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from ninja import Query, Status

from safeguard.api.paging import CURSOR_DESCRIPTION, LIMIT_DESCRIPTION, link_next, paged_openapi
from safeguard.api.problems import CONFLICT, INVALID, NOT_FOUND, UNAUTHORISED
from safeguard.core.clock import Deadline
from safeguard.core.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, keyset_page
from safeguard.frontdoor import selectors, services
from safeguard.frontdoor.codes import ContactStatus

from .common import _conflict_as_409, router
from .presenters import _contact_out, _subject_out
from .schemas_in import ContactIn, ContactScreeningIn, ContactSubjectMatchIn, ContactSubjectNewPersonIn
from .schemas_out import (
    ContactOut,
    ContactQueueItemOut,
    ContactSubjectCandidateOut,
    ContactSubjectEnquiryOut,
    ContactSubjectOut,
)

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
    description="Paged: follow the Link rel=\"next\" header.",
    openapi_extra=paged_openapi(),
)
def contact_queue(
    request,
    response: HttpResponse,
    team_id: int | None = None,
    rag: str = "",
    status: str = "open",
    limit: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=LIMIT_DESCRIPTION),
    cursor: str = Query("", max_length=500, description=CURSOR_DESCRIPTION),
):
    page = keyset_page(
        selectors.contact_queue(actor=request.user, team_id=team_id, rag=rag, status=status, flat=True),
        order=selectors.CONTACT_QUEUE_ORDER, cursor=cursor or None, size=limit,
    )
    link_next(request, response, page)
    rows = page.items
    selectors.attach_queue_children(rows)
    selectors.audit_queue_view(actor=request.user, contacts=rows)
    out = []
    for c in rows:
        if c["status"] == ContactStatus.DECIDED:
            describe, overdue = "decided", False
        else:
            deadline = Deadline(c["decision_due_on"])
            describe, overdue = deadline.describe(), deadline.is_overdue()
        out.append({**c, "id": c["pk"], "decision_clock": describe, "overdue": overdue})
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
