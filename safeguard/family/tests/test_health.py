"""Health settings see and tell: look-ups, think family, under-18 sexual health."""

from datetime import date

import pytest

from safeguard.access.models import AuditAction, AuditEntry, InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.core import signals
from safeguard.core.models import ChronologyEvent, EventType, Task
from safeguard.frontdoor.models import Contact
from safeguard.people.models import Relationship
from safeguard.people.services import household_join
from safeguard.testing.factories import PersonFactory, involve, practitioner_with_role

from .conftest import PLAN_SINCE, give_nhs_number

JSON = "application/json"
MINIMAL = {
    "on_child_protection_plan",
    "plan_since",
    "looked_after",
    "looked_after_since",
    "responsible_team",
    "contact_in_hours",
    "contact_out_of_hours",
}


@pytest.fixture
def ed(client, db):
    clinician = practitioner_with_role(Role.ED_CLINICIAN)
    client.force_login(clinician)
    return clinician


@pytest.fixture
def front_door():
    """The real front door (its team set up) plus a listener recording what the signal carried."""
    from safeguard.agencies.roles import AgencyType
    from safeguard.testing.factories import AgencyFactory, TeamFactory

    agency = AgencyFactory(name="Test Council", agency_type=AgencyType.CHILDRENS_SOCIAL_CARE)
    TeamFactory(agency=agency, name="Front door", is_front_door=True)
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    signals.referral_to_front_door.connect(receiver, dispatch_uid="test-front-door")
    yield received
    signals.referral_to_front_door.disconnect(dispatch_uid="test-front-door")


@pytest.mark.django_db
def test_ed_look_up_of_a_child_on_a_plan_shows_only_the_minimal_view_and_tells_the_social_worker(
    client, ed, csc_team, statuses
):
    social_worker = practitioner_with_role(Role.SOCIAL_WORKER, team=csc_team)
    child = PersonFactory(given_name="Lily", family_name="Plantree", date_of_birth=date(2017, 2, 3))
    involve(child, practitioner=social_worker)
    nhs = give_nhs_number(child)
    statuses[child.pk] = {"on_child_protection_plan": True, "plan_since": PLAN_SINCE, "plan_category": "SAB"}

    response = client.post("/api/v1/family/health-lookups", {"setting": "ed", "nhs_number": nhs}, content_type=JSON)

    assert response.status_code == 200
    body = response.json()
    assert body["found"] is True and body["name"] == "Lily Plantree"
    assert set(body["status"]) == MINIMAL  # no category, no chronology, no record
    assert body["status"]["on_child_protection_plan"] is True
    assert body["status"]["plan_since"] == "2026-01-12"
    assert body["status"]["contact_in_hours"] == "01234 500100"
    assert "emergency duty" in body["status"]["contact_out_of_hours"]
    assert "SAB" not in response.content.decode()
    # The social worker is told of the attendance
    task = Task.objects.get(assignee=social_worker, kind="new_information")
    assert "Emergency department" in task.title and task.person == child
    assert task.urgent  # a child on a plan in the emergency department
    # A second look-up while the first is unread makes no second task (issue 10: two look-ups, two tasks)
    again = client.post("/api/v1/family/health-lookups", {"setting": "ed", "nhs_number": nhs}, content_type=JSON)
    assert again.status_code == 200
    assert Task.objects.filter(assignee=social_worker, person=child, status="open").count() == 1
    # The look-up is audited and on the chronology
    assert AuditEntry.objects.filter(action=AuditAction.ENQUIRY, person_id=str(child.pk)).count() == 2
    assert ChronologyEvent.objects.filter(person=child, event_type=EventType.HEALTH_LOOKUP).count() == 2
    # The clinician still cannot open the record
    assert client.get(f"/api/v1/people/{child.pk}").status_code == 404


@pytest.mark.django_db
def test_look_up_by_demographics_of_a_child_not_on_a_plan(client, ed, statuses):
    child = PersonFactory(given_name="Sam", family_name="Clearwater", date_of_birth=date(2015, 5, 5))
    response = client.post(
        "/api/v1/family/health-lookups",
        {"setting": "urgent_care", "given_name": "Sam", "family_name": "Clearwater", "date_of_birth": "2015-05-05"},
        content_type=JSON,
    )
    body = response.json()
    assert body["found"] is True
    assert body["status"]["on_child_protection_plan"] is False and body["status"]["looked_after"] is False
    assert body["status"]["responsible_team"] == ""
    assert ChronologyEvent.objects.filter(person=child, event_type=EventType.HEALTH_LOOKUP).exists()
    assert AuditEntry.objects.filter(action=AuditAction.ENQUIRY, person_id=str(child.pk)).exists()
    assert not Task.objects.filter(person=child).exists()


