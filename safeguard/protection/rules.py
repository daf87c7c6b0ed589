"""The pathway's rules, each written once:

- `propose_invitations`: who is invited to a strategy discussion, conference or core group;
- `other_children_linked`: the sibling rule (every other child linked to the same adults);
- `children_to_reconsider`: the reconvene rule (which children a significant event touches).

Invitation rules (the inspection letter's gaps): police and the local authority always; each
child's school; the health visitor for under-5s, the school nurse for school-age children, the GP,
and the specialist community school nurse for children at a special school; the paediatric sexual
assault service's paediatrician when sexual abuse is suspected; youth justice when a young person
shows harmful sexual behaviour; probation when an involved adult is supervised by a probation
officer. An agency with no named practitioner is still proposed, marked "find one".

Which agency serves a child comes first from the directory's known professionals (the child's
school, GP practice, health visitor; a school's nurse is whoever covers the school), then from active
Involvement rows: a practitioner's role and their team's agency, or a team's agency. Where only the
agency is known, the directory names its practitioner in the role the rule asks for (a school's
safeguarding lead, a practice's GP). The sexual assault service is an Agency flagged
`is_sexual_assault_service` (its members are its paediatricians); a special school is an education
Agency flagged `is_special_school`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date

from django.db.models import Q
from django.utils import timezone

from safeguard.access.models import Involvement, InvolvementKind
from safeguard.agencies.models import Agency, Membership
from safeguard.agencies.roles import AgencyType, Role
from safeguard.directory import selectors as directory
from safeguard.people.codes import FAMILY_TYPES, RelationshipType
from safeguard.people.models import ADULT_AGE, HouseholdMembership, Person, Relationship

UNDER_FIVE = 5
SCHOOL_AGE = (4, ADULT_AGE)  # reception year to 18

SIBLING_TYPES = frozenset({RelationshipType.SIBLING, RelationshipType.HALF_SIBLING})


@dataclasses.dataclass(frozen=True)
class ProposedInvitee:
    rule: str
    label: str
    why: str
    agency_type: str
    agency: Agency | None = None
    practitioner: object | None = None
    child: Person | None = None

    @property
    def key(self) -> tuple:
        return (self.rule, getattr(self.practitioner, "pk", None), getattr(self.agency, "pk", None))


@dataclasses.dataclass(frozen=True)
class _Served:
    practitioner: object | None
    role: str
    agency: Agency


def _served_by(person: Person, *, on: date | None = None) -> list[_Served]:
    """Who serves this person now: practitioners (with their roles in the team involved) and teams."""
    today = on or timezone.localdate()
    out: list[_Served] = []
    for known in directory.known_professionals(person):
        agency = known.agency or (known.practitioner.primary_agency if known.practitioner else None)
        if agency is not None:
            out.append(_Served(known.practitioner, known.role, agency))
    rows = Involvement.objects.active().filter(person=person).select_related("practitioner", "team__agency")
    for inv in rows:
        if inv.practitioner_id:
            memberships = (
                Membership.objects.filter(practitioner_id=inv.practitioner_id, starts_on__lte=today)
                .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
                .select_related("team__agency")
            )
            out.extend(_Served(inv.practitioner, m.role, m.team.agency) for m in memberships)
        elif inv.team_id:
            out.append(_Served(None, "", inv.team.agency))
    return out


def _age(child: Person, on: date) -> int | None:
    if child.is_unborn:
        return -1
    return child.age(on)


def _first(served: list[_Served], *, role: str | None = None, agency_type: str | None = None):
    for s in served:
        if (role is None or s.role == role) and (agency_type is None or s.agency.agency_type == agency_type):
            return s
    return None


def _sexual_assault_service() -> tuple[Agency | None, object | None]:
    agency = Agency.objects.filter(is_sexual_assault_service=True).order_by("name").first()
    if agency is None:
        return None, None
    paediatrician = directory.named_in_agency(agency, Role.PAEDIATRICIAN)
    if paediatrician is not None:
        return agency, paediatrician
    today = timezone.localdate()
    member = (
        Membership.objects.filter(team__agency=agency, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("practitioner")
        .order_by("-is_primary", "pk")
        .first()
    )
    return agency, member.practitioner if member else None


# The role the directory is asked for when a rule knows the agency but not the person.
RULE_ROLE = {
    "school": Role.DESIGNATED_SAFEGUARDING_LEAD,
    "gp": Role.GP,
    "health_visitor": Role.HEALTH_VISITOR,
    "school_nurse": Role.SCHOOL_NURSE,
    "special_school_nurse": Role.SCHOOL_NURSE,
    "youth_justice": Role.YOUTH_JUSTICE_WORKER,
    "police": Role.POLICE_PUBLIC_PROTECTION,
}


def _invitee(rule, label, why, served: _Served | None, agency_type, child=None, agency=None) -> ProposedInvitee:
    if served is not None:
        practitioner = served.practitioner
        if practitioner is None and rule in RULE_ROLE:
            practitioner = directory.named_in_agency(served.agency, RULE_ROLE[rule])
        return ProposedInvitee(rule, label, why, served.agency.agency_type, served.agency, practitioner, child)
    return ProposedInvitee(rule, label, why, agency_type, agency, None, child)


def _school_nurse(served: list[_Served], school: _Served | None) -> _Served | None:
    """The child's school nurse: one working with the child, else whoever covers their school."""
    nurse = _first(served, role=Role.SCHOOL_NURSE)
    if nurse is None and school is not None:
        covering = directory.covering(school.agency, Role.SCHOOL_NURSE)
        if covering is not None and covering.primary_agency is not None:
            nurse = _Served(covering, Role.SCHOOL_NURSE, covering.primary_agency)
    return nurse


