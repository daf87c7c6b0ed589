"""Issue 10, end to end: a school's contact becomes a strategy discussion handed to a social work
team, with an owner at every moment, and the adults the contact named carried into it.

Front door worker and manager, a social work team manager and two social workers, a school's
safeguarding lead, a conference chair and a police officer, all in a small fictional partnership."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safeguard.access.models import InvolvementKind
from safeguard.agencies.roles import AgencyType, Role
from safeguard.core import clock
from safeguard.core.models import Task, TaskStatus
from safeguard.core.work import task_link, unowned_work
from safeguard.frontdoor.models import Contact
from safeguard.people.models import Relationship
from safeguard.protection.models import Allocation, StrategyDiscussion
from safeguard.protection.selectors import other_children_for_discussion
from safeguard.testing.factories import AgencyFactory, PersonFactory, TeamFactory, involve, practitioner_with_role

pytestmark = pytest.mark.django_db
API = "/api/v1"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def post(user, path, body, status=200):
    r = client_for(user).post(API + path, json.dumps(body, default=str), content_type="application/json")
    assert r.status_code == status, r.content
    return r.json()


def get(user, path):
    r = client_for(user).get(API + path)
    assert r.status_code == 200, r.content
    return r.json()


@pytest.fixture
def p(db):
    class P:
        pass

    w = P()
    council = AgencyFactory(name="Shire Council", agency_type=AgencyType.CHILDRENS_SOCIAL_CARE)
    w.front_door = TeamFactory(agency=council, name="Front door", is_front_door=True)
    w.locality = TeamFactory(agency=council, name="Locality team north")
    chairs = TeamFactory(agency=council, name="Conference chairs")
    school = AgencyFactory(name="Oak Primary School", agency_type=AgencyType.EDUCATION)
    police = AgencyFactory(name="Shire Police", agency_type=AgencyType.POLICE)
    w.fd_worker = practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER, team=w.front_door, username="fdw")
    w.fd_manager = practitioner_with_role(Role.FRONT_DOOR_MANAGER, team=w.front_door, username="fdm")
    w.manager = practitioner_with_role(Role.SOCIAL_WORK_MANAGER, team=w.locality, username="swm")
    w.sw_free = practitioner_with_role(Role.SOCIAL_WORKER, team=w.locality, username="sw1")
    w.sw_busy = practitioner_with_role(Role.SOCIAL_WORKER, team=w.locality, username="sw2")
    w.chair = practitioner_with_role(Role.CONFERENCE_CHAIR, team=chairs, username="chair")
    w.dsl = practitioner_with_role(Role.DESIGNATED_SAFEGUARDING_LEAD, team=TeamFactory(agency=school), username="dsl")
    w.officer = practitioner_with_role(Role.POLICE_PUBLIC_PROTECTION, team=TeamFactory(agency=police), username="pc")
    involve(PersonFactory(given_name="Other"), practitioner=w.sw_busy)  # a caseload of one
    w.child = PersonFactory(given_name="Peter", family_name="Fictional", date_of_birth=date(2016, 5, 14))
    w.uncle = PersonFactory(given_name="Dan", family_name="Unrelated", date_of_birth=date(1980, 3, 3), sex="M")
    w.mother = PersonFactory(given_name="Mary", family_name="Fictional", date_of_birth=date(1988, 8, 8))
    # Neither adult is linked to Peter in the records: only the contact says they are around him.
    w.uncles_child = PersonFactory(given_name="Dana", family_name="Unrelated", date_of_birth=date(2018, 1, 1))
    w.half_sister = PersonFactory(given_name="Molly", family_name="Other", date_of_birth=date(2019, 2, 2))
    Relationship.objects.create(from_person=w.uncle, to_person=w.uncles_child, relationship_type="parent")
    Relationship.objects.create(from_person=w.mother, to_person=w.half_sister, relationship_type="parent")
    return w


def _match_everyone(w, contact_id, people):
    contact = get(w.fd_worker, f"/contacts/{contact_id}")
    for subject, person in zip(contact["subjects"], people, strict=True):
        base = f"/contacts/{contact_id}/subjects/{subject['id']}"
        candidates = get(w.fd_worker, f"{base}/candidates")
        if not any(c["person_id"] == str(person.pk) for c in candidates):  # held elsewhere: ask first
            post(w.fd_worker, f"{base}/enquiries", {"person_id": str(person.pk)}, 201)
        post(w.fd_worker, f"{base}/match", {"person_id": str(person.pk)})


def _strategy_discussion_decided(w) -> StrategyDiscussion:
    def named(role, person):
        return {
            "role": role,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "date_of_birth": person.date_of_birth,
        }

    contact = post(
        w.dsl,
        "/contacts",
        {
            "referrer_name": "Ms Teacher",
            "referral_source": "2A",
            "concerns": "Peter told his teacher that his mother's friend Dan touches him when he stays over.",
            "categories": ["csa_within_family"],
            "lawful_basis": "safeguarding",
            "consent_status": "not_sought_risk",
            "consent_reason": "Asking the family could put Peter at risk of harm",
            "subjects": [
                named("subject_child", w.child),
                named("alleged_perpetrator", w.uncle),
                named("parent_carer", w.mother),
            ],
        },
        201,
    )
    _match_everyone(w, contact["id"], [w.child, w.uncle, w.mother])
    post(
        w.fd_manager,
        f"/contacts/{contact['id']}/decision",
        {
            "outcome": "strategy_discussion",
            "rationale": "Disclosure of sexual abuse by an adult in the family's circle",
        },
        201,
    )
    return StrategyDiscussion.objects.get()


def test_the_adults_named_in_the_contact_arrive_in_the_strategy_discussion(p):
    discussion = _strategy_discussion_decided(p)
    assert list(discussion.alleged_perpetrators.all()) == [p.uncle]
    assert list(discussion.named_adults.all()) == [p.mother]
    # So the rule on other children linked to the same adults sees their children.
    others = {o.child.pk for o in other_children_for_discussion(discussion)}
    assert others == {p.uncles_child.pk, p.half_sister.pk}


def test_a_strategy_discussion_decision_waits_in_the_social_work_teams_queue_with_an_owner_until_allocated(p):
    discussion = _strategy_discussion_decided(p)

    # Owned from the moment of the decision: the team manager holds it, on the strategy discussion clock.
    [waiting] = Task.objects.filter(kind="allocate_strategy_discussion", status=TaskStatus.OPEN)
    assert waiting.assignee == p.manager and waiting.team == p.locality and waiting.person == p.child
    sd_days = clock.timescales().strategy_discussion_working_days
    assert waiting.due_on == clock.add_working_days(timezone.localdate(), sd_days)
    assert unowned_work() == dict.fromkeys(unowned_work(), 0)
    decision_page = client_for(p.fd_manager).get(f"/front-door/decisions/{discussion.source_id}/").content.decode()
    assert "Passed to" in decision_page and "Locality team north" in decision_page
    # The receiving team may see the child before anyone is allocated; the front door no longer can.
    for member in (p.manager, p.sw_free, p.sw_busy):
        assert client_for(member).get(f"/people/{p.child.pk}/").status_code == 200
    assert client_for(p.fd_worker).get(f"/people/{p.child.pk}/").status_code == 404

    # The manager starts from "Your work" and sees each worker's caseload on the queue.
    home = client_for(p.manager).get("/").content.decode()
    link = task_link(waiting, p.manager)
    assert f'href="{link}"' in home and link.startswith("/protection/allocations/")
    queue = client_for(p.manager).get(link).content.decode()
    assert "Strategy discussion" in queue and "Peter Fictional" in queue
    assert f"{p.sw_free} — 0 children allocated" in queue and f"{p.sw_busy} — 1 child allocated" in queue
    assert client_for(p.sw_free).get(link).status_code == 404  # only a manager allocates

    # A choice outside the team changes nothing.
    bad = client_for(p.manager).post(link.split("#")[0], {"task_id": str(waiting.pk), "worker_id": p.chair.pk})
    assert bad.status_code == 200 and "Choose a worker in the team" in bad.content.decode()
    assert not Allocation.objects.exists()

    done = client_for(p.manager).post(link.split("#")[0], {"task_id": str(waiting.pk), "worker_id": p.sw_free.pk})
    assert done.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == TaskStatus.DONE
    assert Allocation.objects.get(child=p.child, ends_on__isnull=True).worker == p.sw_free
    discussion.refresh_from_db()
    assert discussion.convenor == p.sw_free
    # The worker's next step is on their "Your work", leading to the discussion, which opens for them.
    convene = Task.objects.get(kind="convene_strategy_discussion", status=TaskStatus.OPEN)
    assert convene.assignee == p.sw_free
    url = task_link(convene, p.sw_free)
    assert url == f"/protection/strategy-discussions/{discussion.pk}/"
    assert f'href="{url}"' in client_for(p.sw_free).get("/").content.decode()
    page = client_for(p.sw_free).get(url).content.decode()
    assert "Dan Unrelated" in page and "Mary Fictional" in page  # the adults the contact named
    assert discussion.invitations.get(rule="local_authority").practitioner == p.sw_free
    assert "Nothing is waiting to be allocated" in client_for(p.manager).get(link).content.decode()
    assert sum(unowned_work().values()) == 0


def test_the_plan_waits_for_a_decision_on_the_children_of_the_adults_the_contact_named(p):
    _plan_waits_for_the_other_children(p, _strategy_discussion_decided(p))


def _plan_waits_for_the_other_children(p, discussion) -> None:
    """Allocate, hold the discussion, the conference makes a plan: it cannot be finalised until Dan's
    child and Mary's other child each have a decision."""
    waiting = Task.objects.get(kind="allocate_strategy_discussion")
    client_for(p.manager).post("/protection/allocations/", {"task_id": str(waiting.pk), "worker_id": p.sw_free.pk})
    sw = p.sw_free
    detail = get(sw, f"/protection/strategy-discussions/{discussion.pk}")
    today = timezone.localdate()
    post(
        sw,
        f"/protection/strategy-discussions/{discussion.pk}/record",
        {
            "held_on": today.isoformat(),
            "information_shared": "School: disclosure today. Police: Dan not known. Health: nothing known.",
            "attendance": [{"invitation_id": i["id"], "attendance": "present"} for i in detail["invitations"]],
            "section_47": "joint",
            "section_47_reason": "Reasonable cause to suspect significant harm from the disclosure",
            "abe_interview_planned": "yes",
            "abe_police_investigator": "DC Example",
            "abe_social_worker_role": "Social worker co-leads the interview plan and keeps the focus on welfare",
            "medical_examination": "no",
            "medical_examination_reason": "Non-recent abuse, outside the forensic window",
            "psas_referral": "yes",
            "psas_referral_reason": "PSAS to advise on health and therapeutic needs",
            "actions": [
                {
                    "description": "Arrange ABE interview",
                    "owner_id": p.officer.pk,
                    "due_on": today,
                    "child_id": str(p.child.pk),
                }
            ],
        },
    )
    conference = post(
        sw,
        "/protection/conferences",
        {"child_id": str(p.child.pk), "kind": "initial", "scheduled_for": today.isoformat(), "chair_id": p.chair.pk},
        201,
    )
    conference = post(
        p.chair,
        f"/protection/conferences/{conference['id']}/record",
        {
            "held_on": today.isoformat(),
            "attendance": [{"invitation_id": i["id"], "attendance": "present"} for i in conference["invitations"]],
            "reports_received": "Police, school and health reports",
            "child_views": "Peter said he wants Dan to stay away",
            "child_views_how_sought": "Direct work at school",
            "parents_views": "Mother accepts the concerns",
            "decision": "plan",
            "category": "SAB",
            "sexual_abuse_intra_familial": True,
        },
    )
    plan_id = conference["plan_id"]
    post(
        sw,
        f"/protection/plans/{plan_id}/outcomes",
        {
            "description": "Peter is safe from sexual harm",
            "actions": [
                {
                    "description": "Safety plan with mother",
                    "owner_id": sw.pk,
                    "due_on": (today + timedelta(days=14)).isoformat(),
                    "measure_of_success": "Mother can say who may not be alone with Peter",
                }
            ],
        },
        201,
    )
    blocked = post(sw, f"/protection/plans/{plan_id}/finalise", {}, 422)
    assert "2 still to decide" in blocked["errors"][0]["message"]
    for other in (p.uncles_child, p.half_sister):
        post(
            sw,
            f"/protection/plans/{plan_id}/sibling-decisions",
            {"other_child_id": str(other.pk), "decision": "separate_assessment", "reason": "Lives with a named adult"},
            201,
        )
    assert post(sw, f"/protection/plans/{plan_id}/finalise", {})["status"] == "active"


