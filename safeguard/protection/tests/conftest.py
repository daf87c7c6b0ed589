"""A fictional family and the partnership around it, for protection pathway tests."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from django.test import Client
from django.utils import timezone

from safeguard.access.models import InvolvementKind
from safeguard.agencies.roles import AgencyType, Role
from safeguard.people.codes import RelationshipType
from safeguard.people.models import Household, HouseholdMembership, Person, Relationship
from safeguard.protection.models import Allocation
from safeguard.testing.factories import AgencyFactory, TeamFactory, involve, practitioner_with_role


def born(years: int, months: int = 0) -> date:
    return timezone.localdate() - relativedelta(years=years, months=months)


@dataclasses.dataclass
class World:
    social_worker: object
    manager: object
    chair: object
    police: object
    health_visitor: object
    school_nurse: object
    special_school_nurse: object
    gp: object
    dsl: object
    special_dsl: object
    paediatrician: object
    probation: object
    youth_justice: object
    midwife: object
    outsider: object
    mother: Person
    stepfather: Person
    toddler: Person  # 3, under-5
    pupil: Person  # 9, mainstream school
    special_pupil: Person  # 12, special school, disabled
    half_sibling: Person  # 7, lives with the stepfather's ex-partner
    household: Household

    def client(self, who) -> Client:
        c = Client()
        c.force_login(who)
        return c


def _team(agency_name, agency_type, team_name, **agency_flags):
    agency = AgencyFactory(name=agency_name, agency_type=agency_type)
    for k, v in agency_flags.items():
        setattr(agency, k, v)
    if agency_flags:
        agency.save()
    return TeamFactory(agency=agency, name=team_name)


@pytest.fixture
def world(db) -> World:
    csc = _team("Shire Children's Services", AgencyType.CHILDRENS_SOCIAL_CARE, "Safeguarding Team North")
    iro = _team("Shire Children's Services", AgencyType.CHILDRENS_SOCIAL_CARE, "Conference chairs")
    police_team = _team("Shire Police", AgencyType.POLICE, "Public protection unit")
    hv_team = _team("Shire Community Health", AgencyType.HEALTH_PROVIDER, "0-19 service")
    gp_team = _team("Meadow Lane Surgery", AgencyType.GP_PRACTICE, "Practice")
    school = _team("Oakfield Primary", AgencyType.EDUCATION, "Safeguarding")
    special = _team("Brook Special School", AgencyType.EDUCATION, "Safeguarding", is_special_school=True)
    psas = _team("Shire PSAS", AgencyType.HEALTH_PROVIDER, "Paediatricians", is_sexual_assault_service=True)
    prob = _team("Probation Service", AgencyType.PROBATION, "Shire PDU")
    yj = _team("Shire Youth Justice", AgencyType.YOUTH_JUSTICE, "YJS")
    mw = _team("Shire Hospital", AgencyType.HEALTH_PROVIDER, "Midwifery")

    sw = practitioner_with_role(Role.SOCIAL_WORKER, team=csc, username="sw")
    manager = practitioner_with_role(Role.SOCIAL_WORK_MANAGER, team=csc, username="manager")
    chair = practitioner_with_role(Role.CONFERENCE_CHAIR, team=iro, username="chair")
    w = World(
        social_worker=sw,
        manager=manager,
        chair=chair,
        police=practitioner_with_role(Role.POLICE_PUBLIC_PROTECTION, team=police_team, username="police"),
        health_visitor=practitioner_with_role(Role.HEALTH_VISITOR, team=hv_team, username="hv"),
        school_nurse=practitioner_with_role(Role.SCHOOL_NURSE, team=hv_team, username="nurse"),
        special_school_nurse=practitioner_with_role(Role.SCHOOL_NURSE, team=hv_team, username="specialnurse"),
        gp=practitioner_with_role(Role.GP, team=gp_team, username="gp"),
        dsl=practitioner_with_role(Role.DESIGNATED_SAFEGUARDING_LEAD, team=school, username="dsl"),
        special_dsl=practitioner_with_role(Role.DESIGNATED_SAFEGUARDING_LEAD, team=special, username="sdsl"),
        paediatrician=practitioner_with_role(Role.SPECIALIST_WORKER, team=psas, username="paed"),
        probation=practitioner_with_role(Role.PROBATION_OFFICER, team=prob, username="probation"),
        youth_justice=practitioner_with_role(Role.YOUTH_JUSTICE_WORKER, team=yj, username="yj"),
        midwife=practitioner_with_role(Role.MIDWIFE, team=mw, username="midwife"),
        outsider=practitioner_with_role(Role.SOCIAL_WORKER, username="outsider"),
        mother=Person.objects.create(given_name="Alice", family_name="Fictional", date_of_birth=born(31), sex="F"),
        stepfather=Person.objects.create(given_name="Bert", family_name="Madeup", date_of_birth=born(36), sex="M"),
        toddler=Person.objects.create(given_name="Cara", family_name="Fictional", date_of_birth=born(3), sex="F"),
        pupil=Person.objects.create(given_name="Dan", family_name="Fictional", date_of_birth=born(9), sex="M"),
        special_pupil=Person.objects.create(
            given_name="Eve", family_name="Fictional", date_of_birth=born(12), sex="F", disabilities=["COMM", "LD"]
        ),
        half_sibling=Person.objects.create(given_name="Finn", family_name="Madeup", date_of_birth=born(7), sex="M"),
        household=Household.objects.create(description="Fictional household"),
    )
    for p in (w.mother, w.stepfather, w.toddler, w.pupil, w.special_pupil):
        HouseholdMembership.objects.create(household=w.household, person=p)
    for child in (w.toddler, w.pupil, w.special_pupil):
        Relationship.objects.create(from_person=w.mother, to_person=child, relationship_type=RelationshipType.PARENT)
        Relationship.objects.create(
            from_person=w.stepfather, to_person=child, relationship_type=RelationshipType.STEP_PARENT
        )
    Relationship.objects.create(from_person=w.stepfather, to_person=w.half_sibling, relationship_type="parent")

    # Who serves whom.
    for child in (w.toddler, w.pupil, w.special_pupil, w.half_sibling):
        Allocation.objects.create(child=child, worker=sw, starts_on=born(0, 2), recorded_by=manager)
        involve(child, practitioner=sw)
        involve(child, team=csc, kind=InvolvementKind.TEAM_EPISODE)  # the manager's team holds the episode
        involve(child, practitioner=w.gp, kind=InvolvementKind.SUPERVISING)
        involve(child, practitioner=w.police, kind=InvolvementKind.INFORMATION_REQUEST)
    involve(w.toddler, practitioner=w.health_visitor, kind=InvolvementKind.SUPERVISING)
    involve(w.pupil, practitioner=w.school_nurse, kind=InvolvementKind.SUPERVISING)
    involve(w.pupil, practitioner=w.dsl, kind=InvolvementKind.SUPERVISING)
    involve(w.special_pupil, practitioner=w.special_dsl, kind=InvolvementKind.SUPERVISING)
    involve(w.special_pupil, practitioner=w.special_school_nurse, kind=InvolvementKind.SUPERVISING)
    for adult in (w.mother, w.stepfather):
        involve(adult, practitioner=sw)
    involve(w.stepfather, practitioner=w.police, kind=InvolvementKind.SUPERVISING)
    return w
