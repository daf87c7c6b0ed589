"""Every write at the front door: validated, put on the children's chronologies and audited in one
transaction. Keyword-only `thing_verb(*, actor, ...)`."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, time

from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguard.access import policy
from safeguard.access.audit import audit_record
from safeguard.access.errors import InvalidInput, NotFound
from safeguard.access.models import AuditAction, Involvement, InvolvementKind
from safeguard.access.services import involvement_end_for_source, involvement_grant
from safeguard.agencies.models import Agency, Membership, Practitioner, Team
from safeguard.agencies.roles import AgencyType, Role
from safeguard.challenges.services import challenge_raise
from safeguard.core import clock
from safeguard.core.models import EventType, Task, TaskStatus
from safeguard.core.services import (
    chronology_event_record,
    handoff_raise,
    new_information_raise,
    task_complete,
    task_create,
    tasks_complete_for,
)
from safeguard.core.signals import referral_made, strategy_discussion_needed
from safeguard.frontdoor import rules
from safeguard.frontdoor.codes import (
    CHILD_ROLES,
    SEXUAL_ABUSE_CONCERNS,
    ConcernCategory,
    ConsentStatus,
    ContactStatus,
    LawfulBasis,
    NotificationKind,
    Outcome,
    PoliceScreeningDecision,
    Rag,
    ReferralSource,
    RequestStatus,
    ScreeningStatus,
    SubjectRole,
    TriageOutcome,
)
from safeguard.frontdoor.errors import Conflict
from safeguard.frontdoor.models import (
    Assessment,
    Contact,
    ContactSubject,
    Decision,
    EarlyHelpReferral,
    EncompassNotice,
    IdempotencyKey,
    InformationRequest,
    MatchEnquiry,
    Notification,
    NotifiedPerson,
    ThresholdView,
    TriageAction,
    TriageInput,
    TriageItem,
    TriageMeeting,
)
from safeguard.frontdoor.validation import INDIVIDUAL_SOURCES, MIN_REASON, clean_contact
from safeguard.people.matching import MatchDetails, find_candidates
from safeguard.people.models import Person
from safeguard.people.selectors import person_lookup
from safeguard.people.services import person_create
from safeguard.people.validation import Errors

NFA_OUTCOMES = frozenset({Outcome.NO_FURTHER_ACTION, Outcome.ADVICE})


def _audit(*, actor, action, record, purpose, people=(), detail=None) -> None:
    """One entry per person the record is about (so each child's access log shows it), or one entry."""
    people = [p for p in people if p is not None]
    for person in people or [None]:
        audit_record(actor=actor, action=action, record=record, person=person, purpose=purpose, detail=detail)


def linked_people(contact: Contact, *, children_only: bool = False) -> list[Person]:
    seen: dict = {}
    for subject in contact.subjects.select_related("person"):
        if subject.person is not None and (not children_only or subject.role in CHILD_ROLES):
            seen[subject.person.pk] = subject.person
    return list(seen.values())


def default_front_door_team() -> Team | None:
    return Team.objects.filter(is_front_door=True).order_by("pk").first()


def _front_door_member(actor, contact: Contact) -> bool:
    return policy.is_front_door(actor) and contact.team_id in actor.team_ids


def _require_front_door(actor, contact: Contact) -> None:
    if not _front_door_member(actor, contact):
        raise NotFound()


def _fingerprint(payload: dict) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


# ---------------------------------------------------------------------------------------------
# Contacts in


def contact_record(
    *,
    actor,
    data: dict,
    subjects: list[dict],
    idempotency_key: str = "",
    fingerprint_payload: dict | None = None,
) -> tuple[Contact, bool]:
    """Record a contact. Returns (contact, created). With an idempotency key, a repeat by the same
    actor with the same body returns the first contact and creates nothing; a different body with
    the same key raises Conflict."""
    if not policy.can_record_contact(actor):
        raise NotFound()
    key = (idempotency_key or "").strip()
    if len(key) > IDEMPOTENCY_KEY_MAX:  # refused, never truncated: two long keys must not collide
        message = f"Send an Idempotency-Key of {IDEMPOTENCY_KEY_MAX} characters or fewer"
        raise InvalidInput({"Idempotency-Key": [message]})
    fingerprint = _fingerprint(fingerprint_payload if fingerprint_payload is not None else {"d": data, "s": subjects})
    if key:
        previous = IdempotencyKey.objects.filter(actor=actor, key=key).select_related("contact").first()
        if previous is not None:
            if previous.fingerprint != fingerprint:
                raise Conflict("This Idempotency-Key was already used for a different contact.")
            return previous.contact, False
    try:
        with transaction.atomic():
            contact = _contact_create(actor=actor, data=data, subjects=subjects)
            if key:
                IdempotencyKey.objects.create(actor=actor, key=key, fingerprint=fingerprint, contact=contact)
    except IntegrityError:
        # A concurrent retry with the same key won the race: answer with its contact.
        previous = (
            IdempotencyKey.objects.filter(actor=actor, key=key).select_related("contact").first() if key else None
        )
        if previous is None:
            raise
        if previous.fingerprint != fingerprint:
            raise Conflict("This Idempotency-Key was already used for a different contact.") from None
        return previous.contact, False
    return contact, True


IDEMPOTENCY_KEY_MAX = IdempotencyKey._meta.get_field("key").max_length


def _contact_create(*, actor, data: dict, subjects: list[dict]) -> Contact:
    cleaned, cleaned_subjects = clean_contact(data, subjects)
    errors = Errors()
    team = None
    if cleaned["team_id"]:
        team = Team.objects.filter(pk=cleaned["team_id"], is_front_door=True).first()
        if team is None:
            errors.add("team_id", "Select a front door team")
    else:
        team = default_front_door_team()
        if team is None:
            errors.add("team_id", "No front door team is set up: ask your system administrator")
    agency = None
    if cleaned["referrer_agency_id"]:
        agency = Agency.objects.filter(pk=cleaned["referrer_agency_id"]).first()
        if agency is None:
            errors.add("referrer_agency_id", "Select the referrer's agency from the list")
    elif cleaned["referral_source"] not in INDIVIDUAL_SOURCES and not cleaned["referrer_agency_text"]:
        agency = actor.primary_agency
    people: list[Person | None] = []
    for i, subject in enumerate(cleaned_subjects):
        person = None
        if subject["person_id"]:
            try:
                person = person_lookup(person_id=subject["person_id"])
            except NotFound:
                person = None
            if person is None or not policy.decide(actor, person, policy.Action.VIEW):
                errors.add(f"subjects[{i}].person_id", "No record you may see has this id")
                person = None
        people.append(person)
    errors.raise_if_any()

    received_at = cleaned["received_at"]
    contact = Contact.objects.create(
        team=team,
        received_at=received_at,
        decision_due_on=clock.contact_decision_due(timezone.localdate(received_at)),
        recorded_by=actor,
        referrer_name=cleaned["referrer_name"],
        referrer_role=cleaned["referrer_role"],
        referrer_agency=agency,
        referrer_agency_text=cleaned["referrer_agency_text"],
        referrer_phone=cleaned["referrer_phone"],
        referral_source=cleaned["referral_source"],
        concerns=cleaned["concerns"],
        categories=cleaned["categories"],
        consent_status=cleaned["consent_status"],
        lawful_basis=cleaned["lawful_basis"],
        consent_reason=cleaned["consent_reason"],
    )
    now = timezone.now()
    for subject, person in zip(cleaned_subjects, people, strict=True):
        subject = {k: v for k, v in subject.items() if k != "person_id"}
        ContactSubject.objects.create(
            contact=contact,
            person=person,
            matched_by=actor if person else None,
            matched_at=now if person else None,
            **subject,
        )
        if person is not None:
            _subject_linked(actor=actor, contact=contact, person=person)
    task_create(
        kind="contact_decision",
        title=f"Make a threshold decision: contact from {_referrer_text(contact)}",
        due_on=contact.decision_due_on,
        team=contact.team,
        person=next((p for s, p in zip(cleaned_subjects, people, strict=True) if p and s["role"] in CHILD_ROLES), None),
        source=contact,
        subject=contact,
    )
    _audit(
        actor=actor,
        action=AuditAction.CREATE,
        record=contact,
        purpose="recorded a contact",
        people=[p for p in people if p],
        detail={"subjects": len(cleaned_subjects), "consent": contact.consent_status},
    )
    return contact


def _subject_linked(*, actor, contact: Contact, person: Person) -> None:
    """The front door team needs to know about the person while the contact is open; a worker
    already working with them is told of the new contact."""
    involvement_grant(person=person, kind=InvolvementKind.FRONT_DOOR_CONTACT, team=contact.team, source=contact)
    if contact.subjects.filter(person=person, role__in=CHILD_ROLES).exists():
        # The decision task is filed under the child on "Your work" once we know who the child is.
        Task.objects.filter(
            kind="contact_decision", source_type="frontdoor.contact", source_id=str(contact.pk), person__isnull=True
        ).update(person=person)
    new_information_raise(
        person=person,
        what=f"a new contact to the front door from {_referrer_text(contact)}",
        source=contact,
        actor=actor,
    )
    chronology_event_record(
        person=person,
        event_type=EventType.CONTACT_RECEIVED,
        occurred_on=timezone.localdate(contact.received_at),
        summary=f"Contact from {_referrer_text(contact)}: "
        + ", ".join(ConcernCategory(c).label for c in contact.categories),
        actor=actor,
        agency=contact.referrer_agency,
        source=contact,
    )


def _referrer_text(contact: Contact) -> str:
    return str(contact.referrer_agency or contact.referrer_agency_text or contact.get_referral_source_display())


def _open_subject(actor, contact: Contact, subject: ContactSubject) -> None:
    _require_front_door(actor, contact)
    if subject.contact_id != contact.pk:
        raise NotFound()
    if not contact.is_open:
        raise Conflict("This contact has been decided: its people can no longer be changed.")
    if subject.person_id:
        raise InvalidInput({"person_id": ["This person is already linked to a record"]})


@transaction.atomic
def subject_match_confirm(*, actor, contact: Contact, subject: ContactSubject, person_id) -> ContactSubject:
    """The practitioner confirms that a named person is an existing record. Never done silently."""
    _open_subject(actor, contact, subject)
    try:
        person = person_lookup(person_id=person_id)
    except NotFound:
        raise InvalidInput({"person_id": ["No record you may see has this id"]}) from None
    if not policy.decide(actor, person, policy.Action.VIEW):
        # A record held elsewhere: the front door may link it only after asking the holding agency
        # (an audited enquiry), and only if it is a candidate for the details the referrer gave.
        asked = MatchEnquiry.objects.filter(subject=subject, person=person).exists()
        candidate_ids = {c.person.pk for c in find_candidates(actor=actor, details=_match_details(subject))}
        if not asked or person.pk not in candidate_ids:
            raise InvalidInput({"person_id": ["You may not see this record: ask the agency that holds it first"]})
    subject.person, subject.matched_by, subject.matched_at = person, actor, timezone.now()
    subject.save(update_fields=["person", "matched_by", "matched_at"])
    _subject_linked(actor=actor, contact=contact, person=person)
    _audit(
        actor=actor,
        action=AuditAction.CHANGE,
        record=contact,
        purpose="confirmed a match for a person named in a contact",
        people=[person],
        detail={"subject": subject.pk},
    )
    return subject


@transaction.atomic
def subject_person_create(*, actor, contact: Contact, subject: ContactSubject, details: dict | None = None):
    """Record a new person from the details the referrer gave (after the practitioner looked at the
    candidates), and link them."""
    _open_subject(actor, contact, subject)
    base = {
        "given_name": subject.given_name,
        "family_name": subject.family_name,
        "date_of_birth": subject.date_of_birth,
        "sex": subject.sex or "U",
    }
    base.update({k: v for k, v in (details or {}).items() if v not in (None, "")})
    identifiers = [{"id_type": "nhs_number", "value": subject.nhs_number}] if subject.nhs_number else []
    address = {"line_1": subject.address, "postcode": subject.postcode} if subject.address else None
    person = person_create(actor=actor, details=base, identifiers=identifiers, address=address)
    subject.person, subject.matched_by, subject.matched_at = person, actor, timezone.now()
    subject.save(update_fields=["person", "matched_by", "matched_at"])
    _subject_linked(actor=actor, contact=contact, person=person)
    _audit(
        actor=actor,
        action=AuditAction.CHANGE,
        record=contact,
        purpose="recorded a new person named in a contact",
        people=[person],
        detail={"subject": subject.pk},
    )
    return subject


def _match_details(subject: ContactSubject) -> MatchDetails:
    return MatchDetails(
        given_name=subject.given_name,
        family_name=subject.family_name,
        date_of_birth=subject.date_of_birth,
        sex=subject.sex,
        postcode=subject.postcode,
        address=subject.address,
        nhs_number=subject.nhs_number,
    )


def subject_candidates(*, actor, contact: Contact, subject: ContactSubject):
    """Ranked candidates for a named person, with why they match. The look-up is audited."""
    _require_front_door(actor, contact)
    if subject.contact_id != contact.pk:
        raise NotFound()
    candidates = find_candidates(actor=actor, details=_match_details(subject))
    audit_record(
        actor=actor,
        action=AuditAction.SEARCH,
        object_type="frontdoor.contactsubject",
        object_id=str(subject.pk),
        purpose="matched a person named in a contact",
        detail={
            "results": [str(c.person.pk) for c in candidates if c.visible],
            "hidden": sum(not c.visible for c in candidates),
        },
    )
    return candidates


@transaction.atomic
def candidate_enquiry(*, actor, contact: Contact, subject: ContactSubject, person_id) -> Agency | None:
    """The practitioner may not see a candidate record: ask the agency holding it. Audited as an enquiry.
    Returns the holding agency (with its safeguarding contact details)."""
    _require_front_door(actor, contact)
    if subject.contact_id != contact.pk:
        raise NotFound()
    try:
        person = person_lookup(person_id=person_id)
    except NotFound:
        raise InvalidInput({"person_id": ["Choose one of the candidates shown"]}) from None
    if person.pk not in {c.person.pk for c in find_candidates(actor=actor, details=_match_details(subject))}:
        raise InvalidInput({"person_id": ["Choose one of the candidates shown"]})
    MatchEnquiry.objects.create(subject=subject, person=person, held_by=person.recorded_by_agency, asked_by=actor)
    audit_record(
        actor=actor,
        action=AuditAction.ENQUIRY,
        object_type="people.person",
        object_id=str(person.pk),
        person=person,
        purpose="front door asked the holding agency about a possible match",
        detail={"contact": str(contact.pk), "subject": subject.pk},
    )
    return person.recorded_by_agency


# ---------------------------------------------------------------------------------------------
# Screening


@transaction.atomic
def contact_screen(*, actor, contact: Contact, rag: str, notes: str = "") -> Contact:
    _require_front_door(actor, contact)
    if not contact.is_open:
        raise Conflict("This contact has been decided.")
    if rag not in Rag.values:
        raise InvalidInput({"rag": ["Select a RAG rating: red, amber or green"]})
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
    _require_front_door(actor, contact)
    if not contact.is_open:
        raise Conflict("This contact has been decided.")
    errors = Errors()
    team = Team.objects.select_related("agency").filter(pk=team_id).first() if team_id else None
    if team is None:
        errors.add("team_id", "Select the partner team to ask")
    if len((question or "").strip()) < MIN_REASON:
        errors.add("question", "Say what you need to know")
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
    task_create(
        kind="information_request",
        title=f"Front door information request ({contact.get_rag_display()})",
        due_on=timezone.localdate(request.due_at),
        team=team,
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


def _request_holder(actor, request: InformationRequest) -> bool:
    return policy.sees_case_content(actor) and request.team_id in actor.team_ids


@transaction.atomic
def information_request_answer(*, actor, request: InformationRequest, answer: str) -> InformationRequest:
    """The partner answers in Safeguard; its sight of the children ends with the answer."""
    if not _request_holder(actor, request):
        raise NotFound()
    if request.status != RequestStatus.OPEN:
        raise Conflict("This request has already been answered.")
    if len((answer or "").strip()) < 2:
        raise InvalidInput({"answer": ["Enter what your agency holds, or 'Nothing known'"]})
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


def contributes_to(actor, contact: Contact) -> bool:
    """Front door staff, and partner teams asked for information about this contact."""
    if _front_door_member(actor, contact):
        return True
    return policy.sees_case_content(actor) and contact.information_requests.filter(team_id__in=actor.team_ids).exists()


@transaction.atomic
def threshold_view_record(*, actor, contact: Contact, recommended_outcome: str, rationale: str) -> ThresholdView:
    """One agency's view of the threshold (replacing its earlier view while the contact is open)."""
    if not contributes_to(actor, contact):
        raise NotFound()
    if not contact.is_open:
        raise Conflict("This contact has been decided.")
    errors = Errors()
    if recommended_outcome not in Outcome.values:
        errors.add("recommended_outcome", "Select the outcome your agency thinks is right")
    if len((rationale or "").strip()) < MIN_REASON:
        errors.add("rationale", "Explain your agency's view")
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


# ---------------------------------------------------------------------------------------------
# Decision


# Decisions that pass work on to a team, which allocates it to a named worker.
HANDOFF_OUTCOMES = frozenset({Outcome.ASSESSMENT, Outcome.STRATEGY_DISCUSSION, Outcome.EARLY_HELP})
SOCIAL_WORK_OUTCOMES = frozenset({Outcome.ASSESSMENT, Outcome.STRATEGY_DISCUSSION})


def social_work_teams():
    """Children's social care teams (not the front door) that have a team manager to allocate."""
    today = timezone.localdate()
    managed = (
        Membership.objects.filter(role=Role.SOCIAL_WORK_MANAGER, starts_on__lte=today, practitioner__is_active=True)
        .exclude(ends_on__lt=today)
        .values("team_id")
    )
    return (
        Team.objects.filter(agency__agency_type=AgencyType.CHILDRENS_SOCIAL_CARE, is_front_door=False, pk__in=managed)
        .select_related("agency")
        .order_by("name")
    )


def receiving_team_for(*, contact: Contact, outcome: str, children: list[Person], team_id=None) -> Team:
    """Who takes the work on: the team the manager chose; else the social work team already holding
    a child's episode; else the first social work team. Early help goes to the front door's own
    first point of contact service. With no social work team set up, the front door keeps it."""
    teams = social_work_teams()
    if outcome in SOCIAL_WORK_OUTCOMES:
        if team_id:
            chosen = teams.filter(pk=team_id).first()
            if chosen is None:
                raise InvalidInput({"receiving_team_id": ["Choose a social work team from the list"]})
            return chosen
        holding = (
            Involvement.objects.active()
            .filter(person__in=children, kind=InvolvementKind.TEAM_EPISODE, team__in=teams)
            .order_by("starts_at")
            .first()
        )
        if holding is not None:
            return holding.team
        return teams.first() or contact.team
    return contact.team


@transaction.atomic
def decision_record(
    *,
    actor,
    contact: Contact,
    outcome: str,
    rationale: str,
    history_acknowledgement: str = "",
    receiving_team_id=None,
) -> Decision:
    """The front door manager's threshold decision, with who agreed. Creates the next record."""
    _require_front_door(actor, contact)
    if not policy.can_decide_threshold(actor):
        raise NotFound()
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if not contact.is_open:
        raise Conflict("This contact has already been decided.")
    errors = Errors()
    if outcome not in Outcome.values:
        errors.add("outcome", "Select the decision")
    if len((rationale or "").strip()) < MIN_REASON:
        errors.add("rationale", "Explain the reasons for the decision")
    if contact.subjects.filter(person__isnull=True).exists():
        errors.add("subjects", "Confirm a match or record a new person for everyone named before deciding")
    children = linked_people(contact, children_only=True)
    concern = rules.cumulative_concern(children=children) if children else None
    if (
        concern
        and concern.triggered
        and outcome in NFA_OUTCOMES
        and len((history_acknowledgement or "").strip()) < MIN_REASON
    ):
        errors.add(
            "history_acknowledgement",
            f"{concern.summary}: explain why no further action is right given this history",
        )
    errors.raise_if_any()
    receiving_team = None
    if outcome in HANDOFF_OUTCOMES:
        receiving_team = receiving_team_for(
            contact=contact, outcome=outcome, children=children, team_id=receiving_team_id
        )

    now = timezone.now()
    decision = Decision.objects.create(
        receiving_team=receiving_team,
        contact=contact,
        outcome=outcome,
        rationale=rationale.strip(),
        history_acknowledgement=(history_acknowledgement or "").strip(),
        decided_by=actor,
        decided_at=now,
        within_timescale=timezone.localdate(now) <= contact.decision_due_on,
        cumulative_concern=bool(concern and concern.triggered),
    )
    views = list(contact.threshold_views.select_related("agency", "recorded_by"))
    agreed = {v.agency_id for v in views if v.recommended_outcome == outcome}
    if actor.primary_agency:
        agreed.add(actor.primary_agency.pk)
    decision.agreed_agencies.set(agreed)
    contact.status = ContactStatus.DECIDED
    contact.save(update_fields=["status"])
    tasks_complete_for(source=contact, kinds=["contact_decision"], outcome=f"Decided: {Outcome(outcome).label}")

    today = timezone.localdate(now)
    label = Outcome(outcome).label
    for child in children:
        chronology_event_record(
            person=child,
            event_type=EventType.DECISION_MADE,
            occurred_on=today,
            summary=f"Front door decision: {label}",
            actor=actor,
            source=decision,
        )
    _next_record(actor=actor, decision=decision, children=children, today=today)
    if outcome in SOCIAL_WORK_OUTCOMES and children:
        referral_made.send(sender=Decision, decision=decision, children=children, actor=actor)

    # Agencies whose view differed are told, so that they can challenge (see decision_challenge_raise).
    challenge_due = clock.challenge_stage_due(today, 0)
    for view in views:
        if view.recommended_outcome != outcome:
            task_create(
                kind="threshold_dissent",
                title=f"The front door decided '{label}', which differs from your agency's view",
                due_on=challenge_due,
                assignee=view.recorded_by,
                source=decision,
            )
    involvement_end_for_source(source=contact)
    _audit(
        actor=actor,
        action=AuditAction.CREATE,
        record=decision,
        purpose="recorded a threshold decision",
        people=linked_people(contact),
        detail={"outcome": outcome, "agreed": sorted(agreed)},
    )
    return decision


def named_people_of(contact: Contact) -> dict[str, list[Person]]:
    """The adults the contact named, by role, for the work that follows (e.g. the strategy
    discussion, so the rule on other children linked to the same adults sees them)."""
    perpetrators: dict = {}
    adults: dict = {}
    for subject in contact.subjects.select_related("person"):
        if subject.person is None:
            continue
        if subject.role == SubjectRole.ALLEGED_PERPETRATOR:
            perpetrators[subject.person.pk] = subject.person
        elif subject.role in (SubjectRole.PARENT_CARER, SubjectRole.OTHER_ADULT):
            adults[subject.person.pk] = subject.person
    return {"alleged_perpetrators": list(perpetrators.values()), "named_adults": list(adults.values())}


def _names(children: list[Person]) -> str:
    names = [c.full_name for c in children]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def _next_record(*, actor, decision: Decision, children: list[Person], today) -> None:
    """Create the work the decision passes on, with an owner from this moment: the receiving team's
    allocation queue (assessment, strategy discussion, early help) or the triage agenda."""
    outcome = decision.outcome
    if outcome == Outcome.ASSESSMENT:
        due = clock.assessment_due(today)
        for child in children:
            assessment = Assessment.objects.create(decision=decision, person=child, started_on=today, due_on=due)
            chronology_event_record(
                person=child,
                event_type=EventType.ASSESSMENT_STARTED,
                occurred_on=today,
                summary=f"Child and family assessment started, due {due:%-d %B %Y}",
                actor=actor,
                source=assessment,
            )
        handoff_raise(
            kind="allocate_assessment",
            title=f"Allocate the child and family assessment for {_names(children)}",
            team=decision.receiving_team,
            children=children,
            due_on=due,
            source=decision,
        )
    elif outcome == Outcome.EARLY_HELP:
        referral = EarlyHelpReferral.objects.create(decision=decision, referred_to=str(decision.receiving_team))
        for child in children:
            chronology_event_record(
                person=child,
                event_type=EventType.EARLY_HELP_REFERRED,
                occurred_on=today,
                summary="Signposted to early help or targeted youth support",
                actor=actor,
                source=referral,
            )
        handoff_raise(
            kind="allocate_early_help",
            title=f"Allocate the early help referral for {_names(children)}",
            team=decision.receiving_team,
            children=children,
            due_on=clock.next_working_day(today),
            source=decision,
        )
    elif outcome == Outcome.DA_TRIAGE:
        item, _ = TriageItem.objects.get_or_create(contact=decision.contact)
        task_create(
            kind="triage_waiting",
            title=f"Domestic abuse triage: {_names(children) or 'a contact'} waits for the next meeting",
            due_on=clock.next_working_day(today),
            team=decision.contact.team,
            person=children[0] if children else None,
            source=item,
            subject=item,
        )
    elif outcome == Outcome.STRATEGY_DISCUSSION:
        strategy_discussion_needed.send(
            sender=Decision,
            children=children,
            actor=actor,
            source=decision,
            reason=decision.rationale,
            sexual_abuse_suspected=bool(SEXUAL_ABUSE_CONCERNS & set(decision.contact.categories or [])),
            team=decision.receiving_team,
            **named_people_of(decision.contact),
        )


def decision_dissent_read(*, actor, decision: Decision) -> int:
    """The practitioner whose agency's view differed has read the decision: their task is done."""
    return tasks_complete_for(
        source=decision, kinds=["threshold_dissent"], assignee=actor, outcome="Read the decision"
    )


def decision_challenge_raise(*, actor, decision: Decision, person_id, concern: str, desired_outcome: str = ""):
    """A practitioner who disagrees challenges the decision; the deciding manager owns the first stage.

    Those with a part in the decision (the front door, agencies asked for information, the referrer)
    may challenge even when they no longer see the child: they are given sight of the child, view
    only, until the first stage of the challenge is due."""
    from safeguard.frontdoor.selectors import contact_access

    children = linked_people(decision.contact, children_only=True)
    has_part = bool(contact_access(actor, decision.contact))
    if not has_part and not any(policy.decide(actor, c, policy.Action.VIEW) for c in children):
        raise NotFound()
    person = next((c for c in children if str(c.pk) == str(person_id)), None)
    if person is None:
        raise InvalidInput({"person_id": ["Choose the child the challenge is about"]})
    with transaction.atomic():
        if has_part and not policy.decide(actor, person, policy.Action.VIEW):
            if len((concern or "").strip()) < 10:
                raise InvalidInput({"concern": ["Say what you disagree with and why"]})
            until = timezone.make_aware(
                datetime.combine(clock.challenge_stage_due(timezone.localdate(), 0), time(23, 59))
            )
            involvement_grant(
                person=person,
                kind=InvolvementKind.INFORMATION_REQUEST,
                practitioner=actor,
                source=decision,
                ends_at=until,
            )
        return challenge_raise(
            actor=actor,
            person=person,
            concern=concern,
            owner=decision.decided_by,
            subject=decision,
            desired_outcome=desired_outcome,
        )


# ---------------------------------------------------------------------------------------------
# Police notifications, screening, Operation Encompass


def school_resolve(text: str) -> Agency | None:
    """A school named by its URN (held as the organisation code) or its name."""
    text = (text or "").strip()
    if not text:
        return None
    schools = Agency.objects.filter(agency_type=AgencyType.EDUCATION)
    return schools.filter(ods_code__iexact=text).first() or schools.filter(name__iexact=text).first()


def notification_create(*, actor, data: dict) -> Notification:
    """Create one validated notification (see imports.clean_notification) inside the caller's transaction."""
    notification = Notification.objects.create(
        source_reference=data["reference"],
        kind=data["kind"],
        incident_at=data["incident_at"],
        recorded_at=data.get("recorded_at"),
        summary=data["summary"],
        dash_risk=data["dash_risk"],
        imported_by=actor,
    )
    for person in data["people"]:
        NotifiedPerson.objects.create(
            notification=notification,
            role=person["role"],
            given_name=person["given_name"],
            family_name=person["family_name"],
            date_of_birth=person["date_of_birth"],
            sex=person["sex"],
            present=person["present"],
            normally_resides=person["normally_resides"],
            school_text=person["school"],
            school=school_resolve(person["school"]),
        )
    if notification.kind == NotificationKind.DOMESTIC_ABUSE_INCIDENT:
        TriageItem.objects.create(notification=notification)
        encompass_notices_send(actor=actor, notification=notification)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="frontdoor.notification",
        object_id=str(notification.pk),
        purpose="imported a police notification",
        detail={"kind": notification.kind, "people": len(data["people"])},
    )
    return notification


def school_dsl_team(school: Agency | None) -> Team | None:
    if school is None:
        return None
    today = timezone.localdate()
    membership = (
        Membership.objects.filter(team__agency=school, role=Role.DESIGNATED_SAFEGUARDING_LEAD, starts_on__lte=today)
        .exclude(ends_on__lt=today)
        .select_related("team")
        .first()
    )
    return membership.team if membership else None


def encompass_notices_send(*, actor, notification: Notification) -> list[EncompassNotice]:
    """Tell each child's school (its designated safeguarding lead) before the next school day."""
    notices = []
    due = clock.operation_encompass_due(notification.incident_at)
    for child in notification.people.filter(role="child"):
        if not (child.present or child.normally_resides):
            continue
        team = school_dsl_team(child.school)
        notice = EncompassNotice.objects.create(
            notification=notification,
            child=child,
            school=child.school,
            due_at=due,
            sent_at=timezone.now() if team else None,
        )
        if team is not None:
            task_create(
                kind="operation_encompass",
                title="Operation Encompass: a pupil was affected by a domestic abuse incident",
                due_on=timezone.localdate(due),
                team=team,
                source=notice,
            )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="frontdoor.encompassnotice",
            object_id=str(notice.pk),
            purpose="Operation Encompass notice to a school",
            detail={"sent": team is not None},
        )
        notices.append(notice)
    return notices