@pytest.mark.django_db
def test_look_up_needs_a_health_role_and_some_details(client, ed):
    missing = client.post("/api/v1/family/health-lookups", {"setting": "ed"}, content_type=JSON)
    assert missing.status_code == 422
    assert {e["field"] for e in missing.json()["errors"]} == {"nhs_number", "family_name", "date_of_birth"}
    bad_setting = client.post("/api/v1/family/health-lookups", {"setting": "spa", "nhs_number": "x"}, content_type=JSON)
    assert bad_setting.status_code == 422 and bad_setting.json()["errors"][0]["field"] == "setting"
    client.force_login(practitioner_with_role(Role.DESIGNATED_SAFEGUARDING_LEAD))
    assert (
        client.post(
            "/api/v1/family/health-lookups", {"setting": "ed", "nhs_number": "x"}, content_type=JSON
        ).status_code
        == 404
    )


@pytest.fixture
def parent_with_children(db, statuses):
    mum = PersonFactory(given_name="Jo", family_name="Carewell", date_of_birth=date(1992, 1, 1))
    kid_on_plan = PersonFactory(given_name="Max", family_name="Carewell", date_of_birth=date(2014, 6, 6))
    kid = PersonFactory(given_name="Ivy", family_name="Carewell", date_of_birth=date(2020, 6, 6))
    stranger = PersonFactory(given_name="Zed", family_name="Elsewhere", date_of_birth=date(2019, 1, 1))
    for child in (kid_on_plan, kid):
        Relationship.objects.create(from_person=mum, to_person=child, relationship_type="parent")
    statuses[kid_on_plan.pk] = {"on_child_protection_plan": True, "plan_since": PLAN_SINCE}
    return {"mum": mum, "max": kid_on_plan, "ivy": kid, "nhs": give_nhs_number(mum), "stranger": stranger}


@pytest.mark.django_db
def test_adult_attendance_prompts_a_referral_that_lands_at_the_front_door(client, ed, parent_with_children, front_door):
    f = parent_with_children
    attended = client.post(
        "/api/v1/family/adult-attendances",
        {"setting": "ed", "nhs_number": f["nhs"], "presenting_reason": "Overdose"},
        content_type=JSON,
    )
    assert attended.status_code == 201
    body = attended.json()
    children = {c["name"]: c for c in body["children"]}
    assert set(children) == {"Max Carewell", "Ivy Carewell"}
    assert children["Max Carewell"]["on_child_protection_plan"] is True
    assert children["Ivy Carewell"]["in_their_care"] is True
    assert "Is a safeguarding referral needed?" in body["prompt"]

    decided = client.post(
        f"/api/v1/family/adult-attendances/{body['attendance_id']}/decision",
        {
            "referral_needed": True,
            "reason": "Sole carer of two children, admitted overnight",
            "refer_now": True,
            "concern": "Mother admitted after overdose; two children at home with no carer",
        },
        content_type=JSON,
    )
    assert decided.status_code == 200, decided.json()["errors"]
    assert decided.json()["referral_needed"] is True
    contact = Contact.objects.get()
    assert decided.json()["contact_reference"] == str(contact.pk)
    # The clinician may not open these records, so the front door gets the details to match on.
    named = {(s.given_name, s.role) for s in contact.subjects.all()}
    assert named == {("Max", "subject_child"), ("Ivy", "subject_child"), (f["mum"].given_name, "parent_carer")}
    assert contact.subjects.get(given_name=f["mum"].given_name).nhs_number == f["nhs"]
    [sent] = front_door
    assert {c.pk for c in sent["children"]} == {f["max"].pk, f["ivy"].pk}
    assert [a.pk for a in sent["adults"]] == [f["mum"].pk]
    assert sent["actor"] == ed and "overdose" in sent["concern"]
    assert ChronologyEvent.objects.filter(person=f["mum"], event_type=EventType.ADULT_ATTENDANCE).exists()


@pytest.mark.django_db
def test_answer_no_referral_is_recorded_and_a_lost_referral_saves_nothing(client, ed, parent_with_children):
    f = parent_with_children
    first = client.post(
        "/api/v1/family/adult-attendances", {"setting": "ed", "nhs_number": f["nhs"]}, content_type=JSON
    )
    url = f"/api/v1/family/adult-attendances/{first.json()['attendance_id']}/decision"
    # No front door team is set up: the referral is refused loudly and nothing is recorded
    lost = client.post(
        url,
        {"referral_needed": True, "reason": "Carer", "refer_now": True, "concern": "Children at home alone"},
        content_type=JSON,
    )
    assert lost.status_code == 422
    assert "No front door team" in str(lost.json()["errors"])
    assert not Contact.objects.exists()
    no = client.post(url, {"referral_needed": False, "reason": "Partner at home with the children"}, content_type=JSON)
    assert no.status_code == 200 and no.json()["referral_needed"] is False and no.json()["contact_reference"] == ""
    blank = client.post(url, {}, content_type=JSON)
    assert blank.status_code == 422