def test_an_assessment_decision_goes_to_the_team_already_working_with_the_child(p):
    other_team = TeamFactory(agency=p.locality.agency, name="Locality team south")
    practitioner_with_role(Role.SOCIAL_WORK_MANAGER, team=other_team, username="swm2")
    involve(p.child, team=other_team, kind=InvolvementKind.TEAM_EPISODE)
    contact = post(
        p.dsl,
        "/contacts",
        {
            "referrer_name": "Ms Teacher",
            "referral_source": "2A",
            "concerns": "Peter is often hungry and his uniform is unwashed for weeks.",
            "categories": ["neglect"],
            "consent_status": "agreed",
            "subjects": [
                {
                    "role": "subject_child",
                    "given_name": "Peter",
                    "family_name": "Fictional",
                    "date_of_birth": "2016-05-14",
                }
            ],
        },
        201,
    )
    _match_everyone(p, contact["id"], [p.child])
    post(
        p.fd_manager,
        f"/contacts/{contact['id']}/decision",
        {"outcome": "assessment", "rationale": "Needs assessing now"},
        201,
    )
    task = Task.objects.get(kind="allocate_assessment")
    assert task.team == other_team and task.assignee.username == "swm2"
    assert sum(unowned_work().values()) == 0


def test_when_the_allocated_worker_changes_their_open_casework_for_the_child_goes_with_the_child(p):
    from safeguard.protection.services import allocation_change

    _strategy_discussion_decided(p)
    waiting = Task.objects.get(kind="allocate_strategy_discussion")
    client_for(p.manager).post("/protection/allocations/", {"task_id": str(waiting.pk), "worker_id": p.sw_free.pk})
    allocation_change(actor=p.manager, child=p.child, worker=p.sw_busy, reason="Hannah is on leave")
    convene = Task.objects.get(kind="convene_strategy_discussion", status=TaskStatus.OPEN)
    assert convene.assignee == p.sw_busy
    assert client_for(p.sw_busy).get(task_link(convene, p.sw_busy)).status_code == 200