@transaction.atomic
def encompass_acknowledge(*, actor, notice: EncompassNotice) -> EncompassNotice:
    if notice.school_id is None or notice.school_id not in policy.dsl_agency_ids(actor):
        raise NotFound()
    if notice.acknowledged_at is None:
        notice.acknowledged_at, notice.acknowledged_by = timezone.now(), actor
        notice.save(update_fields=["acknowledged_at", "acknowledged_by"])
        for task in Task.objects.filter(
            source_type="frontdoor.encompassnotice", source_id=str(notice.pk), status=TaskStatus.OPEN
        ):
            task_complete(task=task, outcome="Acknowledged")
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            object_type="frontdoor.encompassnotice",
            object_id=str(notice.pk),
            purpose="acknowledged an Operation Encompass notice",
            detail={"late": notice.is_late()},
        )
    return notice


@transaction.atomic
def police_screening_decide(*, actor, notification: Notification, decision: str, reason: str = "") -> Notification:
    """A police officer decides whether a notification goes to children's social care."""
    if not policy.can_screen_police_notifications(actor):
        raise NotFound()
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    if notification.screening_status != ScreeningStatus.WAITING:
        raise Conflict("This notification has already been screened.")
    errors = Errors()
    if decision not in PoliceScreeningDecision.values:
        errors.add("decision", "Select whether to refer to children's social care")
    reason = (reason or "").strip()
    if decision == PoliceScreeningDecision.NO_REFERRAL and len(reason) < MIN_REASON:
        errors.add("reason", "Explain why no referral is needed")
    errors.raise_if_any()
    notification.screened_by, notification.screened_at, notification.screening_reason = actor, timezone.now(), reason
    if decision == PoliceScreeningDecision.REFER:
        people = list(notification.people.all())
        is_da = notification.kind == NotificationKind.DOMESTIC_ABUSE_INCIDENT
        contact, _ = contact_record(
            actor=actor,
            data={
                "received_at": timezone.now(),
                "referrer_name": actor.get_full_name() or actor.get_username(),
                "referrer_role": actor.job_title or Role.POLICE_PUBLIC_PROTECTION.label,
                "referral_source": ReferralSource.POLICE,
                "concerns": "\n\n".join(
                    x
                    for x in [
                        f"{notification.get_kind_display()} {notification.source_reference} at "
                        f"{timezone.localtime(notification.incident_at):%d %B %Y %H:%M}",
                        notification.summary,
                        f"DASH risk: {notification.get_dash_risk_display()}" if notification.dash_risk else "",
                        reason,
                    ]
                    if x
                ),
                "categories": [ConcernCategory.DOMESTIC_ABUSE if is_da else ConcernCategory.OTHER],
                "consent_status": ConsentStatus.OTHER_LAWFUL_BASIS,
                "lawful_basis": LawfulBasis.SAFEGUARDING,
                "consent_reason": "Police notification shared with the front door under the duty to safeguard children",
            },
            subjects=[
                {
                    "role": SubjectRole.SUBJECT_CHILD if p.role == "child" else SubjectRole.OTHER_ADULT,
                    "given_name": p.given_name,
                    "family_name": p.family_name,
                    "date_of_birth": p.date_of_birth,
                    "sex": p.sex,
                    "school": p.school_text,
                }
                for p in people
            ],
        )
        notification.screening_status, notification.contact = ScreeningStatus.REFERRED, contact
    else:
        notification.screening_status = ScreeningStatus.NO_REFERRAL
    notification.save(update_fields=["screening_status", "screened_by", "screened_at", "screening_reason", "contact"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="frontdoor.notification",
        object_id=str(notification.pk),
        purpose="police referral decision",
        detail={"decision": decision},
    )
    return notification


# ---------------------------------------------------------------------------------------------
# Domestic abuse triage


@transaction.atomic
def triage_meeting_open(*, actor, held_on=None) -> TriageMeeting:
    """Open today's meeting: every item waiting since the last meeting goes on its agenda."""
    if not policy.can_chair_triage(actor):
        raise NotFound()
    meeting = TriageMeeting.objects.create(held_on=held_on or timezone.localdate(), opened_by=actor)
    waiting = list(TriageItem.objects.filter(meeting__isnull=True).values_list("pk", flat=True))
    count = TriageItem.objects.filter(pk__in=waiting).update(meeting=meeting)
    for item_id in waiting:
        tasks_complete_for(
            source_type="frontdoor.triageitem", source_id=str(item_id), outcome="On the triage meeting's agenda"
        )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="frontdoor.triagemeeting",
        object_id=str(meeting.pk),
        purpose="opened a domestic abuse triage meeting",
        detail={"items": count},
    )
    return meeting


