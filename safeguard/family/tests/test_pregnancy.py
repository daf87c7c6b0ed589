"""Pregnancy and birth: GP notified and chased, home visits expected, new births raise the event."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from safeguard.access.models import InvolvementKind
from safeguard.agencies.models import Agency, Team
from safeguard.agencies.roles import AgencyType, Role
from safeguard.core import clock, schedule, signals
from safeguard.core.models import ChronologyEvent, EventType, Task, TaskStatus
from safeguard.family import services
from safeguard.family.models import GpNotification, Pregnancy
from safeguard.people.models import Person, Relationship
from safeguard.testing.factories import PersonFactory, involve, practitioner_with_role

from .conftest import PLAN_SINCE

JSON = "application/json"


@pytest.fixture
def maternity(client, db):
    practice = Agency.objects.create(name="Riverside Surgery", agency_type=AgencyType.GP_PRACTICE)
    practice_team = Team.objects.create(agency=practice, name="Riverside safeguarding")
    gp = practitioner_with_role(Role.GP, team=practice_team)
    midwife = practitioner_with_role(Role.MIDWIFE)
    lead = practitioner_with_role(Role.HEALTH_SAFEGUARDING, team=midwife.primary_membership.team)
    mother = PersonFactory(given_name="Rae", family_name="Expecting", date_of_birth=date(1999, 1, 1))
    involve(mother, practitioner=midwife, kind=InvolvementKind.SUPERVISING)
    client.force_login(midwife)
    return {"practice": practice, "team": practice_team, "gp": gp, "midwife": midwife, "lead": lead, "mother": mother}


def _record(client, m, *, weeks_to_go=20, mother=None):
    return client.post(
        "/api/v1/family/pregnancies",
        {
            "mother_id": str((mother or m["mother"]).pk),
            "expected_birth_date": str(timezone.localdate() + timedelta(weeks=weeks_to_go)),
            "vulnerabilities": ["domestic_abuse", "mental_health"],
            "gp_practice_id": m["practice"].pk,
        },
        content_type=JSON,
    )


@pytest.mark.django_db
def test_gp_notification_acknowledged_and_another_chased(client, maternity):
    m = maternity
    first = _record(client, m)
    assert first.status_code == 201, first.json()
    body = first.json()
    unborn = Person.objects.get(pk=body["unborn_id"])
    assert unborn.is_unborn and Relationship.objects.filter(from_person=m["mother"], to_person=unborn).exists()
    # The practice is notified automatically
    notice = Task.objects.get(team=m["team"], kind="gp_pregnancy_notification", source_id=body["gp_notification_id"])
    assert notice.due_on == clock.gp_acknowledgement_due(timezone.localdate())

    # The GP acknowledges the first
    client.force_login(m["gp"])
    ack = client.post(f"/api/v1/family/gp-notifications/{body['gp_notification_id']}/acknowledge")
    assert ack.status_code == 200 and ack.json()["acknowledged"] is True
    notice.refresh_from_db()
    assert notice.status == TaskStatus.DONE

    # A second pregnancy at the same practice goes unacknowledged
    second_mother = PersonFactory(given_name="Sue", family_name="Silent", date_of_birth=date(2000, 2, 2))
    involve(second_mother, practitioner=m["midwife"], kind=InvolvementKind.SUPERVISING)
    client.force_login(m["midwife"])
    second = _record(client, m, mother=second_mother).json()
    late = timezone.make_aware(datetime.combine(clock.add_working_days(timezone.localdate(), 5), datetime.min.time()))
    chased = services.chase_unacknowledged(now=late)
    assert [n.pk for n in chased] == [GpNotification.objects.get(pk=second["gp_notification_id"]).pk]
    assert services.chase_unacknowledged(now=late) == []  # idempotent: the same day chases nothing more
    assert Task.objects.filter(team=m["team"], kind="gp_pregnancy_notification_chase").count() == 1
    midwife_task = Task.objects.get(assignee=m["midwife"], kind="gp_pregnancy_notification_unacknowledged")
    assert "Riverside Surgery" in midwife_task.title and "Sue Silent" in midwife_task.title
    # The scheduled job runs the same service (nothing is overdue today)
    assert schedule.run_all(timezone.now())["family.chase_gp_notifications"] == "0 GP notifications chased"

    # Another GP practice may not acknowledge it
    client.force_login(practitioner_with_role(Role.GP))
    assert client.post(f"/api/v1/family/gp-notifications/{second['gp_notification_id']}/acknowledge").status_code == 404


@pytest.mark.django_db
def test_pregnancy_without_a_home_visit_by_the_gestation_goes_to_the_safeguarding_lead(client, maternity):
    m = maternity
    late_one = _record(client, m, weeks_to_go=10).json()  # 30 weeks' gestation
    visited_mother = PersonFactory(given_name="Val", family_name="Visited", date_of_birth=date(1995, 3, 3))
    involve(visited_mother, practitioner=m["midwife"], kind=InvolvementKind.SUPERVISING)
    visited = _record(client, m, mother=visited_mother, weeks_to_go=10).json()
    early = PersonFactory(given_name="Eve", family_name="Early", date_of_birth=date(1996, 4, 4))
    involve(early, practitioner=m["midwife"], kind=InvolvementKind.SUPERVISING)
    _record(client, m, mother=early, weeks_to_go=30)
    visit = client.post(
        f"/api/v1/family/pregnancies/{visited['id']}/antenatal-visits",
        {"visited_on": str(timezone.localdate()), "home_visit": True},
        content_type=JSON,
    )
    assert visit.status_code == 201
    flagged = services.flag_pregnancies_without_home_visit()
    assert [str(p.pk) for p in flagged] == [late_one["id"]]
    assert services.flag_pregnancies_without_home_visit() == []
    task = Task.objects.get(assignee=m["lead"], kind="antenatal_no_home_visit")
    assert "Rae Expecting" in task.title and "28 weeks" in task.title


@pytest.mark.django_db
def test_birth_to_a_parent_whose_other_child_is_on_a_plan_raises_new_birth(client, maternity, statuses):
    m = maternity
    on_plan = PersonFactory(given_name="Olly", family_name="Expecting", date_of_birth=date(2018, 1, 1))
    no_plan = PersonFactory(given_name="Nell", family_name="Expecting", date_of_birth=date(2020, 1, 1))
    for child in (on_plan, no_plan):
        Relationship.objects.create(from_person=m["mother"], to_person=child, relationship_type="parent")
    statuses[on_plan.pk] = {"on_child_protection_plan": True, "plan_since": PLAN_SINCE}
    pregnancy = _record(client, m).json()
    heard = []

    def receiver(sender, **kwargs):
        heard.append(kwargs)

    signals.significant_event_recorded.connect(receiver, dispatch_uid="test-new-birth")
    try:
        born = client.post(
            f"/api/v1/family/pregnancies/{pregnancy['id']}/birth",
            {"born_on": str(timezone.localdate()), "given_name": "Poppy", "sex": "F"},
            content_type=JSON,
        )
    finally:
        signals.significant_event_recorded.disconnect(dispatch_uid="test-new-birth")
    assert born.status_code == 200 and born.json()["siblings_notified"] == 1
    assert [(h["event_type"], [p.pk for p in h["people"]]) for h in heard] == [(EventType.NEW_BIRTH, [on_plan.pk])]
    baby = Person.objects.get(pk=pregnancy["unborn_id"])
    assert baby.full_name == "Poppy Expecting" and not baby.is_unborn
    assert ChronologyEvent.objects.filter(person=on_plan, event_type=EventType.NEW_BIRTH).count() == 1
    assert not ChronologyEvent.objects.filter(person=no_plan, event_type=EventType.NEW_BIRTH).exists()
    assert Pregnancy.objects.get(pk=pregnancy["id"]).born_on == timezone.localdate()


@pytest.mark.django_db
def test_pregnancy_bad_input_is_field_level(client, maternity):
    m = maternity
    response = client.post(
        "/api/v1/family/pregnancies",
        {
            "mother_id": str(m["mother"].pk),
            "vulnerabilities": ["aliens"],
            "gp_practice_id": m["midwife"].primary_agency.pk,
        },
        content_type=JSON,
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"expected_birth_date", "vulnerabilities"}
    not_a_practice = client.post(
        "/api/v1/family/pregnancies",
        {
            "mother_id": str(m["mother"].pk),
            "expected_birth_date": (timezone.localdate() + timedelta(weeks=20)).isoformat(),
            "vulnerabilities": ["domestic_abuse"],
            "gp_practice_id": m["midwife"].primary_agency.pk,
        },
        content_type=JSON,
    )
    assert not_a_practice.status_code == 422
    assert {e["field"] for e in not_a_practice.json()["errors"]} == {"gp_practice_id"}
    assert not Pregnancy.objects.exists()


LONDON = timezone.get_default_timezone()


def _training(moment: datetime):
    from django.test import override_settings

    return override_settings(SAFEGUARD_TRAINING=True, SAFEGUARD_CLOCK_NOW=moment.replace(tzinfo=LONDON))


@pytest.mark.django_db
def test_an_unacknowledged_gp_notification_is_chased_and_shows_as_chased_through_the_api(client, maternity):
    """Driven on the training clock, as a partnership would prove it before go-live."""
    from django.core.management import call_command

    m = maternity
    monday = datetime(2026, 12, 14, 10, 0)
    with _training(monday):
        client.force_login(m["midwife"])
        recorded = _record(client, m).json()
        nid = recorded["gp_notification_id"]
        sent = client.get(f"/api/v1/family/gp-notifications/{nid}").json()
        assert sent["acknowledge_by"] == "2026-12-16" and sent["state"] == "awaiting"
        assert sent["chased"] is False and sent["chase_count"] == 0 and sent["overdue"] is False
        assert sent["practice"] == "Riverside Surgery" and sent["mother_name"] == "Rae Expecting"

    # Thursday: past the acknowledge-by date; the periodic work runs as of that morning.
    call_command_as_of = "2026-12-17T07:00"
    with _training(monday):
        call_command("run_scheduled_work", "--as-of", call_command_as_of)
    with _training(datetime(2026, 12, 17, 9, 0)):
        client.force_login(m["midwife"])
        chased = client.get(f"/api/v1/family/gp-notifications/{nid}").json()
        assert chased["chased"] is True and chased["chase_count"] == 1 and chased["last_chased_on"] == "2026-12-17"
        assert chased["overdue"] is True and chased["state"] == "overdue"
        assert chased["state_label"] == "Not acknowledged: overdue, chased 1 time"
        assert chased["next_chase_on"] == "2026-12-21"  # two working days on
        assert [n["id"] for n in client.get("/api/v1/family/gp-notifications", {"state": "overdue"}).json()] == [nid]
        # The practice sees the same, and acknowledges.
        client.force_login(m["gp"])
        assert client.get("/api/v1/family/gp-notifications").json()[0]["chase_count"] == 1
        client.post(f"/api/v1/family/gp-notifications/{nid}/acknowledge")
        done = client.get(f"/api/v1/family/gp-notifications/{nid}").json()
        assert done["acknowledged"] is True and done["acknowledged_by"] == str(m["gp"])
        assert done["next_chase_on"] is None
        assert done["acknowledged_at"].startswith("2026-12-17T09:00")
        # On the page: when, in words, and that it came after the acknowledge-by date.
        page = client.get("/family/gp-notifications/").content.decode()
        assert f"By {m['gp']}, Thursday 17 December 2026, 9am" in page and ">Late</strong>" in page
        assert client.get("/api/v1/family/gp-notifications", {"state": "overdue"}).json() == []
    # A second run later chases nothing: it was acknowledged.
    with _training(monday):
        call_command("run_scheduled_work", "--as-of", "2026-12-22T07:00")
    assert GpNotification.objects.get(pk=nid).chase_count == 1


@pytest.mark.django_db
def test_gp_notifications_are_read_only_by_the_midwife_who_sent_them_and_the_practice(client, maternity):
    m = maternity
    nid = _record(client, m).json()["gp_notification_id"]
    other_practice = Agency.objects.create(name="Hilltop Surgery", agency_type=AgencyType.GP_PRACTICE)
    other_gp = practitioner_with_role(Role.GP, team=Team.objects.create(agency=other_practice, name="Hilltop"))
    other_midwife = practitioner_with_role(Role.MIDWIFE)
    for outsider in (other_gp, other_midwife):
        client.force_login(outsider)
        assert client.get(f"/api/v1/family/gp-notifications/{nid}").status_code == 404
        assert client.get("/api/v1/family/gp-notifications").json() == []
    client.force_login(practitioner_with_role(Role.ED_CLINICIAN))
    assert client.get("/api/v1/family/gp-notifications").status_code == 404
    client.force_login(m["midwife"])
    assert client.get("/api/v1/family/gp-notifications", {"state": "sideways"}).status_code == 422
    assert client.get(f"/api/v1/family/gp-notifications/{nid}").json()["midwife"] == str(m["midwife"])
    from safeguard.access.models import AuditEntry

    assert AuditEntry.objects.filter(
        object_type="family.gpnotification", object_id=nid, action="view", actor_id=m["midwife"].pk
    ).exists()
