"""Reads of people, already scoped to what the actor may see."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Max, Q, QuerySet, Value, When
from django.utils import timezone

from safeguard.access import records
from safeguard.access.audit import audit_record
from safeguard.access.errors import NotFound
from safeguard.access.models import AuditAction
from safeguard.core.models import ChronologyEvent
from safeguard.people.identifiers import normalise_nhs_number
from safeguard.people.models import Household, HouseholdMembership, Person, PersonIdentifier, Relationship

SEARCH_LIMIT = 50


def visible_people(*, actor, action: str = "view") -> QuerySet[Person]:
    """The people whose records the actor may `action` ("view", "change" or "export")."""
    return records.visible(actor, str(action), Person.objects.all())


def person_lookup(*, person_id) -> Person:
    """Fetch by id without an access decision — for services that decide access themselves."""
    try:
        return Person.objects.get(pk=uuid.UUID(str(person_id)))
    except (ValueError, Person.DoesNotExist):
        raise NotFound() from None


def person_for_view(*, actor, person_id, relatives: bool = True, household: bool = False) -> Person:
    """The person with everything the record page shows; audited; 404 unless the actor may see them.

    One read of the person (with the agency that recorded them) for the decision and the page; the
    related rows are fetched only once access is granted, each kind in one plain query (no prefetch
    machinery), both directions of the relationships together. The record names the person's
    relatives (`relatives`) and, on the page, their household (`household`): decided first, read,
    then ONE audit entry naming everyone shown, so "who has looked at this child" finds a view of a
    sibling's record that showed the child's name."""
    try:
        person = Person.objects.select_related("recorded_by_agency").get(pk=uuid.UUID(str(person_id)))
    except (ValueError, Person.DoesNotExist):
        raise NotFound() from None
    answer = records.require_decision(actor, "view", person, keep=True)
    for related in ("identifiers", "other_names", "addresses"):
        _read_into(person, related)
    shown: list = []
    if relatives:
        person._relationships = _relationships_read(person)
        shown += [rel.other(person).pk for rel in person._relationships]
    if household:
        person._household = _household_read(person)
        shown += [p.pk for p in person._household[1]]
    records.audit_decision(actor, "view", person, answer, naming=shown)
    return person


def household_shown(person: Person) -> tuple[Household | None, list[Person]]:
    """The household the record shows and its other members now: what `person_for_view(household=True)`
    read (and named in its audit entry), or read now."""
    kept = getattr(person, "_household", None)
    return kept if kept is not None else _household_read(person)


def _household_read(person: Person) -> tuple[Household | None, list[Person]]:
    """The person's household now and its other current members."""
    home = household_of(person=person)
    return home, [p for p in household_members(household=home) if p.pk != person.pk] if home else []


def _read_into(person: Person, related: str) -> None:
    """Read `person.<related>` with one plain query and keep it where `person.<related>.all()` finds it
    (as prefetch_related does, without its general machinery: a third of a record read's CPU)."""
    manager = getattr(person, related)
    rows = manager.model._default_manager.filter(person_id=person.pk)
    for row in rows:  # evaluates the queryset: `rows` now holds its results
        row.person = person
    rows._prefetch_done = True
    person.__dict__.setdefault("_prefetched_objects_cache", {})[manager.field.remote_field.cache_name] = rows


_OTHER_PERSON = ("id", "given_name", "family_name")


def _relationships_read(person: Person) -> list[Relationship]:
    """Both directions in one query, each row with the other person's name (the only part of them
    the record shows) and the viewed person itself on its own side."""
    rows = list(
        Relationship.objects.filter(Q(from_person_id=person.pk) | Q(to_person_id=person.pk))
        .select_related("from_person", "to_person")
        .only(*(f for f in _RELATIONSHIP_FIELDS), *(f"from_person__{f}" for f in _OTHER_PERSON),
              *(f"to_person__{f}" for f in _OTHER_PERSON))
    )
    for rel in rows:
        if rel.from_person_id == person.pk:
            rel.from_person = person
        if rel.to_person_id == person.pk:
            rel.to_person = person
    return rows


