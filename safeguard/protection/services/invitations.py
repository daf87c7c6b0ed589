"""Who is invited to a meeting: adding and removing invitees, naming the person an agency
sends, the invitation on each invitee's "Your work", and recording who attended."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from safeguard.access import records
from safeguard.access.errors import InvalidInput
from safeguard.access.models import AuditAction, InvolvementKind
from safeguard.access.services import involvement_end_for_source, involvement_grant
from safeguard.agencies.roles import AgencyType
from safeguard.core.models import Task, TaskStatus
from safeguard.core.services import source_ref, task_create
from safeguard.people.models import Person
from safeguard.protection import rules
from safeguard.protection.inputs.discussions import (
    AGENCY_TYPE_REQUIRED,
    ATTENDANCE_REQUIRED,
    INVITEE_LABEL_REQUIRED,
    INVITEE_REQUIRED,
    PRACTITIONER_REQUIRED,
)
from safeguard.protection.models import Attendance, Conference, CoreGroup, Invitation, StrategyDiscussion

from .common import (
    MIN_REASON,
    _add,
    _audit,
    _close_tasks,
    _int,
    _meeting_date,
    _meeting_kwargs,
    _meeting_of,
    _meeting_open,
    _raise,
    _text,
    meeting_title,
)


def _meeting_children(invitation: Invitation) -> list[Person]:
    if invitation.discussion_id:
        return list(invitation.discussion.children.all())
    if invitation.conference_id:
        return [invitation.conference.child]
    return [invitation.core_group.plan.child]


def _grant_invitee_access(invitation: Invitation) -> None:
    if invitation.practitioner_id is None:
        return
    for child in _meeting_children(invitation):
        involvement_grant(
            person=child, kind=InvolvementKind.MEETING_INVITEE, practitioner=invitation.practitioner, source=invitation
        )


def _create_invitations(meeting_kwargs: dict, proposals: Iterable[rules.ProposedInvitee]) -> list[Invitation]:
    out = []
    for p in proposals:
        invitation = Invitation.objects.create(
            **meeting_kwargs,
            rule=p.rule,
            label=p.label,
            why=p.why[:300],
            agency_type=p.agency_type,
            agency=p.agency,
            practitioner=p.practitioner,
            child=p.child,
        )
        _grant_invitee_access(invitation)
        _invite_task(invitation)
        out.append(invitation)
    return out


def _children_of(invitation: Invitation) -> list[Person]:
    return _meeting_children(invitation)


@transaction.atomic
def invitation_add(
    *,
    actor,
    meeting: StrategyDiscussion | Conference | CoreGroup,
    label: str,
    agency_type: str,
    practitioner=None,
    agency=None,
    why: str = "",
) -> Invitation:
    kwargs = _meeting_kwargs(meeting)
    children = _children_of(records.require(actor, "change", Invitation(**kwargs)))
    errors: dict = {}
    if not _text(label):
        _add(errors, "label", INVITEE_LABEL_REQUIRED)
    if agency_type not in AgencyType.values:
        _add(errors, "agency_type", AGENCY_TYPE_REQUIRED)
    _raise(errors)
    if practitioner is not None and agency is None:
        agency = practitioner.primary_agency
    invitation = Invitation.objects.create(
        **kwargs,
        label=_text(label)[:200],
        why=_text(why)[:300] or "Added by the convenor",
        agency_type=agency_type,
        agency=agency,
        practitioner=practitioner,
    )
    _grant_invitee_access(invitation)
    _invite_task(invitation)
    _audit(actor, AuditAction.CREATE, invitation, children[0], "invited to a meeting")
    return invitation


@transaction.atomic
def invitation_remove(*, actor, invitation: Invitation, reason: str = "") -> Invitation:
    """Take an invitee off the list. Removing an agency the rules proposed needs a reason."""
    records.require(actor, "change", invitation)
    children = _children_of(invitation)
    if invitation.rule and len(_text(reason)) < MIN_REASON:
        raise InvalidInput({"reason": ["Give a reason for removing an agency the invitation rules proposed"]})
    invitation.removed, invitation.removed_reason = True, _text(reason)
    invitation.save(update_fields=["removed", "removed_reason"])
    involvement_end_for_source(source=invitation)
    _withdraw_invitation_task(invitation)
    _audit(actor, AuditAction.CHANGE, invitation, children[0], "removed an invitee", {"rule": invitation.rule})
    return invitation


def _apply_attendance(meeting_invitations, attendance: list[dict], errors: dict, require_all: bool) -> list:
    """Validate attendance rows [{invitation_id, attendance, information}]; return (invitation, values)."""
    by_id = {inv.pk: inv for inv in meeting_invitations if not inv.removed}
    updates, seen = [], set()
    allowed = {Attendance.PRESENT, Attendance.SENT_INFORMATION, Attendance.ABSENT}
    for i, row in enumerate(attendance or []):
        inv = by_id.get(_int(row.get("invitation_id")))
        if inv is None:
            _add(errors, f"attendance[{i}].invitation_id", INVITEE_REQUIRED)
            continue
        if row.get("attendance") not in allowed:
            _add(errors, f"attendance[{i}].attendance", ATTENDANCE_REQUIRED)
            continue
        seen.add(inv.pk)
        updates.append((inv, row["attendance"], _text(row.get("information"))))
    if require_all:
        missing = [inv for pk, inv in by_id.items() if pk not in seen and inv.attendance == Attendance.INVITED]
        if missing:
            _add(
                errors,
                "attendance",
                f"Record attendance (present, sent information or absent) for every invitee: {len(missing)} missing",
            )
    return updates


def _save_attendance(updates) -> None:
    for inv, value, information in updates:
        inv.attendance = value
        inv.information = information
        inv.save(update_fields=["attendance", "information"])


@transaction.atomic
def attendance_record(*, actor, meeting, attendance: list[dict]) -> None:
    kwargs = _meeting_kwargs(meeting)
    children = _children_of(records.require(actor, "change", Invitation(**kwargs)))
    errors: dict = {}
    updates = _apply_attendance(meeting.invitations.all(), attendance, errors, require_all=False)
    _raise(errors)
    _save_attendance(updates)
    _audit(actor, AuditAction.CHANGE, meeting, children[0], "recorded attendance")


def _invite_task(invitation: Invitation) -> None:
    """The named invitee sees the invitation on "Your work" (once per meeting, however many rows
    name them), due on the meeting's date; it links to the meeting's page."""
    if invitation.practitioner_id is None or invitation.removed:
        return
    meeting = _meeting_of(invitation)
    if not _meeting_open(meeting) or _meeting_date(meeting) is None:
        return  # sent when the meeting has a date
    source_type, source_id = source_ref(meeting)
    organisers = {getattr(meeting, "convenor_id", None), getattr(meeting, "chair_id", None)}
    organisers |= set(
        Task.objects.filter(
            kind="convene_strategy_discussion", source_type=source_type, source_id=source_id, status=TaskStatus.OPEN
        ).values_list("assignee_id", flat=True)
    )
    if invitation.practitioner_id in organisers - {None}:
        return  # the convenor or chair already has the meeting itself on "Your work"
    if Task.objects.filter(
        kind="meeting_invitation", assignee_id=invitation.practitioner_id, source_type=source_type,
        source_id=source_id, status=TaskStatus.OPEN,
    ).exists():  # fmt: skip
        return
    children = _meeting_children(invitation)
    names = ", ".join(c.given_name for c in children)
    task_create(
        kind="meeting_invitation",
        title=f"You are invited to a {meeting_title(meeting)} about {names}",
        due_on=_meeting_date(meeting),
        assignee=invitation.practitioner,
        person=children[0],
        source=meeting,
    )


def _withdraw_invitation_task(invitation: Invitation) -> None:
    if invitation.practitioner_id is None:
        return
    meeting = _meeting_of(invitation)
    still_invited = (
        Invitation.objects.filter(**_meeting_kwargs(meeting), practitioner_id=invitation.practitioner_id, removed=False)
        .exclude(pk=invitation.pk)
        .exists()
    )
    if not still_invited:
        _close_tasks(
            meeting, kind="meeting_invitation", assignee=invitation.practitioner, outcome="Invitation withdrawn",
            status=TaskStatus.CANCELLED,
        )  # fmt: skip


def invitations_send(meeting) -> None:
    """Every named invitee of the meeting gets the invitation on "Your work"."""
    for invitation in meeting.invitations.filter(removed=False, practitioner__isnull=False).select_related(
        "practitioner"
    ):
        _invite_task(invitation)


@transaction.atomic
def invitation_name(*, actor, invitation: Invitation, practitioner) -> Invitation:
    """Name the practitioner for an invitee the rules could only give as an agency ("find one"),
    or change who is named. Any practitioner in the directory may be invited."""
    from safeguard.directory.selectors import is_listed

    records.require(actor, "change", invitation)
    children = _children_of(invitation)
    errors: dict = {}
    if invitation.removed:
        _add(errors, "invitation_id", "This invitee has been removed from the meeting")
    if not _meeting_open(_meeting_of(invitation)):
        _add(errors, "invitation_id", "This meeting has already been held")
    if not is_listed(practitioner):
        _add(errors, "practitioner_id", PRACTITIONER_REQUIRED)
    _raise(errors)
    if invitation.practitioner_id == practitioner.pk:
        return invitation
    previous = Invitation.objects.get(pk=invitation.pk)
    agency_ids = {m.team.agency_id for m in practitioner.active_memberships()}
    invitation.practitioner = practitioner
    if invitation.agency_id not in agency_ids:
        invitation.agency = practitioner.primary_agency
    invitation.save(update_fields=["practitioner", "agency"])
    if previous.practitioner_id:
        involvement_end_for_source(source=invitation)
        _withdraw_invitation_task(previous)
    _grant_invitee_access(invitation)
    _invite_task(invitation)
    if invitation.rule == "school":
        _school_named(invitation, children, actor=actor)
    _audit(
        actor, AuditAction.CHANGE, invitation, children[0], "named a meeting invitee",
        {"practitioner": practitioner.pk, "previous": previous.practitioner_id},
    )  # fmt: skip
    return invitation


def _school_named(invitation: Invitation, children, *, actor) -> None:
    """Naming a school's safeguarding lead says which school the children attend: it becomes their
    known school (unless another is known), and the school's nurse fills an unnamed school nurse row."""
    from safeguard.agencies.roles import AgencyType, Role
    from safeguard.directory.selectors import covering
    from safeguard.directory.services import school_from_referral

    school = invitation.agency
    if school is None or school.agency_type != AgencyType.EDUCATION:
        return
    pupils = [invitation.child] if invitation.child_id else children
    school_from_referral(children=pupils, agency=school, source=invitation, actor=actor)
    nurse = covering(school, Role.SCHOOL_NURSE)
    if nurse is None:
        return
    meeting = _meeting_of(invitation)
    for row in Invitation.objects.filter(
        **_meeting_kwargs(meeting), rule__in=["school_nurse", "special_school_nurse"], practitioner__isnull=True,
        removed=False,
    ):  # fmt: skip
        row.practitioner, row.agency = nurse, nurse.primary_agency
        row.save(update_fields=["practitioner", "agency"])
        _grant_invitee_access(row)
        _invite_task(row)
