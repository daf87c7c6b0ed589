"""Scenario tests through the API: strategy discussions, invitations, decisions and actions."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from safeguard.access.models import AuditEntry
from safeguard.core.models import ChronologyEvent, Task
from safeguard.core.signals import strategy_discussion_needed
from safeguard.protection.models import Action, Section47Enquiry, StrategyDiscussion
from safeguard.protection.tests.helpers import error_fields, get, hold_discussion, post, propose, record_payload


def _by_rule(discussion):
    return {i["rule"]: i for i in discussion["invitations"]}


def test_sexual_abuse_discussion_proposes_health_visitor_school_nurse_gp_and_psas(world):
    d = propose(world, [world.toddler, world.pupil], sexual_abuse_suspected=True)
    rules = _by_rule(d)
    assert rules["health_visitor"]["practitioner_id"] == world.health_visitor.pk
    assert rules["school_nurse"]["practitioner_id"] == world.school_nurse.pk
    assert rules["gp"]["practitioner_id"] == world.gp.pk
    assert rules["psas"]["practitioner_id"] == world.paediatrician.pk
    assert rules["psas"]["agency"] == "Shire PSAS"
    assert rules["police"]["practitioner_id"] == world.police.pk
    assert rules["local_authority"]["practitioner_id"] == world.social_worker.pk
    assert rules["school"]["practitioner_id"] == world.dsl.pk
    assert d["status"] == "awaiting"


def test_without_sexual_abuse_no_psas_and_missing_practitioners_are_shown_as_gaps(world):
    d = propose(world, [world.half_sibling])  # 7, no school or school nurse known
    rules = _by_rule(d)
    assert "psas" not in rules
    assert rules["school_nurse"]["named"] is False
    assert rules["school_nurse"]["display"] == "School nurse: no one named yet"
    assert rules["school"]["named"] is False


def test_special_school_pupil_gets_specialist_community_school_nurse(world):
    d = propose(world, [world.special_pupil])
    rules = _by_rule(d)
    assert rules["special_school_nurse"]["practitioner_id"] == world.special_school_nurse.pk
    assert "Brook Special School" in rules["special_school_nurse"]["why"]
    assert "school_nurse" not in rules


def test_probation_and_youth_justice_rules(world):
    from safeguard.access.models import InvolvementKind
    from safeguard.testing.factories import involve

    involve(world.stepfather, practitioner=world.probation, kind=InvolvementKind.SUPERVISING)
    involve(world.special_pupil, practitioner=world.youth_justice, kind=InvolvementKind.SUPERVISING)
    d = propose(
        world,
        [world.special_pupil],
        harmful_sexual_behaviour_child_ids=[str(world.special_pupil.pk)],
        alleged_perpetrator_ids=[str(world.stepfather.pk)],
    )
    rules = _by_rule(d)
    assert rules["probation"]["practitioner_id"] == world.probation.pk
    assert rules["youth_justice"]["practitioner_id"] == world.youth_justice.pk
    # Invitees can see the children of the meeting.
    get(world.client(world.probation), f"/protection/strategy-discussions/{d['id']}")


def test_convenor_removes_proposed_agency_only_with_a_reason_and_can_add(world):
    d = propose(world, [world.pupil])
    gp = _by_rule(d)["gp"]
    c = world.client(world.social_worker)
    body = post(c, f"/protection/invitations/{gp['id']}/remove", {"reason": ""}, 422)
    assert error_fields(body) == {"reason"}
    post(c, f"/protection/invitations/{gp['id']}/remove", {"reason": "GP sent a written report instead"})
    added = post(
        c,
        f"/protection/strategy-discussions/{d['id']}/invitations",
        {"label": "Sexual health nurse", "agency_type": "health", "why": "Young person attends the clinic"},
        201,
    )
    after = get(c, f"/protection/strategy-discussions/{d['id']}")
    assert [i for i in after["invitations"] if i["id"] == gp["id"]][0]["removed"] is True
    assert added["id"] in {i["id"] for i in after["invitations"]}
    # The GP's access through the invitation ended with it; they still see the child through their own involvement.
    assert after["invitations"][0]["attendance"] == "invited"


def test_an_invitee_of_an_agency_type_the_system_does_not_know_is_refused_on_that_field(world):
    from safeguard.access.errors import InvalidInput
    from safeguard.protection import services
    from safeguard.protection.inputs.discussions import AGENCY_TYPE_REQUIRED
    from safeguard.protection.models import Invitation

    d = propose(world, [world.pupil])
    c = world.client(world.social_worker)
    before = Invitation.objects.count()
    url = f"/protection/strategy-discussions/{d['id']}/invitations"
    body = post(c, url, {"label": "Sexual health nurse", "agency_type": "sexual health"}, 422)
    assert body["errors"] == [{"field": "agency_type", "message": AGENCY_TYPE_REQUIRED}]
    # The service, which other callers reach without the API, refuses it in the same words.
    discussion = StrategyDiscussion.objects.get(pk=d["id"])
    try:
        services.invitation_add(actor=world.social_worker, meeting=discussion, label="Nurse", agency_type="nurses")
    except InvalidInput as exc:
        assert exc.errors == {"agency_type": [AGENCY_TYPE_REQUIRED]}
    else:
        raise AssertionError("an unknown agency type was stored")
    assert Invitation.objects.count() == before


def test_actions_without_owner_due_date_or_child_are_rejected_and_nothing_saved(world):
    d = propose(world, [world.pupil], sexual_abuse_suspected=True)
    payload = record_payload(world, d, actions=[{"description": "Visit the family"}])
    body = post(world.client(world.social_worker), f"/protection/strategy-discussions/{d['id']}/record", payload, 422)
    assert {"actions[0].owner_id", "actions[0].due_on", "actions[0].child_id"} <= error_fields(body)
    assert Action.objects.count() == 0
    assert StrategyDiscussion.objects.get(pk=d["id"]).status == "awaiting"
    assert not Section47Enquiry.objects.exists()


def test_sexual_abuse_discussion_requires_medical_and_psas_decisions_and_social_worker_role(world):
    d = propose(world, [world.pupil], sexual_abuse_suspected=True)
    payload = record_payload(
        world, d, medical_examination="", psas_referral="", abe_social_worker_role="", attendance=[]
    )
    body = post(world.client(world.social_worker), f"/protection/strategy-discussions/{d['id']}/record", payload, 422)
    assert {"medical_examination", "psas_referral", "abe_social_worker_role", "attendance"} <= error_fields(body)


def test_recorded_discussion_starts_joint_enquiry_with_chronology_and_audit(world):
    d = hold_discussion(world, [world.toddler, world.pupil], propose={"sexual_abuse_suspected": True})
    assert d["status"] == "held"
    assert d["section_47"] == "joint"
    assert d["psas_referral"] == "yes"
    assert all(i["attendance"] == "present" for i in d["invitations"])
    assert len(d["enquiry_ids"]) == 2
    assert ChronologyEvent.objects.filter(person=world.pupil, event_type="section_47").exists()
    assert AuditEntry.objects.filter(
        object_type="protection.strategydiscussion", object_id=d["id"], action="change"
    ).exists()


def test_outsider_gets_404_invitee_can_view_and_views_are_audited(world):
    d = propose(world, [world.pupil], sexual_abuse_suspected=True)
    get(world.client(world.outsider), f"/protection/strategy-discussions/{d['id']}", 404)
    get(world.client(world.outsider), f"/people/{world.pupil.pk}", 404)
    before = AuditEntry.objects.filter(action="view", person_id=str(world.pupil.pk)).count()
    # The PSAS paediatrician knows the child only through the invitation.
    body = get(world.client(world.paediatrician), f"/protection/strategy-discussions/{d['id']}")
    assert body["id"] == d["id"]
    view = AuditEntry.objects.filter(action="view", person_id=str(world.pupil.pk)).order_by("-seq").first()
    assert AuditEntry.objects.filter(action="view", person_id=str(world.pupil.pk)).count() == before + 1
    assert view.actor_id == world.paediatrician.pk and "Invited to a meeting" in view.purpose
    # An invitee (view only) may not record the meeting.
    record = record_payload(world, d)
    post(world.client(world.paediatrician), f"/protection/strategy-discussions/{d['id']}/record", record, 403)


def test_overdue_actions_listed_for_owner_and_manager(world):
    today = timezone.localdate()
    d = propose(world, [world.pupil])
    payload = record_payload(
        world,
        d,
        held_on=(today - timedelta(days=10)).isoformat(),
        actions=[
            {
                "description": "Share school attendance",
                "owner_id": world.social_worker.pk,
                "due_on": (today - timedelta(days=3)).isoformat(),
                "child_id": str(world.pupil.pk),
            }
        ],
    )
    post(world.client(world.social_worker), f"/protection/strategy-discussions/{d['id']}/record", payload)
    assert len(get(world.client(world.social_worker), "/protection/actions/overdue")) == 1
    # The list shows a child: the read is a view of them, in the audit log.
    from safeguard.access.models import AuditEntry, AuditEntryPerson

    entry = AuditEntry.objects.filter(actor_id=world.social_worker.pk, purpose="overdue actions").latest("pk")
    assert list(AuditEntryPerson.objects.filter(entry=entry).values_list("person_id", flat=True)) == [
        str(world.pupil.pk)]
    assert len(get(world.client(world.manager), "/protection/actions/overdue")) == 1
    assert get(world.client(world.gp), "/protection/actions/overdue") == []


def test_front_door_signal_creates_discussion_awaiting_convening_with_task(world):
    from safeguard.testing.factories import TeamFactory, practitioner_with_role

    team = TeamFactory(agency=world.social_worker.primary_agency, name="Front door", is_front_door=True)
    fd_worker = practitioner_with_role("front_door_social_worker", team=team, username="fdsw")
    fd_manager = practitioner_with_role("front_door_manager", team=team, username="fdm")
    strategy_discussion_needed.send(
        sender=None, children=[world.pupil], actor=fd_worker, source=world.household, reason="Disclosure at school"
    )
    discussion = StrategyDiscussion.objects.get()
    assert discussion.status == "awaiting"
    assert {i.rule for i in discussion.invitations.all()} >= {"police", "local_authority", "school", "gp"}
    task = Task.objects.get(kind="convene_strategy_discussion")
    assert task.assignee == fd_manager
    assert task.due_on is not None