def test_the_unowned_work_count_notices_work_whose_owner_cannot_act(p):
    """Zero in normal use (above); not zero when the only owner has left, so the count can fail."""
    _strategy_discussion_decided(p)
    assert sum(unowned_work().values()) == 0
    # The team manager who holds the "Allocate" task leaves, written straight to the database (no
    # signal, before the scheduled reassignment runs): the count sees it.
    type(p.manager).objects.filter(pk=p.manager.pk).update(is_active=False)
    assert unowned_work()["tasks"] == 1
    StrategyDiscussion.objects.create(reason="Proposed and then left with nobody", proposed_by=p.fd_manager)
    assert unowned_work()["strategy discussions"] == 1
    # The count is shown to managers and the partnership analyst (a number, no case content).
    analyst = practitioner_with_role(Role.PARTNERSHIP_ANALYST, username="analyst")
    home = client_for(analyst).get("/").content.decode()
    assert 'data-testid="unowned-work"' in home and "<strong>2</strong> pieces of work have no owner" in home


def _allocate(p, worker):
    waiting = Task.objects.get(kind="allocate_strategy_discussion", status=TaskStatus.OPEN, assignee=p.manager)
    r = client_for(p.manager).post("/protection/allocations/", {"task_id": str(waiting.pk), "worker_id": worker.pk})
    assert r.status_code == 302


