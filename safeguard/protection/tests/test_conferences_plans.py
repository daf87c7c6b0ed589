"""Scenario tests: ICPC timescale, conferences, plans, siblings, clocks, allocation history."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from safeguard.core import clock
from safeguard.protection.models import Conference, Plan
from safeguard.protection.tests.helpers import error_fields, get, hold_discussion, post


def _icpc(world, child, scheduled_for=None, late_reason="", status=201):
    return post(
        world.client(world.social_worker),
        "/protection/conferences",
        {
            "child_id": str(child.pk),
            "kind": "initial",
            "scheduled_for": (scheduled_for or timezone.localdate()).isoformat(),
            "chair_id": world.chair.pk,
            "late_reason": late_reason,
        },
        status,
    )


def _record(world, conference, **overrides):
    payload = {
        "held_on": timezone.localdate().isoformat(),
        "attendance": [{"invitation_id": i["id"], "attendance": "present"} for i in conference["invitations"]],
        "reports_received": "Police, school, health visitor and GP reports",
        "child_views": "Said she feels safe with her mum",
        "child_views_how_sought": "Direct work with the social worker at school",
        "communication_method": "",
        "parents_views": "Mother accepts the concerns",
        "decision": "plan",
        "category": "SAB",
        "sexual_abuse_intra_familial": True,
    }
    payload.update(overrides)
    return payload


def test_icpc_scheduled_late_needs_a_reason(world):
    hold_discussion(world, [world.pupil])
    due = clock.icpc_due(timezone.localdate())
    late = due + timedelta(days=7)
    body = _icpc(world, world.pupil, late, status=422)
    assert error_fields(body) == {"late_reason"}
    assert not Conference.objects.exists()
    conf = _icpc(world, world.pupil, late, late_reason="Police investigator on leave; earliest date all can attend")
    assert conf["due_on"] == due.isoformat()
    assert conf["on_time"] is False
    assert conf["late_reason"].startswith("Police investigator")
    summary = get(world.client(world.social_worker), f"/protection/children/{world.pupil.pk}/summary")
    icpc = [c for c in summary["clocks"] if c["label"] == "Initial child protection conference"]
    assert icpc and "late: Police investigator" in [c for c in summary["clocks"] if c["note"]][0]["note"]


def test_icpc_on_time_needs_no_reason_and_special_school_nurse_is_invited(world):
    hold_discussion(world, [world.special_pupil])
    conf = _icpc(world, world.special_pupil, clock.icpc_due(timezone.localdate()))
    assert conf["on_time"] is True
    rules = {i["rule"]: i for i in conf["invitations"]}
    assert rules["special_school_nurse"]["practitioner_id"] == world.special_school_nurse.pk


def test_conference_records_category_intra_familial_and_communication_for_disabled_child(world):
    hold_discussion(world, [world.special_pupil])
    conf = _icpc(world, world.special_pupil)
    c = world.client(world.chair)
    path = f"/protection/conferences/{conf['id']}/record"
    body = post(c, path, _record(world, conf, sexual_abuse_intra_familial=None), 422)
    assert error_fields(body) == {"sexual_abuse_intra_familial", "communication_method"}
    # The chair was given the record when named as chair of the conference.
    done = post(c, path, _record(world, conf, communication_method="Makaton with her keyworker"))
    assert done["category"] == "SAB" and done["sexual_abuse_intra_familial"] is True
    assert done["communication_method"] == "Makaton with her keyworker"
    assert Plan.objects.get(child=world.special_pupil).status == "draft"


def test_plan_blocked_until_every_linked_child_has_a_decision(world):
    hold_discussion(world, [world.toddler], propose={"alleged_perpetrator_ids": [str(world.stepfather.pk)]})
    conf = _icpc(world, world.toddler)
    conf = post(world.client(world.chair), f"/protection/conferences/{conf['id']}/record", _record(world, conf))
    plan_id = conf["plan_id"]
    c = world.client(world.social_worker)
    plan = get(c, f"/protection/plans/{plan_id}")
    others = {o["id"] for o in plan["other_children"]}
    # Brother and sister in the household, and the stepfather's child living elsewhere.
    assert others == {str(world.pupil.pk), str(world.special_pupil.pk), str(world.half_sibling.pk)}
    today = timezone.localdate()
    post(
        c,
        f"/protection/plans/{plan_id}/outcomes",
        {
            "description": "Cara is safe from sexual harm at home",
            "actions": [
                {
                    "description": "Safety plan with mother",
                    "owner_id": world.social_worker.pk,
                    "due_on": (today + timedelta(days=14)).isoformat(),
                    "measure_of_success": "Mother can say who may not be alone with Cara",
                }
            ],
        },
        201,
    )
    body = post(c, f"/protection/plans/{plan_id}/finalise", {}, 422)
    assert error_fields(body) == {"sibling_decisions"}
    assert "3 still to decide" in body["errors"][0]["message"]
    for child, decision in (
        (world.pupil, "included"),
        (world.special_pupil, "included"),
        (world.half_sibling, "separate_assessment"),
    ):
        post(
            c,
            f"/protection/plans/{plan_id}/sibling-decisions",
            {"other_child_id": str(child.pk), "decision": decision, "reason": "Lives with or sees the stepfather"},
            201,
        )
    plan = post(c, f"/protection/plans/{plan_id}/finalise", {})
    assert plan["status"] == "active"
    labels = {k["label"] for k in plan["clocks"]}
    assert {"First core group", "Review conference", "Statutory visit"} <= labels
    first_core = [k for k in plan["clocks"] if k["label"] == "First core group"][0]
    assert first_core["due"] == clock.first_core_group_due(today).isoformat()
    # The clocks reach the worker's and manager's lists.
    assert any(k["label"] == "Statutory visit" for k in get(c, "/protection/due"))
    assert any(k["label"] == "Statutory visit" for k in get(world.client(world.manager), "/protection/due"))


def test_plan_actions_need_measure_of_success(world):
    hold_discussion(world, [world.pupil])
    conf = _icpc(world, world.pupil)
    conf = post(
        world.client(world.chair),
        f"/protection/conferences/{conf['id']}/record",
        _record(world, conf, category="NEG", sexual_abuse_intra_familial=None),
    )
    body = post(
        world.client(world.social_worker),
        f"/protection/plans/{conf['plan_id']}/outcomes",
        {"description": "Dan goes to school every day", "actions": [{"description": "Walk to school"}]},
        422,
    )
    assert {"actions[0].owner_id", "actions[0].due_on", "actions[0].measure_of_success"} <= error_fields(body)


def test_worker_changes_counted_on_child_summary(world):
    from safeguard.testing.factories import practitioner_with_role

    team = world.social_worker.primary_membership.team
    second = practitioner_with_role("social_worker", team=team, username="sw2")
    c = world.client(world.manager)
    summary = post(
        c,
        "/protection/allocations",
        {"child_id": str(world.pupil.pk), "worker_id": second.pk, "reason": "Caseload"},
        201,
    )
    assert summary["workers_last_12_months"] == 2
    assert summary["lead_social_worker"] == str(second)
    # The new worker can now see the child; the old allocation's access ends.
    get(world.client(second), f"/people/{world.pupil.pk}")


def test_other_agencies_read_protection_status_through_core(world):
    from safeguard.core.status import protection_status

    assert not protection_status(world.pupil).has_open_protection_work
    hold_discussion(world, [world.pupil])
    status = protection_status(world.pupil)
    assert status.open_section_47 and status.open_strategy_discussion
    assert "Safeguarding Team North" in status.responsible_team
