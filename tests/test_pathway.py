"""One child's route across agencies: a school's concern reaches the front door, the manager's
decision convenes a strategy discussion, and the right agencies are proposed for it."""

import json

import pytest
from django.test import Client

from safeguard.access.models import InvolvementKind
from safeguard.agencies.roles import AgencyType, Role
from safeguard.core.models import ChronologyEvent, Task
from safeguard.protection.models import StrategyDiscussion
from safeguard.testing.factories import AgencyFactory, PersonFactory, TeamFactory, involve, practitioner_with_role


def api(user):
    client = Client()
    client.force_login(user)

    def post(path, body):
        return client.post(f"/api/v1{path}", json.dumps(body, default=str), content_type="application/json")

    def get(path):
        return client.get(f"/api/v1{path}")

    return post, get


@pytest.fixture
def partnership(db):
    council = AgencyFactory(name="Shire Council", agency_type=AgencyType.CHILDRENS_SOCIAL_CARE)
    front_door = TeamFactory(agency=council, name="Front door", is_front_door=True)
    school = AgencyFactory(name="Oak Primary School", agency_type=AgencyType.EDUCATION)
    school_team = TeamFactory(agency=school, name="Safeguarding")
    health = AgencyFactory(name="Shire Health", agency_type=AgencyType.HEALTH_PROVIDER)
    health_team = TeamFactory(agency=health, name="0-19 service")
    return {
        "screener": practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER, team=front_door),
        "manager": practitioner_with_role(Role.FRONT_DOOR_MANAGER, team=front_door),
        "dsl": practitioner_with_role(Role.DESIGNATED_SAFEGUARDING_LEAD, team=school_team),
        "school_nurse": practitioner_with_role(Role.SCHOOL_NURSE, team=health_team),
        "school_team": school_team,
    }


def test_school_concern_of_sexual_abuse_leads_to_a_strategy_discussion_with_health_and_the_psas(partnership):
    p = partnership
    child = PersonFactory(given_name="Peter", family_name="Fictional", date_of_birth="2016-05-14")
    involve(child, team=p["school_team"], kind=InvolvementKind.SUPERVISING)
    involve(child, practitioner=p["school_nurse"], kind=InvolvementKind.SUPERVISING)

    # The school's safeguarding lead raises a concern of sexual abuse within the family
    dsl_post, _ = api(p["dsl"])
    contact = dsl_post(
        "/contacts",
        {
            "referrer_name": "Ms Lead",
            "referrer_role": "Designated safeguarding lead",
            "referral_source": "2A",
            "concerns": "Peter described an uncle touching him at home; sexualised drawing in class.",
            "categories": ["csa_within_family"],
            "consent_status": "not_sought_risk",
            "lawful_basis": "safeguarding",
            "consent_reason": "Telling the family could put Peter at risk before a strategy discussion.",
            "subjects": [
                {
                    "role": "subject_child",
                    "given_name": "Peter",
                    "family_name": "Fictional",
                    "date_of_birth": "2016-05-14",
                }
            ],
        },
    )
    assert contact.status_code == 201, contact.json()
    contact_id = contact.json()["id"]

    # The screener confirms the match explicitly, asking the holding agency first
    screener_post, screener_get = api(p["screener"])
    subject_id = screener_get(f"/contacts/{contact_id}").json()["subjects"][0]["id"]
    candidates = screener_get(f"/contacts/{contact_id}/subjects/{subject_id}/candidates").json()
    assert candidates and str(candidates[0].get("person_id") or child.pk) == str(child.pk)
    if not candidates[0]["visible"]:
        assert (
            screener_post(
                f"/contacts/{contact_id}/subjects/{subject_id}/enquiries", {"person_id": str(child.pk)}
            ).status_code
            == 201
        )
    matched = screener_post(f"/contacts/{contact_id}/subjects/{subject_id}/match", {"person_id": str(child.pk)})
    assert matched.status_code == 200, matched.json()

    # The manager decides a strategy discussion is needed
    manager_post, _ = api(p["manager"])
    decision = manager_post(
        f"/contacts/{contact_id}/decision",
        {"outcome": "strategy_discussion", "rationale": "Reasonable cause to suspect significant harm."},
    )
    assert decision.status_code in (200, 201), decision.json()

    # A strategy discussion now awaits convening, with police, the council, the school, the school
    # nurse and the paediatric sexual assault service proposed, and someone asked to convene it
    discussion = StrategyDiscussion.objects.get()
    assert list(discussion.children.all()) == [child]
    _, manager_get = api(p["manager"])
    body = manager_get(f"/protection/strategy-discussions/{discussion.pk}")
    assert body.status_code == 200, body.json()
    proposed = {i["agency_type"] for i in body.json()["invitations"] if not i["removed"]}
    assert {"police", "csc", "education", "health"} <= proposed
    labels = " ".join(i["label"] + " " + i["display"] for i in body.json()["invitations"]).lower()
    assert "school nurse" in labels and "sexual assault" in labels
    assert Task.objects.filter(person=child).exists() or Task.objects.filter(source_id=str(discussion.pk)).exists()
    assert ChronologyEvent.objects.filter(person=child, event_type="contact_received").exists()