@pytest.mark.django_db
def test_under_18_sexual_health_high_score_prompts_a_referral_and_shows_status(client, statuses, front_door, csc_team):
    clinic = practitioner_with_role(Role.SEXUAL_HEALTH)
    client.force_login(clinic)
    young = PersonFactory(given_name="Tia", family_name="Youngs", date_of_birth=date(2011, 3, 3))
    involve(young, practitioner=practitioner_with_role(Role.SOCIAL_WORKER, team=csc_team))
    statuses[young.pk] = {"looked_after": True, "looked_after_since": date(2024, 5, 1)}
    nhs = give_nhs_number(young)
    low = client.post(
        "/api/v1/family/sexual-health-assessments",
        {
            "nhs_number": nhs,
            "scores": {"exploitation": 0, "age_gap": 1, "coercion": 0, "substance_use": 1, "going_missing": 0},
        },
        content_type=JSON,
    )
    assert low.status_code == 201 and low.json()["high_risk"] is False and low.json()["prompt_referral"] is False
    assert low.json()["status"]["looked_after"] is True
    high = client.post(
        "/api/v1/family/sexual-health-assessments",
        {
            "nhs_number": nhs,
            "scores": {"exploitation": 2, "age_gap": 2, "coercion": 1, "substance_use": 1, "going_missing": 1},
        },
        content_type=JSON,
    ).json()
    assert high["score"] == 7 and high["prompt_referral"] is True
    referred = client.post(
        f"/api/v1/family/sexual-health-assessments/{high['assessment_id']}/referral",
        {"concern": "Older boyfriend, gifts, missing overnight"},
        content_type=JSON,
    )
    contact = Contact.objects.get()
    assert referred.status_code == 200 and referred.json()["contact_reference"] == str(contact.pk)
    assert [(s.given_name, s.nhs_number) for s in contact.subjects.all()] == [("Tia", nhs)]
    assert [c.pk for c in front_door[0]["children"]] == [young.pk]
    assert "exploitation" in front_door[0]["categories"]
    bad = client.post(
        "/api/v1/family/sexual-health-assessments",
        {
            "nhs_number": nhs,
            "scores": {"exploitation": 5, "age_gap": 0, "coercion": 0, "substance_use": 0, "going_missing": 0},
        },
        content_type=JSON,
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "scores.exploitation"
    assert bad.json()["errors"][0]["message"] == "Score signs of sexual exploitation: 0, 1 or 2"  # as the page says


@pytest.mark.django_db
def test_adults_in_the_household_count_as_children_in_their_care(client, ed, parent_with_children):
    f = parent_with_children
    lodger = PersonFactory(given_name="Lee", family_name="Lodger", date_of_birth=date(1980, 1, 1))
    nhs = give_nhs_number(lodger)
    sw = practitioner_with_role(Role.SOCIAL_WORKER)
    for p in (lodger, f["stranger"]):
        involve(p, practitioner=sw, kind=InvolvementKind.ALLOCATED_WORKER)
    home = household_join(actor=sw, person=f["stranger"]).household
    household_join(actor=sw, person=lodger, household=home)
    body = client.post("/api/v1/family/adult-attendances", {"setting": "ed", "nhs_number": nhs}, content_type=JSON)
    assert [(c["name"], c["in_their_care"]) for c in body.json()["children"]] == [("Zed Elsewhere", True)]


@pytest.mark.django_db
def test_an_adults_overdose_in_ed_reaches_the_social_worker_of_a_linked_child_on_a_plan(
    client, ed, parent_with_children, csc_team
):
    """Issue 10: a new concern about a child on a plan (an adult's overdose in the emergency
    department) told nobody but the front door. Now the allocated social worker gets one task, and
    (urgent) so does their manager; it leads to the child's record, which says what happened."""
    f = parent_with_children
    social_worker = practitioner_with_role(Role.SOCIAL_WORKER, team=csc_team)
    manager = practitioner_with_role(Role.SOCIAL_WORK_MANAGER, team=csc_team)
    involve(f["max"], practitioner=social_worker)
    involve(f["max"], team=csc_team, kind=InvolvementKind.TEAM_EPISODE)

    attended = client.post(
        "/api/v1/family/adult-attendances",
        {"setting": "ed", "nhs_number": f["nhs"], "presenting_reason": "Overdose"},
        content_type=JSON,
    )
    assert attended.status_code == 201

    task = Task.objects.get(assignee=social_worker)
    assert task.kind == "new_information" and task.person == f["max"] and task.urgent
    assert "attended Emergency department" in task.title
    assert "Overdose" not in task.title  # the adult's reason for attending stays with health
    assert Task.objects.filter(assignee=manager, person=f["max"], urgent=True).count() == 1
    # Ivy (in her mother's care, no worker) raises no task for anyone; the clinician gets none.
    assert not Task.objects.filter(person=f["ivy"]).exists()
    assert not Task.objects.filter(assignee=ed).exists()

    client.force_login(social_worker)
    home = client.get("/").content.decode()
    assert f'href="/people/{f["max"].pk}/#chronology"' in home
    record = client.get(f"/people/{f['max'].pk}/")
    assert record.status_code == 200
    assert "attended Emergency department" in record.content.decode()
    task.refresh_from_db()
    assert task.status == "done"
