"""A meeting's record as a GOV.UK task list: sections saved as drafts, their statuses, field errors on
the section's own page, and "Check and submit" writing exactly the record the single form wrote."""

from __future__ import annotations

from django.utils import timezone

from safeguard.access.models import AuditEntry
from safeguard.protection.models import Action, Invitation, MeetingRecordDraft, StrategyDiscussion
from safeguard.protection.tests.helpers import post, propose, record_payload, record_through_tasks

TODAY = timezone.localdate


def _web_data(world, discussion) -> dict:
    """The API's record payload as the web pages' fields (the same answers, typed)."""
    api = record_payload(world, discussion)
    data = {k: v for k, v in api.items() if k not in ("attendance", "actions")}
    for row in api["attendance"]:
        data[f"attendance_{row['invitation_id']}"] = row["attendance"]
    action = api["actions"][0]
    data.update({"action_rows": "3", "action_0_description": action["description"],
                 "action_0_owner": str(action["owner_id"]), "action_0_due_on": action["due_on"],
                 "action_0_child": action["child_id"]})  # fmt: skip
    return data


def _facts(discussion_id) -> tuple:
    """What the record holds that a reader of it would notice."""
    d = StrategyDiscussion.objects.get(pk=discussion_id)
    fields = ("status", "held_on", "information_shared", "section_47", "section_47_reason", "abe_interview_planned",
              "abe_police_investigator", "abe_social_worker_role", "medical_examination",
              "medical_examination_reason", "psas_referral", "psas_referral_reason")  # fmt: skip
    attendance = sorted((i.agency_id, i.attendance) for i in d.invitations.all())
    actions = sorted((a.description, a.owner_id, a.due_on, a.child_id) for a in d.actions.all())
    enquiries = sorted((e.child_id, e.kind) for e in d.enquiries.all())
    return tuple(getattr(d, f) for f in fields), attendance, actions, enquiries


def test_task_list_records_exactly_what_the_single_record_wrote(world):
    by_api = propose(world, [world.pupil])
    post(world.client(world.social_worker), f"/protection/strategy-discussions/{by_api['id']}/record",
         record_payload(world, by_api))  # fmt: skip
    by_web = propose(world, [world.toddler])
    c = world.client(world.social_worker)
    response = record_through_tasks(c, "strategy-discussion", by_web["id"], _web_data(world, by_web))
    assert response.status_code == 302 and response["Location"] == f"/protection/strategy-discussions/{by_web['id']}/"
    web, api = _facts(by_web["id"]), _facts(by_api["id"])
    assert web[0] == api[0]  # every answer, word for word (the children differ, so their invitees do)
    assert web[1] and {a for _, a in web[1]} == {a for _, a in api[1]} == {"present"}
    assert [a[:3] for a in web[2]] == [a[:3] for a in api[2]] and len(web[3]) == len(api[3]) == 1
    assert not MeetingRecordDraft.objects.exists()  # the draft became the record
    # The record service's own audit entry and chronology, as before.
    from safeguard.core.models import ChronologyEvent

    assert ChronologyEvent.objects.filter(person=world.toddler).count() == ChronologyEvent.objects.filter(
        person=world.pupil
    ).count()


def test_sections_are_kept_as_drafts_with_their_status_and_nothing_is_recorded_until_submitted(world):
    d = propose(world, [world.pupil])
    c = world.client(world.social_worker)
    base = f"/protection/meetings/strategy-discussion/{d['id']}/record/"
    tasks = c.get(base).content.decode()
    # Five sections of the record, and Dan's brothers and sisters (linked to the same adults).
    assert tasks.count("Not yet started") == 6 and "Cannot start yet" in tasks
    assert c.post(base + "information/", {"information_shared": "School: change in behaviour"}).status_code == 302
    # Continued with an attendance missing: the error is on this page, next to the invitee; what was typed kept.
    page = c.post(base + "attendance/", {"held_on": TODAY().isoformat()}).content.decode()
    assert "There is a problem" in page and "attended" in page
    first = Invitation.objects.filter(discussion_id=d["id"], removed=False).first()
    assert f'href="#id_attendance_{first.pk}_0"' in page
    tasks = c.get(base).content.decode()
    assert "Completed" in tasks and "In progress" in tasks and "Cannot start yet" in tasks
    assert f'value="{TODAY().day}"' in c.get(base + "attendance/").content.decode()
    assert "School: change in behaviour" in c.get(base + "information/").content.decode()
    assert StrategyDiscussion.objects.get(pk=d["id"]).status == "awaiting" and not Action.objects.exists()
    # Check and submit cannot start until every section is complete.
    assert c.get(base + "check-and-submit/")["Location"] == base
    # Each save is audited against the meeting, without its contents.
    saves = AuditEntry.objects.filter(object_id=str(d["id"]), purpose="Draft of the meeting's record")
    assert sorted(e.detail["section"] for e in saves) == ["attendance", "information"]