def test_the_teams_hand_off_access_ends_when_the_work_is_allocated_and_follows_the_allocation(p):
    from safeguard.access.models import Involvement

    discussion = _strategy_discussion_decided(p)
    handoff_grant = Involvement.objects.get(
        person=p.child, kind=InvolvementKind.TEAM_EPISODE, team=p.locality,
        source_type="protection.strategydiscussion", source_id=str(discussion.pk),
    )  # fmt: skip
    _allocate(p, p.sw_free)
    handoff_grant.refresh_from_db()
    assert handoff_grant.ends_at is not None  # the hand-off's own grant has ended
    # The team keeps sight of the child through the allocation (its manager supervises the work)...
    allocation = Allocation.objects.get(child=p.child, ends_on__isnull=True)
    assert (
        Involvement.objects.active()
        .filter(person=p.child, team=p.locality, source_type="protection.allocation", source_id=str(allocation.pk))
        .exists()
    )
    assert client_for(p.manager).get(f"/people/{p.child.pk}/").status_code == 200
    # ...and loses it when the child is allocated to a worker in another team.
    elsewhere = TeamFactory(agency=p.locality.agency, name="Locality team south")
    other_worker = practitioner_with_role(Role.SOCIAL_WORKER, team=elsewhere, username="sw.south")
    from safeguard.protection.services import allocation_change

    allocation_change(actor=p.manager, child=p.child, worker=other_worker, reason="Family moved south")
    assert client_for(p.sw_busy).get(f"/people/{p.child.pk}/").status_code == 404


