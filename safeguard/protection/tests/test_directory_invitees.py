"""Invitees named from the practitioner directory: the child's known professionals, the referring
school, "find someone", and action owners in any agency whose work reaches their own "Your work"."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from safeguard.access import policy
from safeguard.access.errors import InvalidInput
from safeguard.agencies.roles import AgencyType, Role
from safeguard.core.models import Task, TaskStatus
from safeguard.directory.models import Cover, KnownProfessional, ProfessionalKind
from safeguard.directory.services import known_professional_record
from safeguard.frontdoor.models import Contact
from safeguard.people.models import Person
from safeguard.protection import services
from safeguard.protection.models import Action, Invitation
from safeguard.protection.tests.conftest import born
from safeguard.protection.tests.helpers import hold_discussion, post, record_through_tasks
from safeguard.testing.factories import AgencyFactory, TeamFactory, involve, practitioner_with_role


def _school(name="Hillside Primary", **flags):
    agency = AgencyFactory(name=name, agency_type=AgencyType.EDUCATION, **flags)
    return agency, TeamFactory(agency=agency, name="Safeguarding")


def _twins(world):
    """Two brothers of school age with no school, nurse or GP known to the system."""
    kids = [
        Person.objects.create(given_name=name, family_name="Nokind", date_of_birth=born(8), sex="M")
        for name in ("Gus", "Hal")
    ]
    for kid in kids:
        involve(kid, practitioner=world.social_worker)
    return kids


def _contact(world, agency):
    return Contact.objects.create(
        team=TeamFactory(agency=AgencyFactory(name="Front door agency"), name="Front door", is_front_door=True),
        decision_due_on=timezone.localdate(), recorded_by=world.social_worker, referrer_name="Ms Teacher",
        referrer_agency=agency, referral_source="2A", concerns="Disclosure at school", consent_status="agreed",
    )  # fmt: skip


def test_siblings_whose_school_is_unknown_make_one_school_row_not_one_each(world):
    kids = _twins(world)
    d = services.strategy_discussion_propose(actor=world.social_worker, children=kids, reason="Both boys disclosed")
    school_rows = d.invitations.filter(rule="school")
    assert school_rows.count() == 1
    assert "Gus's school" in school_rows.get().why and "Hal's school" in school_rows.get().why
    assert d.invitations.filter(rule="school_nurse").count() == 1
    assert d.invitations.filter(rule="gp").count() == 1


def test_the_referring_school_is_known_and_its_safeguarding_lead_and_nurse_are_invited_by_name(world):
    school, team = _school()
    lead = practitioner_with_role(Role.DESIGNATED_SAFEGUARDING_LEAD, team=team, username="hillside.dsl")
    Cover.objects.create(practitioner=world.school_nurse, agency=school)
    kids = _twins(world)
    d = services.strategy_discussion_propose(
        actor=world.social_worker, children=kids, reason="School reported a disclosure", source=_contact(world, school)
    )
    school_row = d.invitations.get(rule="school")
    assert (school_row.agency, school_row.practitioner) == (school, lead)
    assert d.invitations.get(rule="school_nurse").practitioner == world.school_nurse
    # The school is now each boy's known school, with where it was learnt.
    known = KnownProfessional.objects.filter(kind=ProfessionalKind.SCHOOL, agency=school)
    assert {k.person_id for k in known} == {k.pk for k in kids}
    assert known.first().source_type == "frontdoor.contact"


def test_a_childs_known_gp_practice_and_health_visitor_are_invited_by_name(world):
    practice = AgencyFactory(name="Riverside Practice", agency_type=AgencyType.GP_PRACTICE)
    gp = practitioner_with_role(Role.GP, team=TeamFactory(agency=practice, name="Clinical"), username="riverside.gp")
    baby = Person.objects.create(given_name="Ivy", family_name="Nokind", date_of_birth=born(1), sex="F")
    involve(baby, practitioner=world.social_worker)
    known_professional_record(actor=world.social_worker, person=baby, kind="gp_practice", agency=practice)
    known_professional_record(
        actor=world.social_worker, person=baby, kind="health_visitor", practitioner=world.health_visitor
    )
    d = services.strategy_discussion_propose(actor=world.social_worker, children=[baby], reason="Injury to a baby")
    assert d.invitations.get(rule="gp").practitioner == gp
    assert d.invitations.get(rule="health_visitor").practitioner == world.health_visitor


def test_known_professional_needs_the_right_kind_of_agency_and_changes_nothing_otherwise(world):
    hospital = AgencyFactory(name="Some Hospital", agency_type=AgencyType.HEALTH_PROVIDER)
    try:
        known_professional_record(actor=world.social_worker, person=world.pupil, kind="school", agency=hospital)
    except InvalidInput as exc:
        assert "agency_id" in exc.errors
    else:
        raise AssertionError("a hospital is not a school")
    assert not KnownProfessional.objects.exists()


def test_find_someone_names_the_invitee_who_then_sees_the_invitation_on_their_work(world):
    kids = _twins(world)
    d = services.strategy_discussion_propose(actor=world.social_worker, children=kids, reason="Both boys disclosed")
    row = d.invitations.get(rule="school")
    school, team = _school("Brookfield Primary")
    lead = practitioner_with_role(Role.DESIGNATED_SAFEGUARDING_LEAD, team=team, username="brookfield.dsl")
    assert not policy.decide(lead, kids[0], policy.Action.VIEW)
    c = world.client(world.social_worker)
    page = c.get(f"/directory/?invitation={row.pk}&searched=1&q=Brookfield").content.decode()
    assert "Find a practitioner: School" in page and str(lead) in page
    response = c.post(f"/protection/invitations/{row.pk}/name/", {"practitioner_id": lead.pk})
    assert response.status_code == 302 and response["Location"] == f"/protection/strategy-discussions/{d.pk}/"
    row.refresh_from_db()
    assert (row.practitioner, row.agency) == (lead, school)
    # Invited, the lead may see the children the meeting is about.
    assert policy.decide(lead, kids[0], policy.Action.VIEW)
    html = c.get(f"/protection/strategy-discussions/{d.pk}/").content.decode()
    assert f"School: {lead} (Brookfield Primary)" in html


def test_naming_refuses_someone_not_in_the_directory_and_changes_nothing(world):
    d = services.strategy_discussion_propose(actor=world.social_worker, children=_twins(world), reason="Disclosure")
    row = d.invitations.get(rule="school")
    world.dsl.is_active = False
    world.dsl.save()
    body = post(world.client(world.social_worker), f"/protection/invitations/{row.pk}/name",
                {"practitioner_id": world.dsl.pk}, 422)  # fmt: skip
    assert {e["field"] for e in body["errors"]} == {"practitioner_id"}
    row.refresh_from_db()
    assert row.practitioner is None
    # Someone who may not change the children cannot name invitees (404: they cannot see it).
    post(world.client(world.outsider), f"/protection/invitations/{row.pk}/name", {"practitioner_id": world.gp.pk}, 404)


def test_conference_invitees_see_the_invitation_on_their_work_once(world):
    hold_discussion(world, [world.pupil])
    conf = services.conference_schedule(
        actor=world.social_worker, child=world.pupil, kind="initial", scheduled_for=timezone.localdate() + timedelta(7)
    )
    named = {i.practitioner for i in conf.invitations.all() if i.practitioner_id}
    assert world.dsl in named and world.gp in named
    tasks = Task.objects.filter(kind="meeting_invitation", assignee=world.dsl, status=TaskStatus.OPEN)
    assert tasks.count() == 1
    assert tasks.get().due_on == conf.scheduled_for
    assert "initial child protection conference about Dan" in tasks.get().title
    assert world.client(world.dsl).get("/").content.decode().count("initial child protection conference about Dan") == 1


def test_any_named_practitioner_can_own_an_action_and_it_reaches_their_own_work(world):
    practice = AgencyFactory(name="Far Away Surgery", agency_type=AgencyType.GP_PRACTICE)
    far_gp = practitioner_with_role(Role.GP, team=TeamFactory(agency=practice, name="Clinical"), username="far.gp")
    assert not policy.decide(far_gp, world.pupil, policy.Action.VIEW)
    today = timezone.localdate()
    d = hold_discussion(world, [world.pupil], actions=[{
        "description": "Send the practice's records of the child's attendances", "owner_id": far_gp.pk,
        "due_on": (today + timedelta(3)).isoformat(), "child_id": str(world.pupil.pk),
    }])  # fmt: skip
    action = Action.objects.get(discussion_id=d["id"])
    task = Task.objects.get(kind="protection_action", assignee=far_gp, status=TaskStatus.OPEN)
    assert task.due_on == action.due_on and task.person == world.pupil
    # The owner may open the action (and so the child's record) and mark it done; the task closes.
    c = world.client(far_gp)
    assert "Send the practice" in c.get(f"/protection/actions/{action.pk}/").content.decode()
    c.post(f"/protection/actions/{action.pk}/")
    action.refresh_from_db()
    task.refresh_from_db()
    assert action.completed_on == today and task.status == TaskStatus.DONE
    assert not policy.decide(far_gp, world.pupil, policy.Action.VIEW)  # access ended with the work


def test_action_owner_choices_include_everyone_in_the_directory(world):
    far_gp = practitioner_with_role(Role.GP, username="listed.gp")
    d = services.strategy_discussion_propose(actor=world.social_worker, children=[world.pupil], reason="Disclosure")
    actions = f"/protection/meetings/strategy-discussion/{d.pk}/record/actions/"
    html = world.client(world.social_worker).get(actions).content.decode()
    assert 'label="Working with the child"' in html and 'label="Everyone in the directory"' in html
    assert f'value="{far_gp.pk}"' in html


def test_removing_a_named_invitee_withdraws_their_invitation(world):
    hold_discussion(world, [world.pupil])
    conf = services.conference_schedule(
        actor=world.social_worker, child=world.pupil, kind="initial", scheduled_for=timezone.localdate() + timedelta(7)
    )
    row = Invitation.objects.get(conference=conf, practitioner=world.gp)
    services.invitation_remove(actor=world.social_worker, invitation=row, reason="The GP has sent a written report")
    assert Task.objects.get(kind="meeting_invitation", assignee=world.gp).status == TaskStatus.CANCELLED


def test_invitation_and_action_tasks_lead_to_the_meeting_and_the_action(world):
    from safeguard.core.work import task_link

    d = hold_discussion(world, [world.pupil])
    conf = services.conference_schedule(
        actor=world.social_worker, child=world.pupil, kind="initial", scheduled_for=timezone.localdate() + timedelta(7)
    )
    invitation = Task.objects.get(kind="meeting_invitation", assignee=world.dsl)
    assert task_link(invitation, world.dsl) == f"/protection/conferences/{conf.pk}/"
    action = Action.objects.get(discussion_id=d["id"])
    task = Task.objects.get(kind="protection_action", assignee=action.owner)
    assert task_link(task, action.owner) == f"/protection/actions/{action.pk}/"


def test_naming_the_schools_lead_records_the_school_and_names_its_nurse(world):
    kids = _twins(world)
    d = services.strategy_discussion_propose(actor=world.social_worker, children=kids, reason="Both boys disclosed")
    school, team = _school("Hazel Primary")
    lead = practitioner_with_role(Role.DESIGNATED_SAFEGUARDING_LEAD, team=team, username="hazel.dsl")
    Cover.objects.create(practitioner=world.school_nurse, agency=school)
    services.invitation_name(actor=world.social_worker, invitation=d.invitations.get(rule="school"), practitioner=lead)
    assert d.invitations.get(rule="school_nurse").practitioner == world.school_nurse
    assert set(KnownProfessional.objects.filter(agency=school).values_list("person_id", flat=True)) == {
        k.pk for k in kids
    }


def test_an_action_owner_beyond_the_list_is_found_by_name_in_the_whole_directory(world):
    from safeguard.directory.selectors import MAX_RESULTS
    from safeguard.testing.factories import TeamFactory

    # More practitioners than the list holds; the one wanted sorts last.
    agency_team = TeamFactory(name="Clinical team")
    for n in range(MAX_RESULTS + 5):
        practitioner_with_role(Role.GP, team=agency_team, username=f"filler.gp.{n}")
    wanted = practitioner_with_role(Role.HEALTH_VISITOR, team=agency_team, username="zz.wanted")
    wanted.first_name, wanted.last_name = "Zelda", "Zuckerwood"
    wanted.save()
    d = services.strategy_discussion_propose(actor=world.social_worker, children=[world.pupil], reason="Disclosure")
    c = world.client(world.social_worker)
    actions = f"/protection/meetings/strategy-discussion/{d.pk}/record/actions/"
    assert f'value="{wanted.pk}"' not in c.get(actions).content.decode()  # not in the list...
    today = timezone.localdate()
    base = {
        "held_on_day": today.day, "held_on_month": today.month, "held_on_year": today.year,
        "section_47": "none", "section_47_reason": "No reasonable cause to suspect significant harm",
        "information_shared": "School and health", "action_rows": 1,
        "action_0_description": "Health visitor home visit", "action_0_due_on_day": today.day,
        "action_0_due_on_month": today.month, "action_0_due_on_year": today.year,
        "action_0_child": str(world.pupil.pk),
    }  # fmt: skip
    for inv in Invitation.objects.filter(discussion_id=d.pk):
        base[f"attendance_{inv.pk}"] = "present"
    ambiguous = record_through_tasks(c, "strategy-discussion", d.pk, {**base, "action_0_owner_name": "Practitioner"})
    ambiguous = ambiguous.content.decode()
    import re

    assert "people in the directory match" in ambiguous, re.findall(r'error-message">(.*?)</p', ambiguous, re.S)
    assert not Action.objects.exists()
    record_through_tasks(c, "strategy-discussion", d.pk, {**base, "action_0_owner_name": "Zuckerwood"})  # by name
    assert Action.objects.get().owner == wanted
