"""Every write to people, identifiers, relationships and households: validated, audited, and
put on the chronology in one transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.audit import audit_record
from safeguard.access.errors import InvalidInput, StaleVersion
from safeguard.access.models import AuditAction, InvolvementKind
from safeguard.access.services import involvement_grant
from safeguard.core.models import EventType
from safeguard.core.services import chronology_event_record
from safeguard.people.codes import RelationshipType
from safeguard.people.models import (
    Address,
    Household,
    HouseholdMembership,
    Person,
    PersonIdentifier,
    PersonName,
    Relationship,
)
from safeguard.people.validation import (
    RELATIONSHIP_TYPE_INVALID,
    Errors,
    clean_address,
    clean_identifiers,
    clean_other_names,
    clean_person,
)


def _identifier_clash(id_type: str, value: str, exclude_person=None) -> bool:
    qs = PersonIdentifier.objects.filter(id_type=id_type, value=value)
    if exclude_person is not None:
        qs = qs.exclude(person=exclude_person)
    return qs.exists()


def _check_identifiers_free(identifiers: list[tuple[str, str]], *, person=None, prefix="identifiers") -> None:
    errors = Errors()
    for i, (id_type, value) in enumerate(identifiers):
        if _identifier_clash(id_type, value, exclude_person=person):
            errors.add(
                f"{prefix}[{i}].value",
                "Another person already has this identifier: search for them instead of recording a new person",
            )
    errors.raise_if_any()


@transaction.atomic
def person_create(
    *,
    actor,
    details: dict[str, Any],
    identifiers: list[dict[str, str]] | None = None,
    other_names: list[dict[str, str]] | None = None,
    address: dict[str, Any] | None = None,
) -> Person:
    records.require(actor, "record", Person)
    problems: dict[str, list[str]] = {}
    cleaned = cleaned_ids = cleaned_address = None
    cleaned_names: list[dict[str, str]] = []
    for step in ("details", "identifiers", "other_names", "address"):
        try:
            if step == "details":
                cleaned = clean_person(details)
            elif step == "other_names":
                cleaned_names = clean_other_names(other_names or [])
            elif step == "identifiers":
                cleaned_ids = clean_identifiers(identifiers or [])
                _check_identifiers_free(cleaned_ids)
            elif address:
                cleaned_address = clean_address(address)
        except InvalidInput as exc:
            problems.update(exc.errors)
    if problems:
        raise InvalidInput(problems)

    person = Person.objects.create(**cleaned, created_by=actor, recorded_by_agency=actor.primary_agency)
    PersonIdentifier.objects.bulk_create(
        [PersonIdentifier(person=person, id_type=t, value=v) for t, v in cleaned_ids or []]
    )
    for name in cleaned_names:
        PersonName.objects.create(person=person, **name)
    if cleaned_address:
        Address.objects.create(person=person, **cleaned_address)
    involvement_grant(person=person, kind=InvolvementKind.RECORD_CREATOR, practitioner=actor)
    chronology_event_record(
        person=person,
        event_type=EventType.PERSON_RECORDED,
        occurred_on=timezone.localdate(),
        summary="Recorded in Safeguard",
        actor=actor,
        source=person,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="people.person",
        object_id=str(person.pk),
        person=person,
        purpose="recorded a new person",
        detail={"identifiers": [t for t, _ in cleaned_ids or []]},
    )
    return person


@transaction.atomic
def person_update(*, actor, person: Person, changes: dict[str, Any], expected_version: int | None = None) -> Person:
    """Change the given details only. The row is re-read under a lock and only the changed columns
    are written, so a concurrent change to other details is kept; with `expected_version` (the
    version the actor read), a change made meanwhile raises StaleVersion and nothing is saved."""
    records.require(actor, "change", person)
    caller_instance = person
    person = Person.objects.select_for_update().get(pk=person.pk)
    if expected_version is not None and expected_version != person.version:
        raise StaleVersion(person.version)
    cleaned = clean_person(changes, existing=person)
    changed = [f for f, v in cleaned.items() if getattr(person, f) != v]
    if not changed:
        return person
    for field in changed:
        setattr(person, field, cleaned[field])
    person.version += 1
    person.save(update_fields=[*changed, "version", "updated_at"])
    for field in (*changed, "version", "updated_at"):
        setattr(caller_instance, field, getattr(person, field))
    labels = ", ".join(Person._meta.get_field(f).verbose_name for f in changed)
    chronology_event_record(
        person=person,
        event_type=EventType.DIED if "date_of_death" in changed and person.date_of_death else EventType.DETAILS_CHANGED,
        occurred_on=person.date_of_death
        if "date_of_death" in changed and person.date_of_death
        else timezone.localdate(),
        summary=f"Changed: {labels}",
        actor=actor,
        source=person,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="people.person",
        object_id=str(person.pk),
        person=person,
        purpose="changed personal details",
        detail={"fields": changed},
    )
    return person


@transaction.atomic
def identifier_add(*, actor, person: Person, id_type: str, value: str) -> PersonIdentifier:
    records.require(actor, "change", person)
    [(id_type, value)] = clean_identifiers([{"id_type": id_type, "value": value}], prefix="identifier")
    if person.identifiers.filter(id_type=id_type).exists():
        raise InvalidInput({"identifier[0].id_type": ["This person already has an identifier of this type"]})
    _check_identifiers_free([(id_type, value)], person=person, prefix="identifier")
    try:
        with transaction.atomic():
            identifier = PersonIdentifier.objects.create(person=person, id_type=id_type, value=value)
    except IntegrityError:
        raise InvalidInput({"identifier[0].value": ["Another person already has this identifier"]}) from None
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="people.personidentifier",
        object_id=str(identifier.pk),
        person=person,
        purpose="added an identifier",
        detail={"id_type": id_type},
    )
    return identifier


@transaction.atomic
def identifier_set(*, actor, person: Person, id_type: str, value: str, field: str = "value") -> None:
    """Replace the person's identifier of this type with `value`, or remove it when `value` is empty
    (e.g. a UPN corrected on the child's characteristics page). Errors are reported on `field`."""
    records.require(actor, "change", person)
    current = person.identifiers.filter(id_type=id_type).first()
    if not (value or "").strip():
        if current is not None:
            current.delete()
            audit_record(actor=actor, action=AuditAction.CHANGE, object_type="people.personidentifier",
                         object_id=str(current.pk), person=person, purpose="removed an identifier",
                         detail={"id_type": id_type})  # fmt: skip
        return
    try:
        [(id_type, value)] = clean_identifiers([{"id_type": id_type, "value": value}])
    except InvalidInput as exc:
        raise InvalidInput({field: [m for messages in exc.errors.values() for m in messages]}) from None
    if current is not None and current.value == value:
        return
    if _identifier_clash(id_type, value, exclude_person=person):
        raise InvalidInput({field: ["Another person already has this identifier: check it was copied correctly"]})
    if current is None:
        current = PersonIdentifier.objects.create(person=person, id_type=id_type, value=value)
    else:
        current.value = value
        current.save(update_fields=["value"])
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="people.personidentifier",
                 object_id=str(current.pk), person=person, purpose="recorded an identifier",
                 detail={"id_type": id_type})  # fmt: skip