def test_cancelling_a_discussion_before_anyone_convenes_it_ends_the_teams_access(p):
    discussion = _strategy_discussion_decided(p)
    assert client_for(p.sw_busy).get(f"/people/{p.child.pk}/").status_code == 200
    post(
        p.manager,
        f"/protection/meetings/strategy-discussion/{discussion.pk}/cancel",
        {"reason": "The same concern is already being dealt with in another discussion"},
    )
    assert not Task.objects.filter(kind="allocate_strategy_discussion", status=TaskStatus.OPEN).exists()
    assert client_for(p.sw_busy).get(f"/people/{p.child.pk}/").status_code == 404


def test_a_departing_managers_allocation_tasks_pass_to_the_teams_other_manager_or_its_queue(p):
    from safeguard.agencies.models import Membership
    from safeguard.protection.services import allocation_tasks_reassign

    second = practitioner_with_role(Role.SOCIAL_WORK_MANAGER, team=p.locality, username="swm2")
    _strategy_discussion_decided(p)
    assert Task.objects.filter(kind="allocate_strategy_discussion", status=TaskStatus.OPEN).count() == 2

    # The first manager leaves the team: her task closes, saying where it went; the other keeps his.
    membership = Membership.objects.get(practitioner=p.manager, team=p.locality)
    membership.ends_on = timezone.localdate() - timedelta(days=1)
    membership.save()
    [left] = Task.objects.filter(kind="allocate_strategy_discussion", assignee=p.manager)
    assert left.status == TaskStatus.DONE and "Passed to" in left.outcome and str(second) in left.outcome
    [open_task] = Task.objects.filter(kind="allocate_strategy_discussion", status=TaskStatus.OPEN)
    assert open_task.assignee == second

    # The last manager's account is closed: the work waits in the team's own queue, still owned.
    second.is_active = False
    second.save()
    [queued] = Task.objects.filter(kind="allocate_strategy_discussion", status=TaskStatus.OPEN)
    assert queued.assignee is None and queued.team == p.locality
    assert sum(unowned_work().values()) == 0
    assert allocation_tasks_reassign() == 0  # nothing more to move: running it again changes nothing


def _early_help_decided(p) -> str:
    """A contact about Peter that the front door manager signposts to early help; the decision's id."""
    contact = post(
        p.dsl,
        "/contacts",
        {
            "referrer_name": "Ms Teacher",
            "referral_source": "2A",
            "concerns": "Peter is often late and tired; his mother asked the school for help with routines.",
            "categories": ["neglect"],
            "consent_status": "agreed",
            "subjects": [{"role": "subject_child", "given_name": "Peter", "family_name": "Fictional",
                          "date_of_birth": "2016-05-14"}],
        },
        201,
    )  # fmt: skip
    _match_everyone(p, contact["id"], [p.child])
    decision = post(
        p.fd_manager,
        f"/contacts/{contact['id']}/decision",
        {"outcome": "early_help", "rationale": "Family asks for help with routines: early help fits"},
        201,
    )
    return decision["id"]