_RELATIONSHIP_FIELDS = tuple(
    f.name for f in Relationship._meta.concrete_fields if f.name not in ("from_person", "to_person")
) + ("from_person", "to_person")


def relationships_of(person: Person) -> list[Relationship]:
    """Both directions, current first; the rows person_for_view read, or read now."""
    rows = getattr(person, "_relationships", None)
    if rows is None:
        rows = _relationships_read(person)
    return sorted(rows, key=lambda r: (not r.is_current(), r.relationship_type))


def chronology_of(*, person: Person, limit: int | None = None) -> QuerySet[ChronologyEvent]:
    """Newest first, with the agency's name (all the record shows of who recorded it)."""
    qs = person.chronology.select_related("agency").defer(*_AGENCY_UNSHOWN).order_by("-occurred_on", "-recorded_at")
    return qs[:limit] if limit else qs


_AGENCY_UNSHOWN = tuple(
    f"agency__{f.name}" for f in ChronologyEvent._meta.get_field("agency").related_model._meta.concrete_fields
    if f.name not in ("id", "name")
)


@dataclass(frozen=True)
class SearchCriteria:
    name: str = ""
    date_of_birth: date | None = None
    nhs_number: str = ""

    def fields_used(self) -> list[str]:
        return [f for f in ("name", "date_of_birth", "nhs_number") if getattr(self, f)]


@dataclass(frozen=True)
class SearchResult:
    """One row of a person search: a record the actor may see, or only "a record exists held by …"."""

    person: Person
    visible: bool
    held_by: str
    match_probability: float | None = None  # None: found by the plain name filter only
    explanation: tuple[str, ...] = ()
    enquiry_token: str = ""

    @property
    def explanation_text(self) -> str:
        text = "; ".join(self.explanation)
        return text[:1].upper() + text[1:]

    @property
    def enquiry_message(self) -> str:
        return f"A record exists held by {self.held_by}: ask for information"


def _match_details(criteria: SearchCriteria) -> list:
    """The name split into given and family names for matching; one word is tried as either."""
    from safeguard.people.matching import MatchDetails

    words = criteria.name.split()
    common = {"date_of_birth": criteria.date_of_birth, "nhs_number": criteria.nhs_number}
    if len(words) >= 2:
        return [MatchDetails(given_name=words[0], family_name=words[-1], **common)]
    if len(words) == 1:
        return [MatchDetails(family_name=words[0], **common), MatchDetails(given_name=words[0], **common)]
    return [MatchDetails(**common)]


def person_search_results(*, actor, criteria: SearchCriteria) -> list[SearchResult]:
    """Ranked search: the matching engine's candidates (misspellings, nicknames, swapped dates),
    then people whose names contain the words typed. Records the actor may not see appear only
    as "a record exists held by …". Audited: the fields used and the records returned, never the terms."""
    from safeguard.people.matching import ENQUIRY_MIN_PROBABILITY, find_candidates

    records.require(actor, "search", Person)
    results: dict = {}
    if criteria.fields_used():
        candidates = [c for details in _match_details(criteria) for c in find_candidates(actor=actor, details=details)]
        candidates.sort(key=lambda c: (not c.nhs_number_agrees, -c.match_probability))
        for c in candidates:
            if not c.visible and c.match_probability < ENQUIRY_MIN_PROBABILITY and not c.nhs_number_agrees:
                continue  # a weak candidate held elsewhere: not even its existence is shown
            if c.person.pk not in results:
                results[c.person.pk] = SearchResult(
                    person=c.person,
                    visible=c.visible,
                    held_by=c.held_by,
                    match_probability=c.match_probability,
                    explanation=tuple(c.explanation),
                    enquiry_token="" if c.visible else c.enquiry_token,
                )
        qs = visible_people(actor=actor).filter(merged_into__isnull=True)
        if criteria.nhs_number:
            nhs = normalise_nhs_number(criteria.nhs_number)
            qs = qs.filter(identifiers__id_type="nhs_number", identifiers__value=nhs)
        if criteria.date_of_birth:
            qs = qs.filter(date_of_birth=criteria.date_of_birth)
        for term in criteria.name.split():
            qs = qs.filter(
                Q(given_name__icontains=term)
                | Q(family_name__icontains=term)
                | Q(other_names__given_name__icontains=term)
                | Q(other_names__family_name__icontains=term)
            )
        for person in qs.distinct().order_by("family_name", "given_name")[:SEARCH_LIMIT]:
            results.setdefault(person.pk, SearchResult(person=person, visible=True, held_by=""))
    rows = list(results.values())[:SEARCH_LIMIT]
    audit_record(
        actor=actor,
        action=AuditAction.SEARCH,
        object_type="people.person",
        purpose="person search",
        detail={
            "fields": criteria.fields_used(),
            "results": [str(r.person.pk) for r in rows if r.visible],
            "held_elsewhere": [str(r.person.pk) for r in rows if not r.visible],
        },
    )
    return rows