def propose_invitations(
    *,
    children: Iterable[Person],
    sexual_abuse_suspected: bool = False,
    harmful_sexual_behaviour: Iterable[Person] = (),
    adults: Iterable[Person] = (),
    lead_social_worker=None,
    informants: Iterable = (),
    on: date | None = None,
) -> list[ProposedInvitee]:
    """The proposed invitation list for a meeting about `children`. The one place these rules live.

    `informants` are practitioners who have already told the partnership what their agency knows
    about this concern (e.g. answered the front door's information requests): a police officer
    among them is the police invitee, by name."""
    today = on or timezone.localdate()
    children = list(children)
    hsb_ids = {p.pk for p in harmful_sexual_behaviour}
    proposals: list[ProposedInvitee] = []
    everyone = [_served_by(c, on=today) for c in children]

    # Always: police and the local authority. The officer who answered the front door comes first.
    why_police = "Police are always invited"
    police = next(
        (
            _Served(p, Role.POLICE_PUBLIC_PROTECTION, agency)
            for p in informants
            if (agency := p.primary_agency) is not None and agency.agency_type == AgencyType.POLICE
        ),
        None,
    )
    if police is not None:
        why_police += f"; {police.practitioner} answered the front door's request for information"
    else:
        police = next((s for served in everyone for s in served if s.agency.agency_type == AgencyType.POLICE), None)
    proposals.append(_invitee("police", "Police", why_police, police, AgencyType.POLICE))
    la = None
    if lead_social_worker is not None:
        agency = lead_social_worker.primary_agency
        la = _Served(lead_social_worker, Role.SOCIAL_WORKER, agency) if agency else None
    if la is None:
        la = next(
            (
                s
                for served in everyone
                for s in served
                if s.agency.agency_type == AgencyType.CHILDRENS_SOCIAL_CARE and s.practitioner
            ),
            None,
        )
    proposals.append(
        _invitee(
            "local_authority",
            "Children's social care",
            "The local authority is always invited",
            la,
            AgencyType.CHILDRENS_SOCIAL_CARE,
        )
    )

    for child, served in zip(children, everyone, strict=True):
        age = _age(child, today)
        name = child.given_name
        school = _first(served, agency_type=AgencyType.EDUCATION)
        at_school = age is not None and SCHOOL_AGE[0] <= age < SCHOOL_AGE[1]
        if school or at_school:
            proposals.append(_invitee("school", "School", f"{name}'s school", school, AgencyType.EDUCATION, child))
        special = bool(school and school.agency.is_special_school)
        if age is not None and age < UNDER_FIVE:
            hv = _first(served, role=Role.HEALTH_VISITOR)
            proposals.append(
                _invitee(
                    "health_visitor", "Health visitor", f"{name} is under 5", hv, AgencyType.HEALTH_PROVIDER, child
                )
            )
        if special:
            nurse = _school_nurse(served, school)
            proposals.append(
                _invitee(
                    "special_school_nurse",
                    "Specialist community school nurse",
                    f"{name} attends a special school ({school.agency.name})",
                    nurse,
                    AgencyType.HEALTH_PROVIDER,
                    child,
                )
            )
        elif at_school:
            nurse = _school_nurse(served, school)
            proposals.append(
                _invitee(
                    "school_nurse", "School nurse", f"{name} is of school age", nurse, AgencyType.HEALTH_PROVIDER, child
                )
            )
        gp = _first(served, role=Role.GP) or _first(served, agency_type=AgencyType.GP_PRACTICE)
        proposals.append(_invitee("gp", "GP", f"{name}'s GP", gp, AgencyType.GP_PRACTICE, child))
        if child.pk in hsb_ids:
            yj = _first(served, role=Role.YOUTH_JUSTICE_WORKER) or _first(served, agency_type=AgencyType.YOUTH_JUSTICE)
            proposals.append(
                _invitee(
                    "youth_justice",
                    "Youth justice",
                    f"{name} shows harmful sexual behaviour",
                    yj,
                    AgencyType.YOUTH_JUSTICE,
                    child,
                )
            )

    if sexual_abuse_suspected:
        agency, paediatrician = _sexual_assault_service()
        proposals.append(
            ProposedInvitee(
                "psas",
                "Paediatric sexual assault service paediatrician",
                "Sexual abuse is suspected (including non-recent abuse outside the forensic window)",
                AgencyType.HEALTH_PROVIDER,
                agency,
                paediatrician,
            )
        )

    supervised = Involvement.objects.active().filter(
        person__in=[a.pk for a in adults], kind=InvolvementKind.SUPERVISING, practitioner__isnull=False
    )
    for inv in supervised.select_related("practitioner", "person"):
        if Role.PROBATION_OFFICER in inv.practitioner.roles:
            proposals.append(
                ProposedInvitee(
                    "probation",
                    "Probation",
                    "An adult linked to the children is supervised by probation",
                    AgencyType.PROBATION,
                    inv.practitioner.primary_agency,
                    inv.practitioner,
                )
            )

    # One row per rule and practitioner/agency, keeping the first (per-child reasons joined): brothers
    # and sisters at one school, or whose school is not yet known, make one "School" row, not one each.
    unique: dict[tuple, ProposedInvitee] = {}
    for p in proposals:
        key = p.key
        if key in unique:
            prev = unique[key]
            unique[key] = dataclasses.replace(prev, why=f"{prev.why}; {p.why}", child=None)
        else:
            unique[key] = p
    return list(unique.values())


