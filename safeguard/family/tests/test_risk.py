"""A flagged adult's network: moving in with a partner who has two children alerts everyone."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from safeguard.access.models import InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.core.models import ChronologyEvent, EventType, Task
from safeguard.people.services import household_join
from safeguard.testing.factories import PersonFactory, involve, practitioner_with_role

from .conftest import PLAN_SINCE

JSON = "application/json"


@pytest.fixture
def family(db, csc_team):
    social_worker = practitioner_with_role(Role.SOCIAL_WORKER, team=csc_team)
    officer = practitioner_with_role(Role.POLICE_PUBLIC_PROTECTION)
    dan = PersonFactory(given_name="Dan", family_name="Riskley", sex="M", date_of_birth=date(1985, 3, 1))
    kate = PersonFactory(given_name="Kate", family_name="Homeward", sex="F", date_of_birth=date(1990, 7, 2))
    amy = PersonFactory(given_name="Amy", family_name="Homeward", date_of_birth=date(2016, 4, 4))
    ben = PersonFactory(given_name="Ben", family_name="Homeward", sex="M", date_of_birth=date(2019, 9, 9))
    for person in (kate, amy, ben):
        involve(person, practitioner=social_worker, kind=InvolvementKind.ALLOCATED_WORKER)
    involve(dan, practitioner=social_worker, kind=InvolvementKind.MEETING_INVITEE)
    involve(dan, practitioner=officer, kind=InvolvementKind.SUPERVISING)
    from safeguard.people.models import Relationship

    Relationship.objects.create(from_person=kate, to_person=amy, relationship_type="parent")
    Relationship.objects.create(from_person=kate, to_person=ben, relationship_type="parent")
    home = household_join(actor=social_worker, person=kate).household
    household_join(actor=social_worker, person=amy, household=home)
    household_join(actor=social_worker, person=ben, household=home)
    return {"sw": social_worker, "officer": officer, "dan": dan, "kate": kate, "amy": amy, "ben": ben, "home": home}


def _raise_flag(client, officer, dan, **overrides):
    client.force_login(officer)
    payload = {
        "basis": "mappa_nominal",
        "mappa_category": "1",
        "mappa_level": "2",
        "evidence": "Registered sexual offender; MAPPA level 2 since 2024",
        "review_on": str(timezone.localdate() + timedelta(days=90)),
        **overrides,
    }
    return client.post(f"/api/v1/family/people/{dan.pk}/risk-flags", payload, content_type=JSON)


@pytest.mark.django_db
def test_flagged_adult_moving_in_with_a_partner_lists_both_children_and_alerts_the_workers(client, family, statuses):
    f = family
    statuses[f["amy"].pk] = {"on_child_protection_plan": True, "plan_since": PLAN_SINCE}
    response = _raise_flag(client, f["officer"], f["dan"])
    assert response.status_code == 201, response.json()
    assert response.json()["basis_label"] == "MAPPA nominal"
    # Not yet linked to any child
    assert client.get(f"/api/v1/family/people/{f['dan'].pk}/linked-children").json()["children"] == []

    # When the social worker records Dan as Kate's partner and he moves into her home
    client.force_login(f["sw"])
    rel = client.post(
        "/api/v1/relationships",
        {"from_person_id": str(f["dan"].pk), "to_person_id": str(f["kate"].pk), "relationship_type": "partner"},
        content_type=JSON,
    )
    assert rel.status_code == 201
    household_join(actor=f["officer"], person=f["dan"], household=f["home"])

    # Then both children are listed with their status
    client.force_login(f["officer"])
    body = client.get(f"/api/v1/family/people/{f['dan'].pk}/linked-children").json()
    listed = {c["name"]: c for c in body["children"]}
    assert set(listed) == {"Amy Homeward", "Ben Homeward"}
    assert listed["Amy Homeward"]["status"] == "On a child protection plan"
    assert listed["Ben Homeward"]["status"] == "Known to social care"
    assert listed["Ben Homeward"]["path"] == "same household"
    assert listed["Ben Homeward"]["in_their_care"] is True
    assert body["flags"][0]["mappa_level"] == "2"

    # And each child's chronology has the event once (partner, then household: one alert, not two)
    for child in (f["amy"], f["ben"]):
        events = ChronologyEvent.objects.filter(person=child, event_type=EventType.RISK_LINK)
        assert events.count() == 1
        assert "MAPPA" not in events.get().summary and "sexual" not in events.get().summary
    # And the children's social worker and the adult's police offender manager are alerted for each child
    for worker in (f["sw"], f["officer"]):
        titles = list(Task.objects.filter(assignee=worker, kind="risk_link").values_list("title", flat=True))
        assert len(titles) == 2
        assert any("Amy Homeward" in t for t in titles) and any("Ben Homeward" in t for t in titles)


@pytest.mark.django_db
def test_contact_arrangement_with_a_child_elsewhere_is_a_new_link(client, family):
    f = family
    _raise_flag(client, f["officer"], f["dan"])
    niece = PersonFactory(given_name="Nia", family_name="Elsewhere", date_of_birth=date(2018, 1, 1))
    involve(niece, practitioner=f["sw"])
    client.force_login(f["sw"])
    response = client.post(
        "/api/v1/family/contact-arrangements",
        {"adult_id": str(f["dan"].pk), "child_id": str(niece.pk), "frequency": "weekly", "supervised": False},
        content_type=JSON,
    )
    assert response.status_code == 201
    assert ChronologyEvent.objects.filter(person=niece, event_type=EventType.RISK_LINK).exists()
    assert Task.objects.filter(assignee=f["sw"], kind="risk_link", person=niece).count() == 1


@pytest.mark.django_db
def test_the_risk_link_task_is_closed_by_reviewing_the_childs_safety(client, family):
    from safeguard.core.models import TaskStatus
    from safeguard.core.work import task_link
    from safeguard.family.models import RiskLink

    f = family
    _raise_flag(client, f["officer"], f["dan"])
    niece = PersonFactory(given_name="Nia", family_name="Elsewhere", date_of_birth=date(2018, 1, 1))
    involve(niece, practitioner=f["sw"])
    client.force_login(f["sw"])
    client.post(
        "/api/v1/family/contact-arrangements",
        {"adult_id": str(f["dan"].pk), "child_id": str(niece.pk), "frequency": "weekly", "supervised": False},
        content_type=JSON,
    )
    task = Task.objects.get(assignee=f["sw"], kind="risk_link", person=niece)
    link = RiskLink.objects.get(child=niece)
    page = task_link(task, f["sw"])
    assert page == f"/family/risk-links/{link.pk}/review/"
    assert "Say what you have done" in client.post(page, {"what_was_done": ""}).content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    done = client.post(page, {"what_was_done": "Saw Nia at home; contact with Dan to be supervised by her mother."})
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and link.reviews.get().reviewed_by == f["sw"]
    # Someone who may not see the child cannot open the review.
    client.force_login(practitioner_with_role(Role.GP, username="unrelated.gp"))
    assert client.get(page).status_code == 404


@pytest.mark.django_db
def test_risk_flag_is_hidden_from_a_role_without_need_to_know(client, family):
    f = family
    _raise_flag(client, f["officer"], f["dan"])
    gp = practitioner_with_role(Role.GP)
    involve(f["dan"], practitioner=gp, kind=InvolvementKind.INFORMATION_REQUEST)
    client.force_login(gp)
    # The GP may see Dan's record…
    record = client.get(f"/api/v1/people/{f['dan'].pk}")
    assert record.status_code == 200
    assert "MAPPA" not in record.content.decode()
    # …but not the flag, nor the children around him, nor raise one
    assert client.get(f"/api/v1/family/people/{f['dan'].pk}/linked-children").status_code == 404
    again = client.post(
        f"/api/v1/family/people/{f['dan'].pk}/risk-flags",
        {"basis": "other", "evidence": "A concern from the surgery", "review_on": "2099-01-01"},
        content_type=JSON,
    )
    assert again.status_code == 404
    genogram = client.get(f"/api/v1/family/people/{f['dan'].pk}/genogram").json()
    assert all(p["poses_risk"] is False for p in genogram["people"])
    # while the officer, who has need to know, sees the mark
    client.force_login(f["officer"])
    genogram = client.get(f"/api/v1/family/people/{f['dan'].pk}/genogram").json()
    assert [p["name"] for p in genogram["people"] if p["poses_risk"]] == ["Dan Riskley"]


@pytest.mark.django_db
def test_bad_risk_flag_gets_field_level_problems(client, family):
    response = _raise_flag(
        client,
        family["officer"],
        family["dan"],
        basis="mappa_nominal",
        mappa_level="7",
        evidence="",
        review_on="2001-01-01",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    fields = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert set(fields) == {"mappa_level", "evidence", "review_on"}
    assert fields["review_on"] == "Review date must be today or in the future"  # as the page says it
    unparseable = _raise_flag(client, family["officer"], family["dan"], review_on="2030-02-30")
    assert unparseable.status_code == 422
    assert unparseable.json()["errors"][0]["field"] == "review_on"