def _open_item(actor, item: TriageItem) -> None:
    if not policy.can_attend_triage(actor) or item.meeting_id is None:
        raise NotFound()
    if item.meeting.closed_at is not None:
        raise Conflict("The minutes of this meeting are closed.")


@transaction.atomic
def triage_input_add(*, actor, item: TriageItem, information: str) -> TriageInput:
    _open_item(actor, item)
    if len((information or "").strip()) < 2:
        raise InvalidInput({"information": ["Enter what your agency knows, or 'Nothing known'"]})
    entry = TriageInput.objects.create(
        item=item, agency=actor.primary_agency, recorded_by=actor, information=information.strip()
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="frontdoor.triageitem",
        object_id=str(item.pk),
        purpose="added agency information at domestic abuse triage",
    )
    return entry


@transaction.atomic
def triage_item_decide(*, actor, item: TriageItem, outcome: str, rationale: str) -> TriageItem:
    _open_item(actor, item)
    if not policy.can_chair_triage(actor):
        raise NotFound()
    errors = Errors()
    if outcome not in TriageOutcome.values:
        errors.add("outcome", "Select the triage decision")
    if len((rationale or "").strip()) < MIN_REASON:
        errors.add("rationale", "Explain the decision")
    errors.raise_if_any()
    item.outcome, item.rationale, item.decided_by = outcome, rationale.strip(), actor
    item.save(update_fields=["outcome", "rationale", "decided_by"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="frontdoor.triageitem",
        object_id=str(item.pk),
        purpose="recorded a domestic abuse triage decision",
        detail={"outcome": outcome},
    )
    return item


@transaction.atomic
def triage_action_add(*, actor, item: TriageItem, description: str, owner_id, due_on) -> TriageAction:
    _open_item(actor, item)
    errors = Errors()
    owner = Practitioner.objects.filter(pk=owner_id, is_active=True).first() if owner_id else None
    if owner is None:
        errors.add("owner_id", "Choose who will do this")
    if len((description or "").strip()) < 5:
        errors.add("description", "Describe the action")
    if due_on is None:
        errors.add("due_on", "Enter the date the action is due")
    elif due_on < timezone.localdate():
        errors.add("due_on", "The due date must be today or later")
    errors.raise_if_any()
    action = TriageAction.objects.create(item=item, description=description.strip()[:500], owner=owner, due_on=due_on)
    task_create(kind="triage_action", title=action.description, due_on=due_on, assignee=owner, source=action)
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="frontdoor.triageitem",
        object_id=str(item.pk),
        purpose="added a domestic abuse triage action",
        detail={"owner": owner.pk},
    )
    return action