def person_search(*, actor, criteria: SearchCriteria) -> list[Person]:
    """People the actor may see, best match first (see person_search_results). Audited."""
    return [r.person for r in person_search_results(actor=actor, criteria=criteria) if r.visible]


def person_by_identifier(*, id_type: str, value: str) -> Person | None:
    row = PersonIdentifier.objects.select_related("person").filter(id_type=id_type, value=value).first()
    return row.person if row else None


def household_of(*, person: Person, on: date | None = None) -> Household | None:
    on = on or timezone.localdate()
    membership = (
        HouseholdMembership.objects.filter(person=person)
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=on))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on))
        .select_related("household")
        .first()
    )
    return membership.household if membership else None


def household_members(*, household: Household, on: date | None = None) -> list[Person]:
    on = on or timezone.localdate()
    return list(
        Person.objects.filter(
            household_memberships__household=household,
        )
        .filter(Q(household_memberships__starts_on__isnull=True) | Q(household_memberships__starts_on__lte=on))
        .filter(Q(household_memberships__ends_on__isnull=True) | Q(household_memberships__ends_on__gt=on))
        .distinct()
    )


def people_i_work_with(*, actor, limit: int = 50) -> QuerySet[Person]:
    """Up to `limit` people the practitioner works with now (an involvement, theirs or a team's; never
    break-glass), shown by name: the people they hold themselves first, then those their teams took on
    most recently.

    A team can hold thousands of people (3,433 at 100k children, ~10x at 1M). Reading them to pick the
    first names by name sent all their ids back as one `IN` list, and picking them in SQL walked the
    whole population in name order until enough matched (tens of thousands of people for a front door
    team). Choosing by the involvements themselves reads only the caseload's involvement rows (narrow,
    found by the holder's index), then `limit` people by key; access decides who may be on the list."""
    from safeguard.access.models import Involvement

    theirs = Max(Case(When(practitioner_id=actor.pk, then=Value(1)), default=Value(0)))
    chosen = (
        Involvement.objects.active().for_practitioner(actor)
        .values("person_id")
        .annotate(theirs=theirs, latest=Max("starts_at"))
        .order_by("-theirs", "-latest", "person_id")
        .values("person_id")[:limit]
    )  # fmt: skip
    people = records.visible(actor, "work_with", Person.objects.filter(pk__in=chosen))
    return people.order_by("family_name", "given_name", "pk")


def relationship_lookup(*, relationship_id: int) -> Relationship:
    rel = Relationship.objects.select_related("from_person", "to_person").filter(pk=relationship_id).first()
    if rel is None:
        raise NotFound()
    return rel


def audit_people_listed(*, actor, purpose: str, people, object_type: str = "people.person") -> None:
    """A page or list that names people is a view of each of them: one audit entry naming them all
    (`AuditEntryPerson` rows, sealed), a constant number of queries however many; nothing when it
    named no one. `people`: instances or ids, repeats allowed."""
    from safeguard.access.audit import audit_record
    from safeguard.access.models import AuditAction

    ids = list(dict.fromkeys(getattr(p, "pk", p) for p in people))
    if ids:
        audit_record(actor=actor, action=AuditAction.VIEW, object_type=object_type, purpose=purpose, people=ids)
