"""Bulk police notifications, the police screening queue, Operation Encompass and DA triage."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from safeguard.access.models import AuditEntry
from safeguard.core import clock
from safeguard.core.models import Task
from safeguard.frontdoor.imports import CSV_COLUMNS
from safeguard.frontdoor.models import Contact, EncompassNotice, Notification, NotifiedPerson, TriageItem

pytestmark = pytest.mark.django_db

HEADER = ",".join(CSV_COLUMNS)
DA = "domestic_abuse_incident"


def csv_file(incident: str = "2026-03-02T21:30:00") -> str:
    return "\n".join(
        [
            HEADER,
            f"DA-001,{DA},{incident},medium,Argument,adult,Adam,Fictional,1990-01-01,M,yes,yes,",
            f"DA-001,{DA},{incident},medium,,child,Peter,Fictional,2016-05-14,M,yes,yes,123456",
            f"DA-002,{DA},{incident},high,Assault,child,Ruby,Fictional,2015-02-01,F,no,yes,Oak Primary School",
            f"DA-003,{DA},{incident},orange,Bad risk,child,Sam,Fictional,2014-02-01,M,yes,yes,",
            f"DA-004,{DA},{incident},high,,adult,Eve,Fictional,1991-01-01,F,yes,yes,",
            f"DA-004,{DA},{incident},high,,child,Tia,Fictional,31/02/2015,F,yes,yes,",
            f"PPN-005,public_protection_notice,{incident},,Child found wandering,child,Kai,Fictional,2019-07-07,M,,,",
        ]
    )


def test_bulk_import_keeps_good_rows_reports_bad_ones_and_reimport_creates_nothing_twice(world, api):
    officer = api(world.officer)
    r = officer.post_raw("/notifications/import", csv_file(), "text/csv")
    assert r.status_code == 200, r.content
    report = r.json()
    assert sorted(report["accepted"]) == ["DA-001", "DA-002", "PPN-005"]
    problems = {(e["line"], e["field"]) for e in report["errors"]}
    assert problems == {(5, "dash_risk"), (7, "date_of_birth"), (6, "reference")}
    assert Notification.objects.count() == 3
    assert NotifiedPerson.objects.filter(notification__source_reference="DA-001").count() == 2

    again = officer.post_raw("/notifications/import", csv_file(), "text/csv").json()
    assert again["accepted"] == [] and sorted(again["already_imported"]) == ["DA-001", "DA-002", "PPN-005"]
    assert Notification.objects.count() == 3
    assert EncompassNotice.objects.count() == 2
    assert TriageItem.objects.count() == 2


def test_json_import_reports_record_and_field(world, api):
    records = [
        {
            "reference": "J-1",
            "kind": "domestic_abuse_incident",
            "incident_at": "2026-03-02T21:30:00",
            "dash_risk": "standard",
            "people": [
                {
                    "role": "child",
                    "given_name": "Ann",
                    "family_name": "Fictional",
                    "date_of_birth": "2016-01-01",
                    "present": True,
                }
            ],
        },
        {
            "reference": "J-2",
            "kind": "domestic_abuse_incident",
            "incident_at": "2026-03-02T21:30:00",
            "dash_risk": "standard",
            "people": [
                {
                    "role": "child",
                    "given_name": "Bo",
                    "family_name": "Fictional",
                    "date_of_birth": "2016-01-01",
                    "present": "perhaps",
                }
            ],
        },
    ]
    r = api(world.officer).post("/notifications/import", records)
    assert r.status_code == 200
    assert r.json()["accepted"] == ["J-1"]
    assert [(e["line"], e["field"]) for e in r.json()["errors"]] == [(2, "people[0].present")]


def test_an_import_with_nothing_good_answers_422_and_changes_nothing(world, api):
    r = api(world.officer).post_raw("/notifications/import", HEADER + "\n,,,,,,,,,,,,\n", "text/csv")
    assert r.status_code == 422
    assert any(e["field"].startswith("line 2") for e in r.json()["errors"])
    r = api(world.officer).post_raw("/notifications/import", "not,a,notification\n1,2,3", "text/csv")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body"
    assert Notification.objects.count() == 0
    assert api(world.dsl).post_raw("/notifications/import", csv_file(), "text/csv").status_code == 404


def test_import_command_with_progress_and_report(world, tmp_path, capsys):
    path = tmp_path / "incidents.csv"
    path.write_text(csv_file())
    with pytest.raises(CommandError, match="Some rows were not imported"):
        call_command("import_notifications", str(path), "--as", "officer")
    out = capsys.readouterr()
    assert "3 imported, 0 already imported, 3 problems" in out.out
    assert "line 5: dash_risk: DASH risk must be standard, medium or high" in out.out
    assert "notification" in out.err  # the tqdm progress bar
    with pytest.raises(CommandError):
        call_command("import_notifications", str(path), "--as", "officer", "--no-progress")
    assert "0 imported, 3 already imported" in capsys.readouterr().out
    assert Notification.objects.count() == 3
    with pytest.raises(CommandError, match="may not import"):
        call_command("import_notifications", str(path), "--as", "dsl")


def test_police_screening_queue_shows_waiting_items_and_the_backlog(world, api):
    officer = api(world.officer)
    recent = (timezone.localtime() - timedelta(hours=1)).replace(tzinfo=None).isoformat(timespec="seconds")
    officer.post_raw("/notifications/import", csv_file(recent), "text/csv")
    Notification.objects.filter(source_reference="DA-001").update(
        incident_at=timezone.now() - timedelta(hours=31), recorded_at=timezone.now() - timedelta(hours=30)
    )
    board = officer.get("/police-screening").json()
    assert board["waiting_count"] == 3 and board["over_threshold_count"] == 1 and board["threshold_hours"] == 24
    assert board["waiting"][0]["reference"] == "DA-001" and board["waiting"][0]["over_threshold"] is True
    assert board["oldest_age_hours"] >= 30

    n1 = board["waiting"][0]["id"]
    r = officer.post(f"/notifications/{n1}/screening", {"decision": "no_referral"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reason"
    r = officer.post(f"/notifications/{n1}/screening", {"decision": "refer"})
    assert r.status_code == 200 and r.json()["screening_status"] == "referred"
    contact = Contact.objects.get(pk=r.json()["contact_id"])
    assert contact.referral_source == "6" and contact.categories == ["domestic_abuse"]
    assert contact.subjects.count() == 2 and contact.subjects.filter(person__isnull=True).count() == 2
    n2 = board["waiting"][1]["id"]
    r = officer.post(
        f"/notifications/{n2}/screening", {"decision": "no_referral", "reason": "Child lives elsewhere; already known."}
    )
    assert r.json()["screening_status"] == "no_referral"
    assert officer.post(f"/notifications/{n2}/screening", {"decision": "refer"}).status_code == 409
    board = officer.get("/police-screening").json()
    assert board["waiting_count"] == 1 and board["over_threshold_count"] == 0
    assert api(world.screener).get("/contacts").json()[0]["id"] == str(contact.pk)
    assert api(world.nurse).get("/police-screening").status_code == 404
    assert (
        api(world.screener)
        .post(f"/notifications/{board['waiting'][0]['id']}/screening", {"decision": "refer"})
        .status_code
        == 404
    )


def _late_batch(incident_hours_ago: float, recorded_hours_ago: float | None, reference: str = "LATE-1") -> dict:
    def at(hours):
        return (timezone.localtime() - timedelta(hours=hours)).replace(tzinfo=None).isoformat(timespec="minutes")

    body = {
        "reference": reference,
        "kind": "domestic_abuse_incident",
        "incident_at": at(incident_hours_ago),
        "dash_risk": "standard",
        "people": [{"role": "child", "given_name": "Lola", "family_name": "Fictional", "date_of_birth": "2017-04-04"}],
    }
    if recorded_hours_ago is not None:
        body["recorded_at"] = at(recorded_hours_ago)
    return body


def test_a_late_imported_incident_is_over_24_hours_at_once_counted_from_the_police_time(world, api):
    """The letter: lower-risk incidents 'yet to be processed' that 'should have been referred sooner'.
    An incident the police recorded 30 hours ago, imported only now, is already over the threshold."""
    officer = api(world.officer)
    before = timezone.now()
    report = officer.post("/notifications/import", [_late_batch(31, 30)]).json()
    assert report["accepted"] == ["LATE-1"]
    board = officer.get("/police-screening").json()
    assert board["over_threshold_count"] == 1 and board["oldest_age_hours"] >= 30
    late = board["waiting"][0]
    assert late["over_threshold"] is True and 29.9 <= late["age_hours"] < 31
    assert late["clock_starts_at"] == late["recorded_at"]
    imported = datetime.fromisoformat(late["imported_at"])
    assert imported >= before and late["received_at"] == late["imported_at"]  # import time kept beside it
    got = officer.get(f"/notifications/{late['id']}").json()
    assert got["over_threshold"] is True and got["recorded_at"] == late["recorded_at"]


def test_a_feed_without_the_police_time_counts_from_the_incident_not_the_import(world, api):
    officer = api(world.officer)
    officer.post("/notifications/import", [_late_batch(30, None, "NOTIME-1"), _late_batch(2, None, "NOTIME-2")])
    board = officer.get("/police-screening").json()
    assert [(n["reference"], n["over_threshold"]) for n in board["waiting"]] == [
        ("NOTIME-1", True),
        ("NOTIME-2", False),
    ]
    assert board["waiting"][0]["recorded_at"] is None


def test_the_police_time_is_validated_bad_rows_reported_good_rows_kept(world, api):
    officer = api(world.officer)
    future = _late_batch(2, -3, "FUTURE-1")  # recorded 3 hours from now
    before_incident = _late_batch(2, 5, "EARLY-1")  # recorded before the incident happened
    garbled = {**_late_batch(2, 1, "GARBLED-1"), "recorded_at": "yesterday teatime"}
    good = _late_batch(3, 2, "GOOD-1")
    report = officer.post("/notifications/import", [future, before_incident, garbled, good]).json()
    assert report["accepted"] == ["GOOD-1"]
    errors = {(e["line"], e["field"]): e["message"] for e in report["errors"]}
    assert set(errors) == {(1, "recorded_at"), (2, "recorded_at"), (3, "recorded_at")}
    assert "future" in errors[(1, "recorded_at")] and "before the incident" in errors[(2, "recorded_at")]
    assert Notification.objects.get().source_reference == "GOOD-1"
    # All bad: 422, nothing saved.
    r = officer.post("/notifications/import", [_late_batch(2, -3, "FUTURE-2")])
    assert r.status_code == 422 and "line 1: recorded_at" in r.json()["errors"][0]["field"]
    assert Notification.objects.count() == 1


def test_csv_files_carry_the_police_time_in_an_optional_column(world, tmp_path, capsys):
    incident = (timezone.localtime() - timedelta(hours=40)).replace(tzinfo=None).isoformat(timespec="minutes")
    recorded = (timezone.localtime() - timedelta(hours=36)).replace(tzinfo=None).isoformat(timespec="minutes")
    path = tmp_path / "late.csv"
    path.write_text(
        HEADER
        + ",recorded_at\n"
        + f"CSV-1,{DA},{incident},standard,,child,Noor,Fictional,2016-01-01,F,yes,yes,,{recorded}\n"
        + f"CSV-2,{DA},{incident},standard,,child,Omar,Fictional,2016-01-01,M,yes,yes,,2099-01-01T10:00\n"
    )
    with pytest.raises(CommandError):
        call_command("import_notifications", str(path), "--as", "officer", "--no-progress")
    assert "line 3: recorded_at: The date and time the police recorded the incident must not be in the future" in (
        capsys.readouterr().out
    )
    n = Notification.objects.get()
    assert n.source_reference == "CSV-1" and 35.9 <= n.age_hours() < 37


def test_operation_encompass_notice_sent_and_acknowledged_before_school_starts(world, api):
    incident = (timezone.localtime() - timedelta(hours=1)).replace(tzinfo=None).isoformat(timespec="seconds")
    api(world.officer).post_raw("/notifications/import", csv_file(incident), "text/csv")
    notice = EncompassNotice.objects.get(child__given_name="Peter")
    assert notice.school == world.school and notice.sent_at is not None
    assert notice.due_at == clock.start_of_next_working_day(notice.notification.incident_at)
    assert Task.objects.filter(kind="operation_encompass", team=world.school_team).count() == 2

    dsl = api(world.dsl)
    mine = dsl.get("/encompass-notices").json()
    assert {n["child_name"] for n in mine} == {"Peter Fictional", "Ruby Fictional"}
    assert all(n["flag"] == "" for n in mine)
    r = dsl.post(f"/encompass-notices/{notice.pk}/acknowledge")
    assert r.status_code == 200 and r.json()["acknowledged_at"] and r.json()["flag"] == ""
    assert AuditEntry.objects.filter(object_id=str(notice.pk), action="change", actor_id=world.dsl.pk).exists()
    assert api(world.nurse).post(f"/encompass-notices/{notice.pk}/acknowledge").status_code == 404
    assert api(world.nurse).get("/encompass-notices").status_code == 404


def test_an_encompass_notice_shows_who_acknowledged_it_and_when(world, api):
    incident = (timezone.localtime() - timedelta(hours=1)).replace(tzinfo=None).isoformat(timespec="seconds")
    api(world.officer).post_raw("/notifications/import", csv_file(incident), "text/csv")
    notice = EncompassNotice.objects.get(child__given_name="Peter")
    world.dsl.first_name, world.dsl.last_name, world.dsl.job_title = "Wanda", "Fictional", "Deputy head teacher"
    world.dsl.save()
    acknowledged = api(world.dsl).post(f"/encompass-notices/{notice.pk}/acknowledge").json()
    assert acknowledged["acknowledged_by"] == "Wanda Fictional"
    assert acknowledged["acknowledged_by_job_title"] == "Deputy head teacher"
    # The front door, chasing late notices, sees who acknowledged it and when — in the API and on the page
    # (the list shows open notices unless asked for acknowledged ones too).
    assert "Peter Fictional" not in {n["child_name"] for n in api(world.screener).get("/encompass-notices").json()}
    seen = {n["child_name"]: n for n in api(world.screener).get("/encompass-notices",
                                                                include_acknowledged="true").json()}
    assert seen["Peter Fictional"]["acknowledged_by"] == "Wanda Fictional"
    assert seen["Peter Fictional"]["acknowledged_at"] == acknowledged["acknowledged_at"]
    assert seen["Ruby Fictional"]["acknowledged_by"] is None
    at = timezone.localtime(EncompassNotice.objects.get(pk=notice.pk).acknowledged_at)
    page = api(world.screener).client.get("/front-door/operation-encompass/?show=all").content.decode()
    assert f"Acknowledged by Wanda Fictional (Deputy head teacher), {at:%A} {at.day} {at:%B %Y} at {at:%H:%M}" in page


def test_a_late_encompass_notice_is_flagged(world, api):
    api(world.officer).post_raw("/notifications/import", csv_file("2026-01-05T21:00:00"), "text/csv")
    flagged = api(world.screener).get("/encompass-notices", flagged="true").json()
    assert {n["child_name"] for n in flagged} == {"Peter Fictional", "Ruby Fictional"}
    assert {n["flag"] for n in flagged} == {"Not acknowledged before the start of the school day"}
    peter = EncompassNotice.objects.get(child__given_name="Peter")
    api(world.dsl).post(f"/encompass-notices/{peter.pk}/acknowledge")
    flagged = {n["child_name"]: n["flag"] for n in api(world.dsl).get("/encompass-notices", flagged="true").json()}
    assert flagged["Peter Fictional"] == "Acknowledged late"


def test_a_notice_for_an_unknown_school_is_flagged_as_not_sent(world, api):
    body = [
        {
            "reference": "X-1",
            "kind": "domestic_abuse_incident",
            "incident_at": "2026-03-02T21:30:00",
            "dash_risk": "high",
            "people": [
                {
                    "role": "child",
                    "given_name": "Zed",
                    "family_name": "Fictional",
                    "date_of_birth": "2016-01-01",
                    "normally_resides": True,
                    "school": "Unknown Academy",
                }
            ],
        }
    ]
    api(world.officer).post("/notifications/import", body)
    [notice] = api(world.screener).get("/encompass-notices", flagged="true").json()
    assert notice["flag"].startswith("Not sent") and notice["school"] == "Unknown Academy"


def test_daily_domestic_abuse_triage_meeting(world, api):
    w = world
    api(w.officer).post_raw("/notifications/import", csv_file(), "text/csv")
    chair = api(w.screener)
    meeting = chair.post("/triage-meetings", {}).json()
    assert {i["notification_reference"] for i in meeting["items"]} == {"DA-001", "DA-002"}
    item = next(i for i in meeting["items"] if i["notification_reference"] == "DA-001")
    r = api(w.nurse).post(
        f"/triage-items/{item['id']}/inputs", {"information": "Health visitor concerned about mother's low mood."}
    )
    assert r.status_code == 201 and r.json()["agency"] == "Shire Health"
    r = chair.post(
        f"/triage-items/{item['id']}/actions",
        {"description": "Home visit", "owner_id": w.nurse.pk, "due_on": "2001-01-01"},
    )
    assert r.status_code == 422 and "due_on" in {e["field"] for e in r.json()["errors"]}
    due = (date.today() + timedelta(days=3)).isoformat()
    r = chair.post(
        f"/triage-items/{item['id']}/actions", {"description": "Home visit", "owner_id": w.nurse.pk, "due_on": due}
    )
    assert r.status_code == 201
    assert Task.objects.filter(kind="triage_action", assignee=w.nurse).exists()
    r = chair.post(f"/triage-meetings/{meeting['id']}/close", {"minutes": "Two cases considered; actions agreed."})
    assert r.status_code == 422 and "items" in {e["field"] for e in r.json()["errors"]}
    for i in meeting["items"]:
        r = chair.post(
            f"/triage-items/{i['id']}/decision", {"outcome": "single_agency", "rationale": "Health visitor support."}
        )
        assert r.status_code == 200
    r = chair.post(f"/triage-meetings/{meeting['id']}/close", {"minutes": "Two cases considered; actions agreed."})
    assert r.status_code == 200 and r.json()["closed"] is True
    # The next meeting's agenda holds only what arrived since.
    api(w.officer).post(
        "/notifications/import",
        [
            {
                "reference": "DA-9",
                "kind": "domestic_abuse_incident",
                "incident_at": "2026-03-03T20:00:00",
                "dash_risk": "standard",
                "people": [
                    {"role": "child", "given_name": "New", "family_name": "Fictional", "date_of_birth": "2017-01-01"}
                ],
            }
        ],
    )
    nxt = chair.post("/triage-meetings", {}).json()
    assert [i["notification_reference"] for i in nxt["items"]] == ["DA-9"]
    assert chair.post(f"/triage-items/{item['id']}/inputs", {"information": "Late info"}).status_code == 409
    assert api(w.dsl).get(f"/triage-meetings/{meeting['id']}").status_code == 404


def test_a_notification_about_a_child_with_an_allocated_worker_tells_the_worker_at_import(world, api):
    from safeguard.access.models import InvolvementKind
    from safeguard.agencies.roles import Role
    from safeguard.core.models import ChronologyEvent, TaskStatus
    from safeguard.core.work import task_link
    from safeguard.testing.factories import PersonFactory, TeamFactory, involve, practitioner_with_role

    team = TeamFactory(agency=world.council, name="Locality team")
    worker = practitioner_with_role(Role.SOCIAL_WORKER, team=team, username="ruby.sw")
    manager = practitioner_with_role(Role.SOCIAL_WORK_MANAGER, team=team, username="ruby.tm")
    ruby = PersonFactory(given_name="Ruby", family_name="Fictional", date_of_birth=date(2015, 2, 1))
    involve(ruby, practitioner=worker, kind=InvolvementKind.ALLOCATED_WORKER)
    involve(ruby, practitioner=manager, kind=InvolvementKind.TEAM_EPISODE)
    # Another Peter Fictional with the same date of birth: no single match, nobody is told.
    PersonFactory(given_name="Peter", family_name="Fictional", date_of_birth=date(2016, 5, 14))
    PersonFactory(given_name="Peter", family_name="Fictional", date_of_birth=date(2016, 5, 14))

    report = api(world.officer).post_raw("/notifications/import", csv_file(), "text/csv").json()
    assert "DA-002" in report["accepted"]

    [task] = Task.objects.filter(kind="new_information", status=TaskStatus.OPEN, assignee=worker)
    assert task.person == ruby and "DA-002" in task.title and task.urgent  # DASH high: urgent
    assert Task.objects.filter(kind="new_information", assignee=manager, person=ruby).exists()  # urgent: manager too
    assert task_link(task, worker) == f"/people/{ruby.pk}/#chronology"
    assert Task.objects.filter(kind="new_information").count() == 2  # not for the two Peters
    event = ChronologyEvent.objects.get(person=ruby)
    assert "DA-002" in event.summary and "waiting for police screening" in event.summary

    # Importing the file again tells nobody twice.
    api(world.officer).post_raw("/notifications/import", csv_file(), "text/csv")
    assert Task.objects.filter(kind="new_information").count() == 2


def test_a_triage_action_is_closed_by_its_owner_recording_what_was_done(world, api):
    from django.test import Client

    from safeguard.core.models import TaskStatus
    from safeguard.core.work import task_link
    from safeguard.frontdoor.models import TriageAction

    w = world
    api(w.officer).post_raw("/notifications/import", csv_file(), "text/csv")
    meeting = api(w.screener).post("/triage-meetings", {}).json()
    item = meeting["items"][0]
    due = (date.today() + timedelta(days=3)).isoformat()
    api(w.screener).post(
        f"/triage-items/{item['id']}/actions", {"description": "Home visit", "owner_id": w.nurse.pk, "due_on": due}
    )
    task = Task.objects.get(kind="triage_action", assignee=w.nurse)
    action = TriageAction.objects.get()
    link = task_link(task, w.nurse)
    assert link == f"/front-door/triage/actions/{action.pk}/"

    nurse, officer = Client(), Client()
    nurse.force_login(w.nurse)
    officer.force_login(w.officer)
    assert officer.get(link).status_code == 404  # not theirs
    empty = nurse.post(link, {"what_was_done": ""})
    assert empty.status_code == 200 and "Say what was done" in empty.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    done = nurse.post(link, {"what_was_done": "Visited; mother accepted a referral to the outreach service."})
    assert done.status_code == 302
    task.refresh_from_db()
    action.refresh_from_db()
    assert task.status == TaskStatus.DONE and action.completed_by == w.nurse
    assert "Done" in nurse.get(link).content.decode()
    again = nurse.post(link, {"what_was_done": "Visited again."})
    assert "already been recorded as done" in again.content.decode()


def _people_named(entry) -> set[str]:
    from safeguard.access.models import AuditEntryPerson

    return set(AuditEntryPerson.objects.filter(entry=entry).values_list("person_id", flat=True))


def test_encompass_and_screening_lists_are_audited_as_views_of_the_children_known_to_a_record(world, api):
    """"Who has looked at this child?" finds the Encompass list (page and API) and the police queue
    that named them, where the name and date of birth are one record's; a name two records share
    names no one (the same rule that tells a known child's worker at import)."""
    from safeguard.testing.factories import PersonFactory

    peter = PersonFactory(given_name="Peter", family_name="Fictional", date_of_birth=date(2016, 5, 14))
    for _ in range(2):  # two records for Ruby: the list cannot say which child it showed
        PersonFactory(given_name="Ruby", family_name="Fictional", date_of_birth=date(2015, 2, 1))
    incident = (timezone.localtime() - timedelta(hours=1)).replace(tzinfo=None).isoformat(timespec="seconds")
    api(world.officer).post_raw("/notifications/import", csv_file(incident), "text/csv")

    def latest(user, purpose):
        return AuditEntry.objects.filter(actor_id=user.pk, purpose=purpose).order_by("-seq").first()

    assert {n["child_name"] for n in api(world.dsl).get("/encompass-notices").json()} >= {"Ruby Fictional"}
    assert _people_named(latest(world.dsl, "Operation Encompass notices")) == {str(peter.pk)}
    assert api(world.screener).client.get("/front-door/operation-encompass/").status_code == 200
    assert AuditEntry.objects.filter(actor_id=world.screener.pk, purpose="Operation Encompass notices").count() == 1
    assert _people_named(latest(world.screener, "Operation Encompass notices")) == {str(peter.pk)}
    assert api(world.officer).get("/police-screening").status_code == 200
    assert _people_named(latest(world.officer, "police screening queue")) == {str(peter.pk)}
