"""`records.require`: what a practitioner is told when refused, and what the audit log keeps.

A record the actor may not see answers 404 (as a missing one does, so its existence is not revealed).
For kinds that follow a person's record (the person, a meeting, a plan, an invitation) someone who sees
the record but may not do this to it is told so (403), as `person_access_check` and the protection
app's `check_change` did before they were folded into access.records.
"""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.access import records
from safeguard.access.errors import Forbidden, NotFound
from safeguard.access.models import AuditAction, AuditEntry, InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.people.models import LikelyDuplicate
from safeguard.protection.models import Conference, Invitation, Plan
from safeguard.testing.factories import PersonFactory, PractitionerFactory, involve, practitioner_with_role

TODAY = date(2026, 11, 30)


def _child_seen_by(actor, kind):
    child = PersonFactory()
    if kind:
        involve(child, practitioner=actor, kind=kind)
    return child


@pytest.mark.django_db
def test_a_person_seen_but_not_changeable_is_forbidden_and_a_stranger_is_not_found():
    actor = practitioner_with_role(Role.DESIGNATED_SAFEGUARDING_LEAD)
    invited = _child_seen_by(actor, InvolvementKind.MEETING_INVITEE)
    allocated = _child_seen_by(actor, InvolvementKind.ALLOCATED_WORKER)
    stranger = _child_seen_by(actor, None)
    assert records.require(actor, "change", allocated) is allocated
    with pytest.raises(Forbidden):
        records.require(actor, "change", invited)
    with pytest.raises(NotFound):
        records.require(actor, "change", stranger)
    with pytest.raises(NotFound):  # questions about other kinds keep 404
        records.require(actor, "review", LikelyDuplicate)


@pytest.mark.django_db
def test_an_invitee_who_only_sees_the_child_may_not_change_the_meetings_invitations():
    """Was protection.selectors.check_change: 403 for the invitee, 404 for anyone else."""
    actor = practitioner_with_role(Role.GP)
    other = PractitionerFactory()
    child = _child_seen_by(actor, InvolvementKind.MEETING_INVITEE)
    conference = Conference.objects.create(
        kind="initial", child=child, due_on=TODAY, scheduled_for=TODAY, created_by=other
    )
    invitation = Invitation(conference=conference, label="A fictional invitee")
    assert records.allows(actor, "view", invitation)
    with pytest.raises(Forbidden):
        records.require(actor, "change", invitation)
    stranger = practitioner_with_role(Role.GP)
    with pytest.raises(NotFound):
        records.require(stranger, "change", invitation)
    involve(child, practitioner=actor, kind=InvolvementKind.ALLOCATED_WORKER)
    assert records.require(actor, "change", invitation) is invitation


@pytest.mark.django_db
def test_an_audited_view_of_a_plan_is_logged_against_its_child_with_the_reason():
    actor = practitioner_with_role(Role.SOCIAL_WORKER)
    child = _child_seen_by(actor, InvolvementKind.ALLOCATED_WORKER)
    conference = Conference.objects.create(
        kind="initial", child=child, due_on=TODAY, scheduled_for=TODAY, created_by=actor
    )
    plan = Plan.objects.create(child=child, conference=conference, started_on=TODAY)
    records.require(actor, "view", plan)  # not audited unless asked
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW, person_id=str(child.pk)).exists()
    records.require(actor, "view", plan, audit=True)
    entry = AuditEntry.objects.get(action=AuditAction.VIEW, person_id=str(child.pk))
    assert entry.object_type == "people.person" and "involvement" in entry.purpose


@pytest.mark.django_db
def test_a_kind_with_no_rule_for_an_action_is_a_programming_error():
    with pytest.raises(LookupError):
        records.require(PractitionerFactory(), "teleport", Plan)


@pytest.mark.django_db
def test_a_manager_oversees_the_members_of_the_teams_they_manage_and_nobody_else():
    """protection's clocks read this: it was a role query in the app, now the agencies.team rule."""
    from safeguard.protection.selectors import managed_practitioner_ids

    manager = practitioner_with_role(Role.SOCIAL_WORK_MANAGER)
    team = manager.primary_membership.team
    worker = practitioner_with_role(Role.SOCIAL_WORKER, team=team)
    elsewhere = practitioner_with_role(Role.SOCIAL_WORKER)
    assert managed_practitioner_ids(manager) == {manager.pk, worker.pk}
    assert elsewhere.pk not in managed_practitioner_ids(manager)
    assert managed_practitioner_ids(worker) == set()  # a social worker manages no team


@pytest.mark.django_db
def test_a_kept_view_decision_answers_only_the_same_actor_and_only_view():
    """The record page keeps the view decision on the person it read (one involvement query less
    per page); another actor asking about that instance, or a change question, is decided afresh."""
    from safeguard.people.selectors import person_for_view

    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    invitee = practitioner_with_role(Role.SOCIAL_WORKER)
    other = practitioner_with_role(Role.SOCIAL_WORKER)
    child = _child_seen_by(worker, InvolvementKind.ALLOCATED_WORKER)
    involve(child, practitioner=invitee, kind=InvolvementKind.MEETING_INVITEE)
    person = person_for_view(actor=invitee, person_id=child.pk)
    assert records.allows(invitee, "view", person)
    assert not records.allows(invitee, "change", person)  # the invitee's own rights, asked again
    assert not records.allows(other, "view", person)
    assert records.allows(worker, "change", person)
