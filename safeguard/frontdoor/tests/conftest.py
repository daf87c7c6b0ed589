"""A small partnership for front door tests: a front door team, a school with its DSL, police,
health, youth justice, and a helper that posts JSON to the API as a practitioner."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from safeguard.agencies.roles import AgencyType, Role
from safeguard.testing.factories import AgencyFactory, PersonFactory, TeamFactory, practitioner_with_role


class Api:
    def __init__(self, user):
        self.client = Client()
        self.client.force_login(user)
        self.user = user

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params)

    def post(self, path, body=None, **headers):
        return self.client.post(
            f"/api/v1{path}", data=json.dumps(body or {}, default=str), content_type="application/json", headers=headers
        )

    def post_raw(self, path, text, content_type):
        return self.client.post(f"/api/v1{path}", data=text, content_type=content_type)


@pytest.fixture
def world(db):
    council = AgencyFactory(name="Shire Council", agency_type=AgencyType.CHILDRENS_SOCIAL_CARE)
    front_door = TeamFactory(agency=council, name="Front door", is_front_door=True)
    school = AgencyFactory(name="Oak Primary School", agency_type=AgencyType.EDUCATION, ods_code="123456")
    school_team = TeamFactory(agency=school, name="Safeguarding")
    police = AgencyFactory(name="Shire Police", agency_type=AgencyType.POLICE)
    police_team = TeamFactory(agency=police, name="Public protection")
    health = AgencyFactory(name="Shire Health", agency_type=AgencyType.HEALTH_PROVIDER)
    health_team = TeamFactory(agency=health, name="Safeguarding children")
    yj = AgencyFactory(name="Shire Youth Justice", agency_type=AgencyType.YOUTH_JUSTICE)
    yj_team = TeamFactory(agency=yj, name="Youth justice team")

    class W:
        pass

    w = W()
    w.council, w.front_door, w.school, w.school_team = council, front_door, school, school_team
    w.police, w.police_team, w.health, w.health_team, w.yj, w.yj_team = (
        police,
        police_team,
        health,
        health_team,
        yj,
        yj_team,
    )
    w.screener = practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER, team=front_door, username="screener")
    w.manager = practitioner_with_role(Role.FRONT_DOOR_MANAGER, team=front_door, username="manager")
    w.dsl = practitioner_with_role(Role.DESIGNATED_SAFEGUARDING_LEAD, team=school_team, username="dsl")
    w.officer = practitioner_with_role(Role.POLICE_PUBLIC_PROTECTION, team=police_team, username="officer")
    w.nurse = practitioner_with_role(Role.HEALTH_SAFEGUARDING, team=health_team, username="nurse")
    w.yj_worker = practitioner_with_role(Role.YOUTH_JUSTICE_WORKER, team=yj_team, username="yjworker")
    return w


def contact_body(**overrides) -> dict:
    body = {
        "referrer_name": "Ms Teacher",
        "referrer_role": "Class teacher",
        "referral_source": "2A",
        "concerns": "Child arrived hungry and with a bruise on the arm; said 'dad was angry'.",
        "categories": ["physical_abuse", "neglect"],
        "consent_status": "agreed",
        "subjects": [
            {"role": "subject_child", "given_name": "Peter", "family_name": "Fictional", "date_of_birth": "2016-05-14"}
        ],
    }
    body.update(overrides)
    return body


@pytest.fixture
def api():
    return Api


@pytest.fixture
def child(db):
    return PersonFactory(given_name="Peter", family_name="Fictional", date_of_birth=date(2016, 5, 14))