# --- The sibling rule -----------------------------------------------------------------------------


def _is_child(person: Person, on: date) -> bool:
    if person.date_of_death:
        return False
    if person.is_unborn:
        return True
    age = person.age(on)
    return age is not None and age < ADULT_AGE


def _current(qs, on: date):
    return qs.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=on)).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )


def adults_around(child: Person, *, alleged_perpetrators: Iterable[Person] = (), on: date | None = None) -> set:
    """Ids of adults linked to the child: parents and carers, household adults, alleged perpetrators."""
    on = on or timezone.localdate()
    ids = set(
        _current(Relationship.objects.filter(to_person=child, relationship_type__in=FAMILY_TYPES), on).values_list(
            "from_person_id", flat=True
        )
    )
    households = _current(HouseholdMembership.objects.filter(person=child), on).values("household_id")
    ids |= set(
        _current(HouseholdMembership.objects.filter(household_id__in=households), on)
        .exclude(person=child)
        .values_list("person_id", flat=True)
    )
    ids |= {p.pk for p in alleged_perpetrators}
    return {p.pk for p in Person.objects.filter(pk__in=ids) if not _is_child(p, on)}


def children_of_adults(adult_ids: set, *, on: date | None = None) -> set:
    """Ids of children linked to any of these adults (as parent, carer, partner of parent, household)."""
    on = on or timezone.localdate()
    ids = set(
        _current(
            Relationship.objects.filter(from_person_id__in=adult_ids, relationship_type__in=FAMILY_TYPES), on
        ).values_list("to_person_id", flat=True)
    )
    households = _current(HouseholdMembership.objects.filter(person_id__in=adult_ids), on).values("household_id")
    ids |= set(
        _current(HouseholdMembership.objects.filter(household_id__in=households), on).values_list(
            "person_id", flat=True
        )
    )
    return {p.pk for p in Person.objects.filter(pk__in=ids) if _is_child(p, on)}