@transaction.atomic
def triage_meeting_close(*, actor, meeting: TriageMeeting, minutes: str) -> TriageMeeting:
    if not policy.can_chair_triage(actor):
        raise NotFound()
    if meeting.closed_at is not None:
        raise Conflict("This meeting is already closed.")
    errors = Errors()
    if len((minutes or "").strip()) < MIN_REASON:
        errors.add("minutes", "Enter the minutes of the meeting")
    undecided = meeting.items.filter(outcome="").count()
    if undecided:
        errors.add("items", f"{undecided} case{'s' if undecided != 1 else ''} still need a decision")
    errors.raise_if_any()
    meeting.minutes, meeting.closed_at = minutes.strip(), timezone.now()
    meeting.save(update_fields=["minutes", "closed_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="frontdoor.triagemeeting",
        object_id=str(meeting.pk),
        purpose="closed the minutes of a domestic abuse triage meeting",
    )
    return meeting


# ---------------------------------------------------------------------------------------------
# Bulk intake


def notifications_import(*, actor, groups, progress=None):
    """Accept every valid notification, report every bad line with its field, and skip references
    already imported (so re-importing a file creates nothing twice). Each notification commits
    on its own, so one bad row never loses the good ones."""
    from safeguard.frontdoor.imports import RowError, clean_group

    if not policy.can_import_notifications(actor):
        raise NotFound()
    report = {"accepted": [], "already_imported": [], "errors": []}
    for group in groups:
        cleaned = clean_group(group)
        if cleaned is None:
            lines = {e.line for e in group.errors}
            for other_line, _, _ in group.people:
                if other_line not in lines and not group.people[0][1]:
                    group.errors.append(
                        RowError(
                            other_line,
                            "reference",
                            "Not imported: another line of this incident has errors",
                            group.reference,
                        )
                    )
                    lines.add(other_line)
            report["errors"].extend(group.errors)
        elif Notification.objects.filter(source_reference=cleaned["reference"]).exists():
            report["already_imported"].append(cleaned["reference"])
        else:
            try:
                with transaction.atomic():
                    notification_create(actor=actor, data=cleaned)
            except IntegrityError:
                report["already_imported"].append(cleaned["reference"])
            else:
                report["accepted"].append(cleaned["reference"])
        if progress is not None:
            progress(1)
    report["errors"].sort(key=lambda e: e.line)
    return report