def test_the_hand_off_access_ends_when_early_help_accepts_the_work_and_the_accepted_worker_keeps_it(p):
    from safeguard.access.models import Involvement
    from safeguard.frontdoor.models import EarlyHelpReferral

    colleague = practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER, team=p.front_door, username="fdw2")
    decision_id = _early_help_decided(p)
    def grants():  # asked afresh each time: "active" means active now
        return Involvement.objects.active().filter(
            person=p.child, kind=InvolvementKind.TEAM_EPISODE, source_type="frontdoor.decision", source_id=decision_id
        )

    assert [g.team for g in grants()] == [p.front_door]  # the receiving team's sight of Peter, from the hand-off
    assert client_for(colleague).get(f"/people/{p.child.pk}/").status_code == 200

    waiting = Task.objects.get(kind="allocate_early_help", status=TaskStatus.OPEN)
    accept = {"task_id": str(waiting.pk), "worker_id": p.fd_worker.pk}
    assert client_for(p.fd_manager).post("/protection/allocations/", accept).status_code == 302

    referral = EarlyHelpReferral.objects.get(decision_id=decision_id)
    assert referral.accepted_at is not None  # early help has accepted the work...
    waiting.refresh_from_db()
    assert waiting.status == TaskStatus.DONE  # ...the queue item closed by doing it...
    assert not grants().exists()  # ...and the access the hand-off gave the team has ended
    assert client_for(colleague).get(f"/people/{p.child.pk}/").status_code == 404
    # The worker now doing the early help work keeps sight of Peter through their own involvement.
    assert client_for(p.fd_worker).get(f"/people/{p.child.pk}/").status_code == 200
    assert Involvement.objects.active().filter(
        person=p.child, practitioner=p.fd_worker, source_type="frontdoor.earlyhelpreferral", source_id=str(referral.pk)
    ).exists()
    assert sum(unowned_work().values()) == 0


def test_accepting_early_help_leaves_anyone_otherwise_involved_with_the_child_their_access(p):
    involve(p.child, practitioner=p.sw_busy)  # Peter already has a social worker, who keeps seeing him
    _early_help_decided(p)
    waiting = Task.objects.get(kind="allocate_early_help", status=TaskStatus.OPEN)
    client_for(p.fd_manager).post("/protection/allocations/", {"task_id": str(waiting.pk), "worker_id": p.fd_worker.pk})
    assert client_for(p.sw_busy).get(f"/people/{p.child.pk}/").status_code == 200
    assert client_for(p.fd_worker).get(f"/people/{p.child.pk}/").status_code == 200