@transaction.atomic
def address_add(*, actor, person: Person, address: dict[str, Any]) -> Address:
    records.require(actor, "change", person)
    cleaned = clean_address(address)
    moved_in = cleaned["moved_in"] or timezone.localdate()
    person.addresses.filter(moved_out__isnull=True).update(moved_out=moved_in)
    created = Address.objects.create(person=person, **{**cleaned, "moved_in": moved_in})
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="people.address",
        object_id=str(created.pk),
        person=person,
        purpose="recorded a new address",
    )
    return created


def _relationship_errors(
    from_person: Person, to_person: Person, relationship_type: str, starts_on: date | None, ends_on: date | None
) -> None:
    errors = Errors()
    if from_person.pk == to_person.pk:
        errors.add("to_person_id", "A person cannot be related to themselves")
    if relationship_type not in RelationshipType.values:
        errors.add("relationship_type", RELATIONSHIP_TYPE_INVALID)
    if starts_on and ends_on and ends_on < starts_on:
        errors.add("ends_on", "The end date must be on or after the start date")
    if (
        relationship_type in RelationshipType.values
        and Relationship.objects.filter(
            from_person=from_person, to_person=to_person, relationship_type=relationship_type, ends_on__isnull=True
        ).exists()
    ):
        errors.add("relationship_type", "This relationship is already recorded")
    errors.raise_if_any()


