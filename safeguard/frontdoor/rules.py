"""Rules the front door applies: cumulative concern (repeat contacts about a child or a sibling)."""

from __future__ import annotations

import dataclasses
from datetime import date

from django.db.models import Q
from django.utils import timezone

from safeguard.core import clock
from safeguard.people.codes import RelationshipType
from safeguard.people.models import Person, Relationship
from safeguard.people.selectors import household_members, household_of

SIBLING_TYPES = (RelationshipType.SIBLING, RelationshipType.HALF_SIBLING)


@dataclasses.dataclass(frozen=True)
class CumulativeConcern:
    triggered: bool
    count: int
    threshold: int
    window_months: int
    contacts: list  # Contact rows in the window, newest first
    children: list[Person]  # the child and the siblings whose contacts were counted

    @property
    def summary(self) -> str:
        return (
            f"{self.count} contacts in the last {self.window_months} months about "
            f"{'this child or a brother or sister' if len(self.children) > 1 else 'this child'}"
        )


def siblings_of_any(people: list[Person], on: date | None = None) -> list[Person]:
    """siblings_of for several people at once, in three queries (a contact often names a sibling group)."""
    from safeguard.people.models import HouseholdMembership

    on = on or timezone.localdate()
    ids = {p.pk for p in people}
    if not ids:
        return []
    found: dict = {}
    rels = (
        Relationship.objects.filter(relationship_type__in=SIBLING_TYPES)
        .filter(Q(from_person_id__in=ids) | Q(to_person_id__in=ids))
        .select_related("from_person", "to_person")
    )
    for rel in rels:
        if rel.is_current(on):
            for end in (rel.from_person, rel.to_person):
                if end.pk not in ids or (rel.from_person_id in ids and rel.to_person_id in ids):
                    found[end.pk] = end
    active = Q(starts_on__isnull=True) | Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gt=on)
    households: dict = {}  # each person's household now: the membership household_of would pick
    for person_id, household_id in (
        HouseholdMembership.objects.filter(person_id__in=ids).filter(*active).values_list("person_id", "household_id")
    ):
        households.setdefault(person_id, household_id)
    if households:
        for membership in (
            HouseholdMembership.objects.filter(household_id__in=set(households.values())).filter(*active)
            .select_related("person")
        ):
            member = membership.person
            if member.pk not in ids and member.is_child:
                found[member.pk] = member
    return list(found.values())


def siblings_of(person: Person, on: date | None = None) -> set[Person]:
    """Brothers and sisters (full or half) by recorded relationship, and other children in the household."""
    on = on or timezone.localdate()
    found: dict = {}
    rels = (
        Relationship.objects.filter(relationship_type__in=SIBLING_TYPES)
        .filter(Q(from_person=person) | Q(to_person=person))
        .select_related("from_person", "to_person")
    )
    for rel in rels:
        if rel.is_current(on):
            other = rel.other(person)
            found[other.pk] = other
    household = household_of(person=person, on=on)
    if household is not None:
        for member in household_members(household=household, on=on):
            if member.pk != person.pk and member.is_child:
                found[member.pk] = member
    return set(found.values())


def cumulative_concern(*, children: list[Person], today: date | None = None) -> CumulativeConcern:
    """Contacts in the window about any of `children` or their siblings; triggered at the threshold."""
    from safeguard.frontdoor.models import Contact

    ts = clock.timescales()
    today = today or timezone.localdate()
    start = clock.repeat_contact_window_start(today)
    everyone: dict = {c.pk: c for c in children}
    for sibling in siblings_of_any(children, today):
        everyone.setdefault(sibling.pk, sibling)
    contacts = list(
        Contact.objects.filter(subjects__person_id__in=list(everyone), received_at__date__gte=start)
        .distinct()
        .select_related("decision")
        .order_by("-received_at")
    )
    return CumulativeConcern(
        triggered=len(contacts) >= ts.repeat_contact_threshold,
        count=len(contacts),
        threshold=ts.repeat_contact_threshold,
        window_months=ts.repeat_contact_window_months,
        contacts=contacts,
        children=list(everyone.values()),
    )