def test_service_rules_are_applied_on_the_page_where_the_answer_is_typed(world):
    """The discussion cannot be held before it was proposed... here: a conference dated before the
    strategy discussion it follows is refused on the date's own section page."""
    from datetime import timedelta

    from safeguard.protection.models import Conference
    from safeguard.protection.tests.helpers import hold_discussion
    from safeguard.protection.tests.test_conferences_plans import _icpc

    hold_discussion(world, [world.pupil])
    conference = Conference.objects.get(pk=_icpc(world, world.pupil)["id"])
    c = world.client(world.chair)
    url = f"/protection/meetings/conference/{conference.pk}/record/attendance/"
    data = {"held_on": (TODAY() - timedelta(days=30)).isoformat()}
    data.update({f"attendance_{i.pk}": "present" for i in conference.invitations.filter(removed=False)})
    page = c.post(url, data).content.decode()
    assert 'href="#id_held_on_day"' in page and "strategy discussion" in page
    assert Conference.objects.get(pk=conference.pk).held_on is None


def test_only_those_who_may_record_the_meeting_see_or_change_its_draft(world):
    d = propose(world, [world.pupil])
    c = world.client(world.social_worker)
    base = f"/protection/meetings/strategy-discussion/{d['id']}/record/"
    c.post(base + "information/", {"information_shared": "Known only to the meeting"})
    outsider = world.client(world.outsider)
    assert outsider.get(base).status_code == 404
    assert outsider.get(base + "information/").status_code == 404
    assert outsider.post(base + "information/", {"information_shared": "Overwritten"}).status_code == 404
    assert MeetingRecordDraft.objects.get().answers["information_shared"] == "Known only to the meeting"


def test_a_scheduled_core_group_is_recorded_through_its_task_list(world):
    from datetime import time, timedelta

    from safeguard.protection import services
    from safeguard.protection.models import CoreGroup, Plan
    from safeguard.protection.tests.helpers import hold_discussion
    from safeguard.protection.tests.test_conferences_plans import _icpc, _record

    hold_discussion(world, [world.pupil])
    conf = _icpc(world, world.pupil)
    post(world.client(world.chair), f"/protection/conferences/{conf['id']}/record", _record(world, conf))
    Plan.objects.update(status="active")
    soon = TODAY() + timedelta(days=2)
    group = services.core_group_schedule(actor=world.social_worker, plan=Plan.objects.get(), scheduled_for=soon,
                                         starts_at=time(10), place="Shire Hall")  # fmt: skip
    c = world.client(world.social_worker)
    assert "Record the core group" in c.get(f"/protection/core-groups/{group.pk}/").content.decode()
    page = record_through_tasks(c, "core-group", group.pk, {"notes": "Progress on attendance"}).content.decode()
    assert 'href="#id_held_on_day"' in page and CoreGroup.objects.get(pk=group.pk).held_on is None
    response = record_through_tasks(c, "core-group", group.pk, {"held_on": TODAY().isoformat(), "notes": "Good"})
    assert response.status_code == 302 and response["Location"] == f"/protection/core-groups/{group.pk}/"
    group = CoreGroup.objects.get(pk=group.pk)
    assert group.held_on == TODAY() and group.notes == "Good"
    assert "Record the core group" not in c.get(f"/protection/core-groups/{group.pk}/").content.decode()


def test_other_children_are_decided_from_the_record_and_lead_back_to_it(world):
    from safeguard.protection import selectors

    d = propose(world, [world.pupil])
    c = world.client(world.social_worker)
    base = f"/protection/meetings/strategy-discussion/{d['id']}/record/"
    others = selectors.other_children_for_discussion(StrategyDiscussion.objects.get(pk=d["id"]))
    assert len(others) > 1
    page = c.get(base + "other-children/").content.decode()
    assert all(o.child.full_name in page for o in others)
    response = c.post(f"/protection/discussion/{d['id']}/other-children/", {
        "other_child_id": str(others[0].child.pk), "decision": "included", "reason": "Same household",
        "next": base + "other-children/",
    })  # fmt: skip
    assert response.status_code == 302 and response["Location"] == base + "other-children/"
    tasks = c.get(base).content.decode()
    other = tasks[tasks.index("Other children linked") :]
    assert "In progress" in other[:600]
