"""Contacts in: recording a contact (idempotently), and matching each subject to a person or
creating one, with enquiries to agencies holding a hidden match."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.audit import audit_record
from safeguard.access.errors import InvalidInput, NotFound
from safeguard.access.models import AuditAction, InvolvementKind
from safeguard.access.services import involvement_grant
from safeguard.agencies.models import Agency, Team
from safeguard.core import clock
from safeguard.core.models import EventType, Task
from safeguard.core.services import (
    chronology_event_record,
    new_information_raise,
    task_create,
)
from safeguard.frontdoor.codes import (
    CHILD_ROLES,
    ConcernCategory,
)
from safeguard.frontdoor.errors import Conflict
from safeguard.frontdoor.models import (
    Contact,
    ContactSubject,
    IdempotencyKey,
    MatchEnquiry,
)
from safeguard.frontdoor.validation import (
    FRONT_DOOR_TEAM_INVALID,
    INDIVIDUAL_SOURCES,
    REFERRER_AGENCY_INVALID,
    SUBJECT_RECORD_INVALID,
    clean_contact,
)
from safeguard.people.matching import MatchDetails, find_candidates
from safeguard.people.models import Person
from safeguard.people.selectors import person_lookup
from safeguard.people.services import person_create
from safeguard.people.validation import Errors

from .common import _audit, _fingerprint, default_front_door_team


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
    records.require(actor, "record", Contact)
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
            errors.add("team_id", FRONT_DOOR_TEAM_INVALID)
    else:
        team = default_front_door_team()
        if team is None:
            errors.add("team_id", "No front door team is set up: ask your system administrator")
    agency = None
    if cleaned["referrer_agency_id"]:
        agency = Agency.objects.filter(pk=cleaned["referrer_agency_id"]).first()
        if agency is None:
            errors.add("referrer_agency_id", REFERRER_AGENCY_INVALID)
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
            if person is None or not records.allows(actor, "view", person):
                errors.add(f"subjects[{i}].person_id", SUBJECT_RECORD_INVALID)
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
    from safeguard.core.signals import person_linked_to_contact

    person_linked_to_contact.send(sender=Contact, person=person, contact=contact)
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
    records.require(actor, "work", contact)
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
        raise InvalidInput({"person_id": [SUBJECT_RECORD_INVALID]}) from None
    if not records.allows(actor, "view", person):
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
    records.require(actor, "work", contact)
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
    records.require(actor, "work", contact)
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
