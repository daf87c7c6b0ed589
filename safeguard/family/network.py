"""The network around a person: who is linked to whom, within how many steps, and how.

Links are current relationships (family, partners, carers, household members — not known
associates or ex-partners), living in the same household, and contact arrangements. Used by the
risk rules, the flagged-adult list and "think family". Reads only; the callers decide access.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from datetime import date

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from safeguard.access.models import Involvement, InvolvementKind
from safeguard.agencies.roles import AgencyType
from safeguard.core.status import ProtectionStatus, protection_status
from safeguard.people.codes import RelationshipType
from safeguard.people.models import HouseholdMembership, Person, Relationship

DEFAULT_STEPS = 2
MAX_STEPS = 4
NOT_A_NETWORK_LINK = (RelationshipType.KNOWN_ASSOCIATE, RelationshipType.EX_PARTNER)
# from_person cares for to_person through these types.
CARE_TYPES = (
    RelationshipType.PARENT,
    RelationshipType.STEP_PARENT,
    RelationshipType.CARER,
    RelationshipType.PARTNER_OF_PARENT,
)


def risk_network_steps() -> int:
    """How far a flagged adult's links are followed: the setting SAFEGUARD_RISK_NETWORK_STEPS."""
    return max(1, min(int(getattr(settings, "SAFEGUARD_RISK_NETWORK_STEPS", DEFAULT_STEPS)), MAX_STEPS))


def _current(qs, on: date):
    return qs.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=on)).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )


def neighbours(person_ids: set, on: date) -> dict:
    """{person_id: [(other_id, how)]} for one step out from each of person_ids."""
    from safeguard.family.models import ContactArrangement

    out: dict = {pid: [] for pid in person_ids}
    rels = _current(
        Relationship.objects.filter(Q(from_person_id__in=person_ids) | Q(to_person_id__in=person_ids)), on
    ).exclude(relationship_type__in=NOT_A_NETWORK_LINK)
    for rel in rels:
        label = rel.get_relationship_type_display().lower()
        if rel.from_person_id in out:
            out[rel.from_person_id].append((rel.to_person_id, label))
        if rel.to_person_id in out:
            out[rel.to_person_id].append((rel.from_person_id, label))
    memberships = HouseholdMembership.objects.filter(ends_on__isnull=True) | HouseholdMembership.objects.filter(
        ends_on__gt=on
    )
    mine = memberships.filter(person_id__in=person_ids).filter(Q(starts_on__isnull=True) | Q(starts_on__lte=on))
    by_household: dict = {}
    for m in mine:
        by_household.setdefault(m.household_id, set()).add(m.person_id)
    if by_household:
        others = memberships.filter(household_id__in=by_household).filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=on)
        )
        for m in others:
            for pid in by_household[m.household_id]:
                if m.person_id != pid:
                    out[pid].append((m.person_id, "same household"))
    contacts = _current(ContactArrangement.objects.filter(Q(adult_id__in=person_ids) | Q(child_id__in=person_ids)), on)
    for c in contacts:
        if c.adult_id in out:
            out[c.adult_id].append((c.child_id, "contact arrangement"))
        if c.child_id in out:
            out[c.child_id].append((c.adult_id, "contact arrangement"))
    return out


def reachable(start_ids, *, steps: int, on: date | None = None) -> dict:
    """{person_id: (steps, [how, how…], [via person ids])} for everyone within `steps` of start_ids."""
    on = on or timezone.localdate()
    seen = {pid: (0, [], []) for pid in start_ids}
    frontier = deque([set(start_ids)])
    for depth in range(1, steps + 1):
        current = frontier.popleft()
        if not current:
            break
        found = set()
        for pid, links in neighbours(current, on).items():
            for other, how in links:
                if other not in seen:
                    _, hows, via = seen[pid]
                    seen[other] = (depth, [*hows, how], [*via, pid])
                    found.add(other)
        frontier.append(found)
    return seen


@dataclasses.dataclass(frozen=True)
class LinkedChild:
    child: Person
    steps: int
    path: str  # "partner → parent" (how each step links)
    via: list[Person]
    in_their_care: bool
    status: ProtectionStatus
    known_to_social_care: bool

    @property
    def status_label(self) -> str:
        return status_label(self.status, self.known_to_social_care)


def status_label(status: ProtectionStatus, known: bool) -> str:
    if status.on_child_protection_plan:
        return "On a child protection plan"
    if status.open_section_47 or status.open_strategy_discussion:
        return "Open child protection enquiry"
    if status.looked_after:
        return "Looked after"
    if known:
        return "Known to social care"
    return "Not known to social care"


def known_to_social_care(person) -> bool:
    csc = AgencyType.CHILDRENS_SOCIAL_CARE
    return (
        Involvement.objects.active()
        .filter(person=person)
        .exclude(kind=InvolvementKind.RECORD_CREATOR)
        .filter(Q(team__agency__agency_type=csc) | Q(practitioner__memberships__team__agency__agency_type=csc))
        .exists()
    )


def _cares_for(adult: Person, child: Person, on: date) -> bool:
    direct = _current(
        Relationship.objects.filter(from_person=adult, to_person=child, relationship_type__in=CARE_TYPES), on
    ).exists()
    if direct:
        return True

    def live(qs):
        return qs.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=on)).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gt=on)
        )

    households = live(HouseholdMembership.objects.filter(person=adult)).values("household_id")
    return live(HouseholdMembership.objects.filter(person=child, household_id__in=households)).exists()


def linked_children(adult: Person, *, steps: int | None = None, on: date | None = None) -> list[LinkedChild]:
    """Every child (under 18 or unborn) within `steps` links of the adult, nearest first."""
    on = on or timezone.localdate()
    steps = risk_network_steps() if steps is None else max(1, min(steps, MAX_STEPS))
    seen = reachable([adult.pk], steps=steps, on=on)
    people = Person.objects.in_bulk([pid for pid in seen if pid != adult.pk])
    via_people = Person.objects.in_bulk({v for _, _, via in seen.values() for v in via})
    result = []
    for pid, person in people.items():
        if not person.is_child:
            continue
        depth, hows, via = seen[pid]
        result.append(
            LinkedChild(
                child=person,
                steps=depth,
                path=" → ".join(hows),
                via=[via_people[v] for v in via[1:] if v in via_people],
                in_their_care=_cares_for(adult, person, on),
                status=protection_status(person),
                known_to_social_care=known_to_social_care(person),
            )
        )
    return sorted(result, key=lambda lc: (lc.steps, lc.child.family_name, lc.child.given_name))