def test_the_officer_who_answered_the_front_door_is_the_strategy_discussions_police_invitee(p):
    contact = post(
        p.dsl,
        "/contacts",
        {
            "referrer_name": "Ms Teacher",
            "referral_source": "2A",
            "concerns": "Peter told his teacher that his mother's friend Dan touches him when he stays over.",
            "categories": ["csa_within_family"],
            "lawful_basis": "safeguarding",
            "consent_status": "not_sought_risk",
            "consent_reason": "Asking the family could put Peter at risk of harm",
            "subjects": [{"role": "subject_child", "given_name": "Peter", "family_name": "Fictional",
                          "date_of_birth": "2016-05-14"}],
        },
        201,
    )  # fmt: skip
    _match_everyone(p, contact["id"], [p.child])
    post(p.fd_worker, f"/contacts/{contact['id']}/screening", {"rag": "red"})
    police_team = p.officer.primary_membership.team
    asked = post(
        p.fd_worker,
        f"/contacts/{contact['id']}/information-requests",
        {"team_id": police_team.pk, "question": "What do you hold on Peter's household?"},
        201,
    )
    post(p.officer, f"/information-requests/{asked['id']}/answer", {"answer": "Nothing known about Dan."})
    post(
        p.fd_manager,
        f"/contacts/{contact['id']}/decision",
        {"outcome": "strategy_discussion", "rationale": "Disclosure of sexual abuse by an adult close to the family"},
        201,
    )
    discussion = StrategyDiscussion.objects.get()
    [police] = discussion.invitations.filter(rule="police")
    assert police.practitioner == p.officer  # proposed by name, nobody has to go and find one
    assert "answered the front door's request for information" in police.why
    # The officer may open the discussion (the invitation reaches "Your work" once it is arranged).
    page = client_for(p.officer).get(f"/protection/strategy-discussions/{discussion.pk}/")
    assert page.status_code == 200 and str(p.officer) in page.content.decode()

    # Changing the concerns later proposes nobody else for the police beside the officer.
    changed = client_for(p.manager).patch(
        f"{API}/protection/strategy-discussions/{discussion.pk}",
        json.dumps({"non_recent_abuse": True}),
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert list(discussion.invitations.filter(rule="police").values_list("practitioner", flat=True)) == [p.officer.pk]


def _wizard(user, *steps) -> Client:
    """Answer the contact wizard's pages as a browser would (each POST to the page it is on)."""
    web = client_for(user)
    for url, data in steps:
        r = web.post(url, data)
        assert r.status_code == 302, (url, r.content.decode()[:2000])
    return web


def _dob(day) -> dict:
    return {f"date_of_birth_{part}": str(getattr(day, part)) for part in ("day", "month", "year")}


def test_the_adults_named_on_the_web_wizard_reach_the_strategy_discussion_and_the_plan_waits_for_their_children(p):
    """Web wizard -> front door matches the people -> decision -> strategy discussion: the alleged
    perpetrator typed on the "add another" pages is in the discussion, so his other child must have a
    decision before the plan can be finalised (as for a contact sent through the API)."""
    new = "/front-door/contacts/new"
    web = _wizard(
        p.dsl,
        (f"{new}/referrer/", {"referrer_name": "Ms Teacher", "referral_source": "2A"}),
        (f"{new}/child/", {"given_name": "Peter", "family_name": "Fictional", **_dob(p.child.date_of_birth)}),
        (f"{new}/people/", {"add_another": "yes"}),
        (f"{new}/people/add/", {"given_name": "Dan", "family_name": "Unrelated", "role": "alleged_perpetrator",
                                "relationship": "known_associate", **_dob(p.uncle.date_of_birth)}),
        (f"{new}/people/", {"add_another": "yes"}),
        (f"{new}/people/add/", {"given_name": "Mary", "family_name": "Fictional", "role": "parent_carer",
                                "relationship": "parent", "address": "1 Example Street, Shiretown"}),
        (f"{new}/people/", {"add_another": "no"}),
        (f"{new}/concerns/", {"concerns": "Peter told his teacher that his mother's friend Dan touches him.",
                              "categories": ["csa_within_family"]}),
        (f"{new}/consent/", {"consent_status": "not_sought_risk", "lawful_basis": "safeguarding",
                             "consent_reason": "Asking the family could put Peter at risk of harm"}),
    )  # fmt: skip
    assert "Contact sent" in web.post(f"{new}/check/").content.decode()
    contact = Contact.objects.get()
    assert [(s.role, s.typed_name, s.relationship) for s in contact.subjects.all()] == [
        ("subject_child", "Peter Fictional", ""),
        ("alleged_perpetrator", "Dan Unrelated", "known_associate"),
        ("parent_carer", "Mary Fictional", "parent"),
    ]
    _match_everyone(p, str(contact.pk), [p.child, p.uncle, p.mother])
    post(p.fd_manager, f"/contacts/{contact.pk}/decision",
         {"outcome": "strategy_discussion", "rationale": "Disclosure of sexual abuse by an adult close to the family"},
         201)  # fmt: skip
    discussion = StrategyDiscussion.objects.get()
    assert list(discussion.alleged_perpetrators.all()) == [p.uncle]
    assert {o.child.pk for o in other_children_for_discussion(discussion)} == {p.uncles_child.pk, p.half_sister.pk}
    _plan_waits_for_the_other_children(p, discussion)
