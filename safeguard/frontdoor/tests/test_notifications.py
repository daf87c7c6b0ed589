"""Bulk police notifications, the police screening queue, Operation Encompass and DA triage."""

from __future__ import annotations

from datetime import date, timedelta

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
    officer.post_raw("/notifications/import", csv_file(), "text/csv")
    Notification.objects.filter(source_reference="DA-001").update(received_at=timezone.now() - timedelta(hours=30))
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
