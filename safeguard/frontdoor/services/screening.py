"""Screening a contact: RAG rating, information requests to other agencies and their answers,
and partners' threshold views."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.errors import InvalidInput
from safeguard.access.models import AuditAction, InvolvementKind
from safeguard.access.services import involvement_end_for_source, involvement_grant
from safeguard.agencies.models import Team
from safeguard.core import clock
from safeguard.core.models import Task, TaskStatus
from safeguard.core.services import (
    task_complete,
    task_create,
)
from safeguard.frontdoor.codes import (
    ContactStatus,
    Outcome,
    Rag,
    RequestStatus,
)
from safeguard.frontdoor.errors import Conflict
from safeguard.frontdoor.models import (
    Contact,
    InformationRequest,
    ThresholdView,
)
from safeguard.frontdoor.validation import (
    ANSWER_REQUIRED,
    MIN_REASON,
    RAG_REQUIRED,
    REQUEST_QUESTION_REQUIRED,
    REQUEST_TEAM_REQUIRED,
    VIEW_OUTCOME_REQUIRED,
    VIEW_RATIONALE_REQUIRED,
)
from safeguard.people.validation import Errors

from .common import _audit, linked_people


@transaction.atomic
def contact_screen(*, actor, contact: Contact, rag: str, notes: str = "") -> Contact:
    records.require(actor, "work", contact)
    if not contact.is_open:
        raise Conflict("This contact has been decided.")
    if rag not in Rag.values:
        raise InvalidInput({"rag": [RAG_REQUIRED]})
    contact.rag, contact.screening_notes = rag, (notes or "").strip()
    contact.screened_by, contact.status = actor, ContactStatus.SCREENING
    contact.save(update_fields=["rag", "screening_notes", "screened_by", "status"])
    _audit(
        actor=actor,
        action=AuditAction.CHANGE,
        record=contact,
        purpose="screened a contact",
        people=linked_people(contact),
        detail={"rag": rag},
    )
    return contact


@transaction.atomic
def information_request_send(*, actor, contact: Contact, team_id, question: str) -> InformationRequest:
    """Ask a partner team what it holds. The team may see the named children while the request is open."""
    records.require(actor, "work", contact)
    if not contact.is_open:
        raise Conflict("This contact has been decided.")
    errors = Errors()
    team = Team.objects.select_related("agency").filter(pk=team_id).first() if team_id else None
    if team is None:
        errors.add("team_id", REQUEST_TEAM_REQUIRED)
    if len((question or "").strip()) < MIN_REASON:
        errors.add("question", REQUEST_QUESTION_REQUIRED)
    if not contact.rag:
        errors.add("rag", "Set the contact's RAG rating first: it sets when the answer is due")
    if not linked_people(contact):
        errors.add("subjects", "Confirm who the child is before asking partners about them")
    errors.raise_if_any()
    now = timezone.now()
    request = InformationRequest.objects.create(
        contact=contact,
        team=team,
        question=question.strip(),
        requested_by=actor,
        requested_at=now,
        rag=contact.rag,
        due_at=clock.information_request_due(now, contact.rag),
    )
    people = linked_people(contact)
    for person in people:
        involvement_grant(person=person, kind=InvolvementKind.INFORMATION_REQUEST, team=team, source=request)
    children = linked_people(contact, children_only=True)
    about = f" about {children[0].full_name}" if children else ""
    task_create(
        kind="information_request",
        title=f"Answer the front door's information request{about} ({contact.get_rag_display().lower()})",
        due_on=timezone.localdate(request.due_at),
        team=team,
        person=children[0] if children else None,
        source=request,
    )
    if contact.status == ContactStatus.NEW:
        contact.status = ContactStatus.SCREENING
        contact.save(update_fields=["status"])
    _audit(
        actor=actor,
        action=AuditAction.CREATE,
        record=request,
        purpose="asked a partner agency for information",
        people=people,
        detail={"team": team.pk, "contact": str(contact.pk)},
    )
    return request


@transaction.atomic
def information_request_answer(*, actor, request: InformationRequest, answer: str) -> InformationRequest:
    """The partner answers in Safeguard; its sight of the children ends with the answer."""
    records.require(actor, "answer", request)
    if request.status != RequestStatus.OPEN:
        raise Conflict("This request has already been answered.")
    if len((answer or "").strip()) < 2:
        raise InvalidInput({"answer": [ANSWER_REQUIRED]})
    request.answer, request.answered_by, request.answered_at = answer.strip(), actor, timezone.now()
    request.status = RequestStatus.ANSWERED
    request.save(update_fields=["answer", "answered_by", "answered_at", "status"])
    people = linked_people(request.contact)
    involvement_end_for_source(source=request)
    for task in Task.objects.filter(
        source_type="frontdoor.informationrequest", source_id=str(request.pk), status=TaskStatus.OPEN
    ):
        task_complete(task=task, outcome="Answered")
    _audit(
        actor=actor,
        action=AuditAction.CHANGE,
        record=request,
        purpose="answered a front door information request",
        people=people,
        detail={"late": request.is_late()},
    )
    return request


@transaction.atomic
def threshold_view_record(*, actor, contact: Contact, recommended_outcome: str, rationale: str) -> ThresholdView:
    """One agency's view of the threshold (replacing its earlier view while the contact is open)."""
    records.require(actor, "contribute", contact)
    if not contact.is_open:
        raise Conflict("This contact has been decided.")
    errors = Errors()
    if recommended_outcome not in Outcome.values:
        errors.add("recommended_outcome", VIEW_OUTCOME_REQUIRED)
    if len((rationale or "").strip()) < MIN_REASON:
        errors.add("rationale", VIEW_RATIONALE_REQUIRED)
    agency = actor.primary_agency
    if agency is None:
        errors.add("agency", "You are not a member of an agency")
    errors.raise_if_any()
    view, _ = ThresholdView.objects.update_or_create(
        contact=contact,
        agency=agency,
        defaults={
            "recorded_by": actor,
            "recorded_at": timezone.now(),
            "recommended_outcome": recommended_outcome,
            "rationale": rationale.strip(),
        },
    )
    _audit(
        actor=actor,
        action=AuditAction.CHANGE,
        record=contact,
        purpose="recorded an agency's threshold view",
        people=linked_people(contact),
        detail={"agency": agency.pk, "outcome": recommended_outcome},
    )
    return view
