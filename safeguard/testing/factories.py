"""factory_boy factories for tests. Every person they make is fictional."""

from __future__ import annotations

from datetime import date

import factory
from django.utils import timezone

from safeguard.access.models import Involvement, InvolvementKind
from safeguard.agencies.models import Agency, Membership, Practitioner, Team
from safeguard.agencies.roles import AgencyType, Role
from safeguard.people.models import Person

TEST_PASSWORD = "correct-horse-battery-staple-42"  # noqa: S105 - test only

ROLE_AGENCY = {
    Role.FRONT_DOOR_SOCIAL_WORKER: AgencyType.CHILDRENS_SOCIAL_CARE,
    Role.FRONT_DOOR_MANAGER: AgencyType.CHILDRENS_SOCIAL_CARE,
    Role.SOCIAL_WORKER: AgencyType.CHILDRENS_SOCIAL_CARE,
    Role.SOCIAL_WORK_MANAGER: AgencyType.CHILDRENS_SOCIAL_CARE,
    Role.CONFERENCE_CHAIR: AgencyType.CHILDRENS_SOCIAL_CARE,
    Role.POLICE_PUBLIC_PROTECTION: AgencyType.POLICE,
    Role.HEALTH_SAFEGUARDING: AgencyType.HEALTH_PROVIDER,
    Role.ED_CLINICIAN: AgencyType.HEALTH_PROVIDER,
    Role.MIDWIFE: AgencyType.HEALTH_PROVIDER,
    Role.HEALTH_VISITOR: AgencyType.HEALTH_PROVIDER,
    Role.SCHOOL_NURSE: AgencyType.HEALTH_PROVIDER,
    Role.SEXUAL_HEALTH: AgencyType.HEALTH_PROVIDER,
    Role.GP: AgencyType.GP_PRACTICE,
    Role.PAEDIATRICIAN: AgencyType.HEALTH_PROVIDER,
    Role.DESIGNATED_SAFEGUARDING_LEAD: AgencyType.EDUCATION,
    Role.PROBATION_OFFICER: AgencyType.PROBATION,
    Role.YOUTH_JUSTICE_WORKER: AgencyType.YOUTH_JUSTICE,
    Role.SPECIALIST_WORKER: AgencyType.SPECIALIST,
    Role.PARTNERSHIP_ANALYST: AgencyType.PARTNERSHIP,
    Role.PARTNERSHIP_LEAD: AgencyType.PARTNERSHIP,
    Role.HEAD_OF_SERVICE: AgencyType.CHILDRENS_SOCIAL_CARE,
    Role.DATA_OFFICER: AgencyType.CHILDRENS_SOCIAL_CARE,
    Role.AUDITOR: AgencyType.PARTNERSHIP,
    Role.SYSTEM_ADMINISTRATOR: AgencyType.PARTNERSHIP,
}


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test Agency {n}")
    agency_type = AgencyType.CHILDRENS_SOCIAL_CARE


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("agency", "name")

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class PractitionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practitioner
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"practitioner{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Practitioner{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.invalid")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def practitioner_with_role(role: str, *, team: Team | None = None, username: str | None = None) -> Practitioner:
    """A practitioner holding `role` in `team` (by default a team of an agency of the right type)."""
    if team is None:
        agency_type = ROLE_AGENCY[role]
        agency = AgencyFactory(name=f"Test {AgencyType(agency_type).label}", agency_type=agency_type)
        team = TeamFactory(agency=agency, name=f"{Role(role).label} team", is_front_door=role.startswith("front_door"))
    kwargs = {"username": username} if username else {}
    practitioner = PractitionerFactory(**kwargs)
    Membership.objects.create(practitioner=practitioner, team=team, role=role, starts_on=date(2020, 1, 1))
    return practitioner


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Sequence(lambda n: f"Testchild{n}")
    family_name = "Fictional"
    date_of_birth = date(2016, 5, 14)
    sex = "F"


def involve(
    person: Person, *, practitioner=None, team=None, kind: str = InvolvementKind.ALLOCATED_WORKER
) -> Involvement:
    return Involvement.objects.create(
        person=person, practitioner=practitioner, team=team, kind=kind, starts_at=timezone.now()
    )