@transaction.atomic
def relationship_create(
    *,
    actor,
    from_person: Person,
    to_person: Person,
    relationship_type: str,
    starts_on: date | None = None,
    ends_on: date | None = None,
    parental_responsibility: bool = False,
    is_main_carer: bool = False,
    notes: str = "",
) -> Relationship:
    """Link two people. The actor must be able to change one and see the other."""
    records.require(actor, "record", Relationship(from_person=from_person, to_person=to_person))
    _relationship_errors(from_person, to_person, relationship_type, starts_on, ends_on)
    relationship = Relationship.objects.create(
        from_person=from_person,
        to_person=to_person,
        relationship_type=relationship_type,
        starts_on=starts_on,
        ends_on=ends_on,
        parental_responsibility=parental_responsibility,
        is_main_carer=is_main_carer,
        notes=notes[:300],
        recorded_by=actor,
    )
    for viewpoint in (from_person, to_person):
        other = relationship.other(viewpoint)
        chronology_event_record(
            person=viewpoint,
            event_type=EventType.RELATIONSHIP_RECORDED,
            occurred_on=starts_on or timezone.localdate(),
            summary=f"{relationship.label_for(viewpoint)}: {other.full_name}",
            actor=actor,
            source=relationship,
        )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="people.relationship",
        object_id=str(relationship.pk),
        person=from_person,
        purpose="recorded a relationship",
        detail={"to_person": str(to_person.pk), "type": relationship_type},
    )
    return relationship


@transaction.atomic
def relationship_end(*, actor, relationship: Relationship, ends_on: date | None = None) -> Relationship:
    records.require(actor, "change", relationship)
    ends_on = ends_on or timezone.localdate()
    if relationship.starts_on and ends_on < relationship.starts_on:
        raise InvalidInput({"ends_on": ["The end date must be on or after the start date"]})
    relationship.ends_on = ends_on
    relationship.save(update_fields=["ends_on"])
    for viewpoint in (relationship.from_person, relationship.to_person):
        chronology_event_record(
            person=viewpoint,
            event_type=EventType.RELATIONSHIP_ENDED,
            occurred_on=ends_on,
            summary=f"Ended: {relationship.label_for(viewpoint)} {relationship.other(viewpoint).full_name}",
            actor=actor,
            source=relationship,
        )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="people.relationship",
        object_id=str(relationship.pk),
        person=relationship.from_person,
        purpose="ended a relationship",
    )
    return relationship


@transaction.atomic
def household_join(*, actor, person: Person, household: Household | None = None, starts_on: date | None = None):
    """Move a person into a household (a new one if none given), ending their previous membership.

    When an adult joins, every child already in the household gets the event on their chronology:
    a new adult in a child's home is a significant event.
    """
    records.require(actor, "change", person)
    starts_on = starts_on or timezone.localdate()
    HouseholdMembership.objects.filter(person=person, ends_on__isnull=True).update(ends_on=starts_on)
    household = household or Household.objects.create()
    membership = HouseholdMembership.objects.create(household=household, person=person, starts_on=starts_on)
    chronology_event_record(
        person=person,
        event_type=EventType.MOVED_HOUSEHOLD,
        occurred_on=starts_on,
        summary="Joined a household",
        actor=actor,
        source=household,
    )
    if not person.is_child:
        from safeguard.people.selectors import household_members

        for member in household_members(household=household, on=starts_on):
            if member.pk != person.pk and member.is_child:
                chronology_event_record(
                    person=member,
                    event_type=EventType.ADULT_JOINED_HOUSEHOLD,
                    occurred_on=starts_on,
                    summary=f"{person.full_name} joined the household",
                    actor=actor,
                    source=household,
                )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="people.household",
        object_id=str(household.pk),
        person=person,
        purpose="recorded a household move",
    )
    return membership