def other_children_linked(
    children: Iterable[Person], *, alleged_perpetrators: Iterable[Person] = (), on: date | None = None
) -> list[Person]:
    """Every other child linked to the same adults as `children` (household, parents, alleged
    perpetrator), and their recorded brothers and sisters. The subject children are excluded."""
    on = on or timezone.localdate()
    children = list(children)
    subject_ids = {c.pk for c in children}
    perpetrators = list(alleged_perpetrators)
    adults: set = set()
    for child in children:
        adults |= adults_around(child, alleged_perpetrators=perpetrators, on=on)
    ids = children_of_adults(adults, on=on)
    sib = _current(
        Relationship.objects.filter(relationship_type__in=SIBLING_TYPES).filter(
            Q(from_person_id__in=subject_ids) | Q(to_person_id__in=subject_ids)
        ),
        on,
    )
    for a, b in sib.values_list("from_person_id", "to_person_id"):
        ids |= {a, b}
    ids -= subject_ids
    return [p for p in Person.objects.filter(pk__in=ids).order_by("date_of_birth", "given_name") if _is_child(p, on)]


# --- The reconvene rule ---------------------------------------------------------------------------


def children_linked_to(people: Iterable[Person], *, on: date | None = None) -> set:
    """Ids of every child an event about `people` touches: the children themselves, children of or
    living with the adults, their brothers and sisters, and children in strategy discussions that
    name an adult as alleged perpetrator."""
    from safeguard.protection.models import DiscussionChild

    on = on or timezone.localdate()
    people = list(people)
    ids: set = set()
    adult_ids: set = set()
    for p in people:
        if _is_child(p, on):
            ids.add(p.pk)
            adult_ids |= adults_around(p, on=on)
        else:
            adult_ids.add(p.pk)
    ids |= children_of_adults(adult_ids, on=on)
    ids |= set(
        DiscussionChild.objects.filter(discussion__alleged_perpetrators__in=adult_ids).values_list(
            "child_id", flat=True
        )
    )
    sib = _current(
        Relationship.objects.filter(relationship_type__in=SIBLING_TYPES).filter(
            Q(from_person_id__in=ids) | Q(to_person_id__in=ids)
        ),
        on,
    )
    for a, b in sib.values_list("from_person_id", "to_person_id"):
        ids |= {a, b}
    return ids


def children_to_reconsider(people: Iterable[Person], *, on: date | None = None) -> list[Person]:
    """Children linked to `people` who have an open enquiry, an open strategy discussion or a plan."""
    from safeguard.protection import selectors

    ids = children_linked_to(people, on=on)
    open_ids = selectors.children_with_open_protection(ids)
    return list(Person.objects.filter(pk__in=open_ids).order_by("date_of_birth"))
