"""Every write in the protection pathway. Keyword-only, atomic: validate → change → chronology
events → audit entry, in one transaction. Field problems raise InvalidInput and save nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

from django.db import transaction
from django.utils import timezone

from safeguard.access import policy
from safeguard.access.audit import audit_record
from safeguard.access.errors import InvalidInput, NotFound, StaleVersion
from safeguard.access.models import AuditAction, Involvement, InvolvementKind
from safeguard.access.services import involvement_end_for_source, involvement_grant, person_access_check
from safeguard.agencies.models import Practitioner
from safeguard.core import clock
from safeguard.core.models import EventType, Task, TaskStatus
from safeguard.core.services import (
    chronology_event_record,
    handoff_raise,
    new_information_raise,
    source_ref,
    task_complete,
    task_create,
    tasks_complete_for,
)
from safeguard.people.models import Person
from safeguard.protection import plain_english, rules, selectors
from safeguard.protection.models import (
    Action,
    Allocation,
    Attendance,
    CategoryOfAbuse,
    Conference,
    ConsideredDecision,
    CoreGroup,
    DiscussionChild,
    DiscussionStatus,
    Invitation,
    MeetingChange,
    Plan,
    PlanOutcome,
    PlanStatus,
    ReconveneReview,
    Section47Decision,
    Section47Enquiry,
    SiblingDecision,
    SignificantEvent,
    StatutoryVisit,
    StrategyDiscussion,
    WrittenAgreement,
)

SIGNIFICANT_EVENT_TYPES = frozenset(
    {
        EventType.NEW_BIRTH,
        EventType.BAIL_CHANGED,
        EventType.ADULT_JOINED_HOUSEHOLD,
        EventType.PERPETRATOR_RELEASED_OR_CHARGED,
        EventType.ED_ATTENDANCE,
        EventType.MISSING_EPISODE,
        EventType.DISCLOSURE,
        EventType.DOMESTIC_ABUSE_INCIDENT,
        EventType.OTHER,
    }
)
MIN_REASON = 10


def _audit(actor, action, record, person=None, purpose="", detail=None):
    audit_record(actor=actor, action=action, record=record, person=person, purpose=purpose, detail=detail)


def _text(value) -> str:
    return (value or "").strip()


def _practitioner(pk) -> Practitioner | None:
    if pk in (None, ""):
        return None
    try:
        return Practitioner.objects.filter(pk=int(pk), is_active=True).first()
    except (TypeError, ValueError):
        return None


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise InvalidInput(errors)


def _add(errors: dict, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


# --- Meetings and invitations ---------------------------------------------------------------------


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
    children = _children_of(Invitation(**kwargs))
    selectors.check_change(actor, children)
    errors: dict = {}
    if not _text(label):
        _add(errors, "label", "Enter who is being invited, such as the agency or role")
    if not agency_type:
        _add(errors, "agency_type", "Choose the type of agency")
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


def _meeting_kwargs(meeting) -> dict:
    if isinstance(meeting, StrategyDiscussion):
        return {"discussion": meeting}
    if isinstance(meeting, Conference):
        return {"conference": meeting}
    return {"core_group": meeting}


@transaction.atomic
def invitation_remove(*, actor, invitation: Invitation, reason: str = "") -> Invitation:
    """Take an invitee off the list. Removing an agency the rules proposed needs a reason."""
    children = _children_of(invitation)
    selectors.check_change(actor, children)
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
            _add(errors, f"attendance[{i}].invitation_id", "Choose an invitee of this meeting")
            continue
        if row.get("attendance") not in allowed:
            _add(errors, f"attendance[{i}].attendance", "Choose present, sent information or absent")
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


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _save_attendance(updates) -> None:
    for inv, value, information in updates:
        inv.attendance = value
        inv.information = information
        inv.save(update_fields=["attendance", "information"])


# --- Actions --------------------------------------------------------------------------------------


def _validate_actions(
    actions: list[dict], *, children: dict, errors: dict, prefix: str = "actions", need_measure: bool = False
) -> list[dict]:
    """Every action has a description, an owner, a due date and the child it serves."""
    out = []
    for i, row in enumerate(actions or []):
        f = f"{prefix}[{i}]"
        description = _text(row.get("description"))
        owner = _practitioner(row.get("owner_id"))
        due_on = row.get("due_on")
        child = children.get(str(row.get("child_id") or ""))
        if not description:
            _add(errors, f"{f}.description", "Enter what will be done")
        if owner is None:
            _add(errors, f"{f}.owner_id", "Choose who owns this action")
        if not isinstance(due_on, date):
            _add(errors, f"{f}.due_on", "Enter the date this action is due, like 2026-03-27")
        if child is None:
            _add(errors, f"{f}.child_id", "Choose the child this action is for")
        measure = _text(row.get("measure_of_success"))
        if need_measure and not measure:
            _add(errors, f"{f}.measure_of_success", "Say how everyone will know this action has worked")
        out.append(
            {
                "description": description,
                "owner": owner,
                "due_on": due_on,
                "child": child,
                "measure_of_success": measure,
            }
        )
    return out


def _create_actions(rows: list[dict], **link) -> list[Action]:
    """Create the actions; each owner (any named practitioner, in any agency) gets it on "Your work"."""
    actions = [Action.objects.create(**link, **row, owner_agency=row["owner"].primary_agency) for row in rows]
    for action in actions:
        # The owner may be in an agency not yet working with the child: owning the action is a reason
        # to see the child's record while it is open.
        if not policy.decide(action.owner, action.child, policy.Action.VIEW):
            involvement_grant(
                person=action.child, kind=InvolvementKind.SUPERVISING, practitioner=action.owner, source=action
            )
        task_create(
            kind="protection_action",
            title=f"Action for {action.child.given_name}: {action.description}"[:300],
            due_on=action.due_on,
            assignee=action.owner,
            person=action.child,
            source=action,
        )
    return actions


@transaction.atomic
def action_complete(*, actor, action: Action, completed_on: date | None = None) -> Action:
    if action.owner_id != actor.pk:
        selectors.check_change(actor, [action.child])
    else:
        person_access_check(actor=actor, person=action.child, audit=False)
    if action.completed_on is not None:
        raise InvalidInput({"completed_on": ["This action is already done"]})
    action.completed_on = completed_on or timezone.localdate()
    action.save(update_fields=["completed_on"])
    _close_tasks(action, outcome="Action done")
    involvement_end_for_source(source=action)
    _audit(actor, AuditAction.CHANGE, action, action.child, "completed an action")
    return action


# --- Strategy discussions -------------------------------------------------------------------------


def _convening_task_owner(actor):
    managers = selectors.managers_of(actor)
    if actor.has_role(*selectors.MANAGER_ROLES):
        return actor, None
    if managers:
        return managers[0], None
    team_id = next(iter(sorted(actor.team_ids)), None)
    return (None, team_id) if team_id else (actor, None)


def _propose(
    *,
    actor,
    children,
    reason,
    source,
    sexual_abuse_suspected,
    hsb,
    perpetrators,
    non_recent,
    named_adults=(),
    team=None,
) -> StrategyDiscussion:
    source_type, source_id = source_ref(source)
    discussion = StrategyDiscussion.objects.create(
        reason=reason,
        sexual_abuse_suspected=sexual_abuse_suspected,
        non_recent_abuse=non_recent,
        proposed_by=actor,
        source_type=source_type,
        source_id=source_id,
    )
    hsb_ids = {p.pk for p in hsb}
    for child in children:
        DiscussionChild.objects.create(discussion=discussion, child=child, harmful_sexual_behaviour=child.pk in hsb_ids)
    discussion.alleged_perpetrators.set(perpetrators)
    discussion.named_adults.set([a for a in named_adults if a.pk not in {p.pk for p in perpetrators}])
    _school_from_referral(children, source=source, actor=actor)
    adults: set = set()
    for child in children:
        adults |= rules.adults_around(child, alleged_perpetrators=[*perpetrators, *named_adults])
    lead = next((w for c in children if (w := selectors.lead_social_worker(c))), None)
    proposals = rules.propose_invitations(
        children=children,
        sexual_abuse_suspected=sexual_abuse_suspected,
        harmful_sexual_behaviour=hsb,
        adults=Person.objects.filter(pk__in=adults),
        lead_social_worker=lead,
    )
    _create_invitations({"discussion": discussion}, proposals)
    today = timezone.localdate()
    due = clock.add_working_days(today, clock.timescales().strategy_discussion_working_days)
    if team is not None:
        # Handed to a social work team: it waits in the team's allocation queue on its clock, and
        # the team holds the children's episode so it may see them (the front door's access ends).
        handoff_raise(
            kind="allocate_strategy_discussion",
            title=f"Allocate the strategy discussion for {', '.join(c.full_name for c in children)}",
            team=team,
            children=children,
            due_on=due,
            source=discussion,
        )
    else:
        assignee, team_id = _convening_task_owner(actor)
        convening_team = None if assignee else _team(team_id)
        task_create(
            kind="convene_strategy_discussion",
            title="Convene a strategy discussion",
            due_on=due,
            assignee=assignee,
            team=convening_team,
            person=children[0],
            source=discussion,
        )
        # Whoever must convene it holds the episode, so they can see and record it.
        for child in children:
            involvement_grant(
                person=child,
                kind=InvolvementKind.TEAM_EPISODE,
                practitioner=assignee,
                team=convening_team,
                source=discussion,
            )
    for child in children:
        chronology_event_record(
            person=child,
            event_type=EventType.STRATEGY_DISCUSSION_PROPOSED,
            occurred_on=today,
            summary="Strategy discussion to be convened",
            actor=actor,
            source=discussion,
        )
    _audit(
        actor,
        AuditAction.CREATE,
        discussion,
        children[0],
        "proposed a strategy discussion",
        {"children": [str(c.pk) for c in children]},
    )
    return discussion


def _school_from_referral(children, *, source, actor) -> None:
    """A contact from a school is about its pupils: the school becomes each school-age child's known
    school (unless another is known), so it is invited, by name, rather than asked to be found."""
    from safeguard.directory.services import school_from_referral

    contact = getattr(source, "contact", None) or (source if hasattr(source, "referrer_agency") else None)
    agency = getattr(contact, "referrer_agency", None)
    if agency is None:
        return
    today = timezone.localdate()
    low, high = rules.SCHOOL_AGE
    pupils = [c for c in children if (age := rules._age(c, today)) is not None and low <= age < high]
    school_from_referral(children=pupils, agency=agency, source=contact, actor=actor)


def _team(team_id):
    from safeguard.agencies.models import Team

    return Team.objects.get(pk=team_id) if team_id else None


@transaction.atomic
def strategy_discussion_propose(
    *,
    actor,
    children: list[Person],
    reason: str,
    source=None,
    sexual_abuse_suspected: bool = False,
    harmful_sexual_behaviour: Iterable[Person] = (),
    alleged_perpetrators: Iterable[Person] = (),
    non_recent_abuse: bool = False,
) -> StrategyDiscussion:
    """A strategy discussion awaiting convening, with the invitation list the rules propose."""
    children = list(children)
    errors: dict = {}
    if not children:
        _add(errors, "child_ids", "Choose at least one child")
    if len(_text(reason)) < MIN_REASON:
        _add(errors, "reason", "Say why there is reasonable cause to suspect significant harm")
    _raise(errors)
    for child in children:
        person_access_check(actor=actor, person=child, action=policy.Action.CHANGE, audit=False)
    hsb = [p for p in harmful_sexual_behaviour if p.pk in {c.pk for c in children}]
    return _propose(
        actor=actor,
        children=children,
        reason=_text(reason),
        source=source,
        sexual_abuse_suspected=sexual_abuse_suspected,
        hsb=hsb,
        perpetrators=list(alleged_perpetrators),
        non_recent=non_recent_abuse,
    )


def strategy_discussion_from_signal(
    *,
    children,
    actor,
    source=None,
    reason: str = "",
    sexual_abuse_suspected: bool = False,
    team=None,
    alleged_perpetrators=(),
    named_adults=(),
) -> StrategyDiscussion:
    """The front door's decision said a strategy discussion is needed: the decision itself was
    authorised by the front door, so no further access check is made here. The people the contact
    named (alleged perpetrators, household adults) come with it."""
    with transaction.atomic():
        return _propose(
            actor=actor,
            children=list(children),
            reason=_text(reason) or "Front door decision: strategy discussion needed",
            source=source,
            sexual_abuse_suspected=sexual_abuse_suspected,
            hsb=[],
            perpetrators=list(alleged_perpetrators),
            named_adults=list(named_adults),
            non_recent=False,
            team=team,
        )


@transaction.atomic
def strategy_discussion_update(
    *,
    actor,
    discussion: StrategyDiscussion,
    sexual_abuse_suspected=None,
    non_recent_abuse=None,
    harmful_sexual_behaviour_ids=None,
    alleged_perpetrators: Iterable[Person] | None = None,
) -> StrategyDiscussion:
    """Change the concerns before the meeting; newly proposed agencies are added to the list."""
    children = list(discussion.children.all())
    selectors.check_change(actor, children)
    if discussion.status != DiscussionStatus.AWAITING:
        raise InvalidInput({"status": ["This strategy discussion has already been held"]})
    if sexual_abuse_suspected is not None:
        discussion.sexual_abuse_suspected = sexual_abuse_suspected
    if non_recent_abuse is not None:
        discussion.non_recent_abuse = non_recent_abuse
    discussion.save()
    if harmful_sexual_behaviour_ids is not None:
        ids = {str(i) for i in harmful_sexual_behaviour_ids}
        for link in discussion.child_links.all():
            link.harmful_sexual_behaviour = str(link.child_id) in ids
            link.save(update_fields=["harmful_sexual_behaviour"])
    if alleged_perpetrators is not None:
        discussion.alleged_perpetrators.set(list(alleged_perpetrators))
    _repropose(discussion, children)
    _audit(actor, AuditAction.CHANGE, discussion, children[0], "changed a strategy discussion's concerns")
    return discussion


def _repropose(discussion: StrategyDiscussion, children) -> None:
    perpetrators = [*discussion.alleged_perpetrators.all(), *discussion.named_adults.all()]
    adults: set = set()
    for child in children:
        adults |= rules.adults_around(child, alleged_perpetrators=perpetrators)
    lead = next((w for c in children if (w := selectors.lead_social_worker(c))), None)
    proposals = rules.propose_invitations(
        children=children,
        sexual_abuse_suspected=discussion.sexual_abuse_suspected,
        harmful_sexual_behaviour=[link.child for link in discussion.child_links.filter(harmful_sexual_behaviour=True)],
        adults=Person.objects.filter(pk__in=adults),
        lead_social_worker=lead,
    )
    existing = {(i.rule, i.practitioner_id, i.agency_id, i.child_id) for i in discussion.invitations.all()}
    new = [
        p
        for p in proposals
        if (p.rule, getattr(p.practitioner, "pk", None), getattr(p.agency, "pk", None), getattr(p.child, "pk", None))
        not in existing
    ]
    _create_invitations({"discussion": discussion}, new)


@transaction.atomic
def strategy_discussion_record(
    *,
    actor,
    discussion: StrategyDiscussion,
    held_on: date | None,
    information_shared: str = "",
    attendance: list[dict] | None = None,
    section_47: str = "",
    section_47_reason: str = "",
    abe_interview_planned: str = "",
    abe_police_investigator: str = "",
    abe_social_worker_role: str = "",
    medical_examination: str = "",
    medical_examination_reason: str = "",
    psas_referral: str = "",
    psas_referral_reason: str = "",
    actions: list[dict] | None = None,
) -> StrategyDiscussion:
    """Record the meeting: attendance, information shared, decisions and actions."""
    children = list(discussion.children.all())
    selectors.check_change(actor, children)
    errors: dict = {}
    if discussion.is_cancelled:
        _add(errors, "status", "This strategy discussion was cancelled")
    elif discussion.status != DiscussionStatus.AWAITING:
        _add(errors, "status", "This strategy discussion has already been recorded")
    if not isinstance(held_on, date):
        _add(errors, "held_on", "Enter the date the strategy discussion was held")
    elif held_on > timezone.localdate():
        _add(errors, "held_on", "The date the strategy discussion was held must be today or in the past")
    updates = _apply_attendance(discussion.invitations.all(), attendance or [], errors, require_all=True)
    if not _text(information_shared):
        _add(errors, "information_shared", "Summarise the information each agency shared")
    if section_47 not in Section47Decision.values:
        _add(
            errors,
            "section_47",
            "Choose whether there will be a section 47 enquiry, single agency or joint with police",
        )
    elif len(_text(section_47_reason)) < MIN_REASON:
        _add(errors, "section_47_reason", "Give the reasons for the section 47 decision")
    yes_no = {ConsideredDecision.YES, ConsideredDecision.NO}
    if section_47 == Section47Decision.JOINT:
        if abe_interview_planned not in yes_no:
            _add(errors, "abe_interview_planned", "Say whether an achieving best evidence interview is planned")
        elif abe_interview_planned == ConsideredDecision.YES:
            if not _text(abe_police_investigator):
                _add(errors, "abe_police_investigator", "Name the police investigator for the interview")
            if len(_text(abe_social_worker_role)) < MIN_REASON:
                _add(
                    errors,
                    "abe_social_worker_role",
                    "Describe the social worker's role in the interview alongside the police investigator",
                )
    if discussion.sexual_abuse_suspected:
        for field, reason_field, what in (
            ("medical_examination", medical_examination_reason, "a medical examination"),
            ("psas_referral", psas_referral_reason, "a referral to the paediatric sexual assault service"),
        ):
            value = medical_examination if field == "medical_examination" else psas_referral
            if value not in yes_no:
                _add(errors, field, f"Record whether {what} will happen: sexual abuse is suspected")
            elif len(_text(reason_field)) < MIN_REASON:
                _add(errors, f"{field}_reason", f"Give the reason for the decision on {what}, either way")
    rows = _validate_actions(actions or [], children={str(c.pk): c for c in children}, errors=errors)
    _raise(errors)

    _save_attendance(updates)
    discussion.held_on = held_on
    discussion.convenor = discussion.convenor or actor
    discussion.information_shared = _text(information_shared)
    discussion.section_47, discussion.section_47_reason = section_47, _text(section_47_reason)
    discussion.abe_interview_planned = abe_interview_planned if section_47 == Section47Decision.JOINT else ""
    discussion.abe_police_investigator = _text(abe_police_investigator)
    discussion.abe_social_worker_role = _text(abe_social_worker_role)
    discussion.medical_examination, discussion.medical_examination_reason = (
        medical_examination,
        _text(medical_examination_reason),
    )
    discussion.psas_referral, discussion.psas_referral_reason = psas_referral, _text(psas_referral_reason)
    discussion.status = DiscussionStatus.HELD if section_47 != Section47Decision.NONE else DiscussionStatus.CLOSED
    discussion.save()
    _create_actions(rows, discussion=discussion)
    for child in children:
        chronology_event_record(
            person=child,
            event_type=EventType.STRATEGY_DISCUSSION,
            occurred_on=held_on,
            summary=f"Strategy discussion held: {discussion.get_section_47_display()}",
            actor=actor,
            source=discussion,
        )
        if section_47 != Section47Decision.NONE:
            enquiry = Section47Enquiry.objects.filter(child=child, outcome="").first()
            if enquiry is None:
                enquiry = Section47Enquiry.objects.create(
                    child=child, discussion=discussion, kind=section_47, started_on=held_on
                )
                chronology_event_record(
                    person=child,
                    event_type=EventType.SECTION_47,
                    occurred_on=held_on,
                    summary=f"{enquiry.get_kind_display()} started",
                    actor=actor,
                    source=enquiry,
                )
    Task.objects.filter(
        source_type="protection.strategydiscussion",
        source_id=str(discussion.pk),
        status=TaskStatus.OPEN,
        kind="convene_strategy_discussion",
    ).update(status=TaskStatus.DONE, completed_at=timezone.now(), outcome="Strategy discussion held")
    _close_tasks(discussion, kind="meeting_invitation", outcome="Strategy discussion held")
    _audit(
        actor,
        AuditAction.CHANGE,
        discussion,
        children[0],
        "recorded a strategy discussion",
        {"section_47": section_47, "actions": len(rows)},
    )
    return discussion


@transaction.atomic
def section47_conclude(
    *, actor, enquiry: Section47Enquiry, outcome: str, reason: str, concluded_on: date | None = None
) -> Section47Enquiry:
    person_access_check(actor=actor, person=enquiry.child, action=policy.Action.CHANGE, audit=False)
    errors: dict = {}
    if enquiry.outcome:
        _add(errors, "outcome", "This enquiry already has an outcome")
    if outcome not in {o for o in Section47Enquiry.Outcome.values if o}:
        _add(errors, "outcome", "Choose the outcome of the enquiry")
    if len(_text(reason)) < MIN_REASON:
        _add(errors, "reason", "Give the reasons for the outcome")
    _raise(errors)
    enquiry.outcome, enquiry.outcome_reason = outcome, _text(reason)
    enquiry.icpc_needed = ConsideredDecision.YES if outcome == Section47Enquiry.Outcome.ICPC else ConsideredDecision.NO
    enquiry.concerns_substantiated = enquiry.concerns_substantiated or (
        ConsideredDecision.YES if outcome == Section47Enquiry.Outcome.ICPC else ConsideredDecision.NO
    )
    enquiry.concluded_on = concluded_on or timezone.localdate()
    enquiry.updated_by = actor
    enquiry.save()
    chronology_event_record(
        person=enquiry.child,
        event_type=EventType.SECTION_47,
        occurred_on=enquiry.concluded_on,
        summary=f"Section 47 enquiry concluded: {enquiry.get_outcome_display()}",
        actor=actor,
        source=enquiry,
    )
    _audit(actor, AuditAction.CHANGE, enquiry, enquiry.child, "concluded a section 47 enquiry", {"outcome": outcome})
    return enquiry


# --- Conferences ----------------------------------------------------------------------------------


def conference_due(*, child: Person, kind: str, plan: Plan | None) -> date | None:
    if kind == Conference.Kind.INITIAL:
        last = selectors.last_strategy_discussion_date(child)
        return clock.icpc_due(last) if last else None
    if plan is None:
        return None
    last_review = plan.reviews.filter(held_on__isnull=False).order_by("-held_on").first()
    return clock.later_review_due(last_review.held_on) if last_review else clock.first_review_due(plan.started_on)


@transaction.atomic
def conference_schedule(
    *,
    actor,
    child: Person,
    kind: str,
    scheduled_for: date | None,
    chair=None,
    late_reason: str = "",
    plan: Plan | None = None,
    starts_at: time | None = None,
    place: str = "",
) -> Conference:
    """Schedule an initial (within 15 working days of the last strategy discussion) or review
    conference. A date after the clock's due date needs a recorded reason; a date before what the
    conference follows (the strategy discussion; for a review, the plan's start) is refused."""
    person_access_check(actor=actor, person=child, action=policy.Action.CHANGE, audit=False)
    errors: dict = {}
    if kind not in Conference.Kind.values:
        _add(errors, "kind", "Choose an initial or a review conference")
    if kind == Conference.Kind.REVIEW and (
        plan is None or plan.child_id != child.pk or plan.status != PlanStatus.ACTIVE
    ):
        _add(errors, "plan_id", "Choose the child's active plan to review")
    if not isinstance(scheduled_for, date):
        _add(errors, "scheduled_for", "Enter the date of the conference")
    due = conference_due(child=child, kind=kind, plan=plan) if not errors else None
    if kind == Conference.Kind.INITIAL and not errors and due is None:
        _add(errors, "kind", "Hold a strategy discussion before an initial conference")
    if not errors:
        follows_on, what = _follows(kind=kind, child=child, plan=plan)
        if follows_on and scheduled_for < follows_on:
            _add(errors, "scheduled_for", _before_message("conference", what, follows_on))
    if due and isinstance(scheduled_for, date) and scheduled_for > due and len(_text(late_reason)) < MIN_REASON:
        _add(
            errors,
            "late_reason",
            f"The conference is due by {due:%-d %B %Y}. Give the reason for scheduling it later",
        )
    _raise(errors)
    enquiry = Section47Enquiry.objects.filter(child=child).first() if kind == Conference.Kind.INITIAL else None
    conference = Conference.objects.create(
        kind=kind,
        child=child,
        enquiry=enquiry,
        plan=plan,
        chair=chair,
        due_on=due,
        scheduled_for=scheduled_for,
        late_reason=_text(late_reason) if scheduled_for > due else "",
        created_by=actor,
        starts_at=starts_at,
        place=_text(place)[:300],
    )
    discussion = enquiry.discussion if enquiry else None
    sexual = bool(discussion and discussion.sexual_abuse_suspected) or (plan is not None and plan.category == "SAB")
    _create_invitations(
        {"conference": conference},
        rules.propose_invitations(
            children=[child],
            sexual_abuse_suspected=sexual,
            lead_social_worker=selectors.lead_social_worker(child),
            adults=Person.objects.filter(pk__in=rules.adults_around(child)),
        ),
    )
    tasks_complete_for(person=child, kinds=["bring_forward_review"], outcome="Conference scheduled")
    if chair is not None:
        # The chair works with the child's record while the conference runs (and records it).
        involvement_grant(person=child, kind=InvolvementKind.SUPERVISING, practitioner=chair, source=conference)
        task_create(
            kind="chair_conference",
            title=f"Chair the {conference.get_kind_display().lower()}",
            due_on=scheduled_for,
            assignee=chair,
            person=child,
            source=conference,
        )
    _audit(
        actor,
        AuditAction.CREATE,
        conference,
        child,
        "scheduled a conference",
        {"kind": kind, "late": bool(conference.late_reason)},
    )
    return conference


@transaction.atomic
def conference_record(
    *,
    actor,
    conference: Conference,
    held_on: date | None,
    attendance: list[dict] | None = None,
    reports_received: str = "",
    child_views: str = "",
    child_views_how_sought: str = "",
    communication_method: str = "",
    parents_views: str = "",
    decision: str = "",
    category: str = "",
    sexual_abuse_intra_familial: bool | None = None,
) -> Conference:
    child = conference.child
    person_access_check(actor=actor, person=child, action=policy.Action.CHANGE, audit=False)
    errors: dict = {}
    if conference.held_on:
        _add(errors, "held_on", "This conference has already been recorded")
    if conference.is_cancelled:
        _add(errors, "held_on", "This conference was cancelled")
    if not isinstance(held_on, date):
        _add(errors, "held_on", "Enter the date the conference was held")
    elif held_on > timezone.localdate():
        _add(errors, "held_on", "The date the conference was held must be today or in the past")
    else:
        follows_on, what = _follows(kind=conference.kind, child=child, plan=conference.plan)
        if follows_on and held_on < follows_on:
            _add(errors, "held_on", _before_message("conference", what, follows_on))
    updates = _apply_attendance(conference.invitations.all(), attendance or [], errors, require_all=True)
    if not _text(reports_received):
        _add(errors, "reports_received", "List the reports received from each agency (or say none were)")
    if not _text(child_views):
        _add(errors, "child_views", "Record the child's views, or why they could not be given")
    if not _text(child_views_how_sought):
        _add(errors, "child_views_how_sought", "Say how the child's views were sought")
    disabled = [d for d in (child.disabilities or []) if d and d != "NONE"]
    if disabled and not _text(communication_method):
        _add(errors, "communication_method", "The child is disabled: record the communication method used")
    if not _text(parents_views):
        _add(errors, "parents_views", "Record the parents' views")
    if decision not in (Conference.Decision.PLAN, Conference.Decision.NO_PLAN):
        _add(errors, "decision", "Choose whether the child needs a child protection plan")
    if decision == Conference.Decision.PLAN:
        if category not in CategoryOfAbuse.values:
            _add(errors, "category", "Choose the category of abuse (NEG, PHY, EMO, SAB or MUL)")
        elif category == CategoryOfAbuse.SAB and sexual_abuse_intra_familial is None:
            _add(errors, "sexual_abuse_intra_familial", "Say whether the sexual abuse is within the family environment")
    _raise(errors)
    _save_attendance(updates)
    for field in ("reports_received", "child_views", "child_views_how_sought", "communication_method", "parents_views"):
        setattr(conference, field, _text(locals()[field]))
    conference.held_on, conference.decision = held_on, decision
    if decision == Conference.Decision.PLAN:
        conference.category = category
        conference.sexual_abuse_intra_familial = sexual_abuse_intra_familial if category == "SAB" else None
    conference.chair = conference.chair or actor
    conference.save()
    chronology_event_record(
        person=child,
        event_type=EventType.CONFERENCE_HELD,
        occurred_on=held_on,
        summary=f"{conference.get_kind_display()}: {conference.get_decision_display()}",
        actor=actor,
        source=conference,
    )
    if conference.kind == Conference.Kind.INITIAL:
        if conference.enquiry and not conference.enquiry.outcome:
            conference.enquiry.outcome = Section47Enquiry.Outcome.ICPC
            conference.enquiry.concluded_on = held_on
            conference.enquiry.outcome_reason = conference.enquiry.outcome_reason or "Initial conference held"
            conference.enquiry.save()
        if decision == Conference.Decision.PLAN:
            Plan.objects.create(
                child=child,
                conference=conference,
                started_on=held_on,
                category=category,
                sexual_abuse_intra_familial=conference.sexual_abuse_intra_familial,
                chair=conference.chair,
            )
    elif conference.plan is not None:
        plan = conference.plan
        if decision == Conference.Decision.NO_PLAN:
            plan.status, plan.ended_on = PlanStatus.ENDED, held_on
            chronology_event_record(
                person=child,
                event_type=EventType.PLAN_ENDED,
                occurred_on=held_on,
                summary="Child protection plan ended at review conference",
                actor=actor,
                source=plan,
            )
        else:
            plan.category = category
            plan.sexual_abuse_intra_familial = conference.sexual_abuse_intra_familial
        plan.save()
    Task.objects.filter(
        source_type="protection.conference", source_id=str(conference.pk), status=TaskStatus.OPEN
    ).update(status=TaskStatus.DONE, completed_at=timezone.now())
    _audit(actor, AuditAction.CHANGE, conference, child, "recorded a conference", {"decision": decision})
    return conference


# --- Plans ----------------------------------------------------------------------------------------


def _check_plan_change(actor, plan: Plan) -> None:
    person_access_check(actor=actor, person=plan.child, action=policy.Action.CHANGE, audit=False)


@transaction.atomic
def plan_outcome_add(*, actor, plan: Plan, description: str, actions: list[dict]) -> PlanOutcome:
    """An outcome for the child with the actions each agency will take (owner, due date, measure)."""
    _check_plan_change(actor, plan)
    errors: dict = {}
    if plan.status == PlanStatus.ENDED:
        _add(errors, "plan", "This plan has ended")
    if len(_text(description)) < 5:
        _add(errors, "description", "Describe the outcome for the child")
    if not actions:
        _add(errors, "actions", "Add at least one action towards this outcome")
    for row in actions or []:
        row["child_id"] = row.get("child_id") or str(plan.child_id)  # a plan's actions serve its child
    rows = _validate_actions(actions or [], children={str(plan.child_id): plan.child}, errors=errors, need_measure=True)
    _raise(errors)
    outcome = PlanOutcome.objects.create(plan=plan, description=_text(description))
    _create_actions(rows, outcome=outcome)
    _audit(actor, AuditAction.CHANGE, plan, plan.child, "added a plan outcome", {"actions": len(rows)})
    return outcome


@transaction.atomic
def sibling_decision_record(
    *,
    actor,
    other_child: Person,
    decision: str,
    reason: str,
    plan: Plan | None = None,
    discussion: StrategyDiscussion | None = None,
) -> SiblingDecision:
    subject_children = [plan.child] if plan else list(discussion.children.all())
    selectors.check_change(actor, subject_children)
    others = selectors.other_children_for_plan(plan) if plan else selectors.other_children_for_discussion(discussion)
    errors: dict = {}
    if other_child.pk not in {o.child.pk for o in others}:
        _add(errors, "other_child_id", "Choose one of the other children linked to the same adults")
    if decision not in SiblingDecision.Decision.values:
        _add(errors, "decision", "Choose included, separate assessment or not at risk")
    if len(_text(reason)) < MIN_REASON:
        _add(errors, "reason", "Give the reason for this decision")
    _raise(errors)
    row, _ = SiblingDecision.objects.update_or_create(
        plan=plan,
        discussion=discussion,
        other_child=other_child,
        defaults={"decision": decision, "reason": _text(reason), "decided_by": actor},
    )
    _audit(
        actor,
        AuditAction.CHANGE,
        row,
        subject_children[0],
        "recorded a decision about another child",
        {"other_child": str(other_child.pk), "decision": decision},
    )
    return row


@transaction.atomic
def plan_finalise(*, actor, plan: Plan) -> Plan:
    """A plan is final only when it is clear and timebound (outcomes with actions) and every other
    child linked to the same adults has a recorded decision."""
    _check_plan_change(actor, plan)
    errors: dict = {}
    if plan.status != PlanStatus.DRAFT:
        _add(errors, "status", "This plan is not a draft")
    if not Action.objects.filter(outcome__plan=plan).exists():
        _add(errors, "outcomes", "Add at least one outcome with actions before finalising the plan")
    undecided = [o for o in selectors.other_children_for_plan(plan) if o.decision is None]
    if undecided:
        _add(
            errors,
            "sibling_decisions",
            f"Record a decision (included, separate assessment or not at risk) for each other child linked to the "
            f"same adults: {len(undecided)} still to decide",
        )
    _raise(errors)
    plan.status, plan.finalised_at = PlanStatus.ACTIVE, timezone.now()
    plan.save(update_fields=["status", "finalised_at"])
    chronology_event_record(
        person=plan.child,
        event_type=EventType.PLAN_STARTED,
        occurred_on=plan.started_on,
        summary=f"Child protection plan started: {plan.get_category_display()}",
        actor=actor,
        source=plan,
    )
    lead = selectors.lead_social_worker(plan.child)
    if lead is not None:
        task_create(
            kind="first_core_group",
            title="Hold the first core group",
            assignee=lead,
            person=plan.child,
            due_on=clock.first_core_group_due(plan.started_on),
            source=plan,
        )
    _audit(actor, AuditAction.CHANGE, plan, plan.child, "finalised a child protection plan")
    return plan


@transaction.atomic
def core_group_record(
    *, actor, plan: Plan, held_on: date | None, notes: str = "", core_group: CoreGroup | None = None
) -> CoreGroup:
    """Record a core group meeting (one scheduled earlier, or one not arranged here); its invitation
    list follows the same rules (incl. special-school nurse). It cannot be dated before the initial
    conference that made the plan, nor in the future."""
    _check_plan_change(actor, plan)
    errors: dict = {}
    if plan.status != PlanStatus.ACTIVE:
        _add(errors, "plan", "Core groups meet only for an active plan")
    if core_group is not None and (core_group.plan_id != plan.pk or not _meeting_open(core_group)):
        _add(errors, "core_group_id", "This core group has already been recorded or was cancelled")
    if not isinstance(held_on, date):
        _add(errors, "held_on", "Enter the date the core group met")
    elif held_on > timezone.localdate():
        _add(errors, "held_on", "The date the core group met must be today or in the past")
    elif held_on < plan.started_on:
        icpc = "the initial child protection conference"
        _add(errors, "held_on", _before_message("core group", icpc, plan.started_on))
    _raise(errors)
    if core_group is None:
        core_group = CoreGroup.objects.create(plan=plan, held_on=held_on, notes=_text(notes))
        _create_invitations({"core_group": core_group}, _core_group_proposals(plan))
    else:
        core_group.held_on, core_group.notes = held_on, _text(notes)
        core_group.save(update_fields=["held_on", "notes"])
        _close_tasks(core_group, kind="meeting_invitation", outcome="Core group held")
    Task.objects.filter(
        source_type="protection.plan", source_id=str(plan.pk), kind="first_core_group", status=TaskStatus.OPEN
    ).update(status=TaskStatus.DONE, completed_at=timezone.now())
    chronology_event_record(
        person=plan.child,
        event_type=EventType.CORE_GROUP_HELD,
        occurred_on=held_on,
        summary="Core group met",
        actor=actor,
        source=core_group,
    )
    _audit(actor, AuditAction.CREATE, core_group, plan.child, "recorded a core group")
    return core_group


@transaction.atomic
def attendance_record(*, actor, meeting, attendance: list[dict]) -> None:
    kwargs = _meeting_kwargs(meeting)
    children = _children_of(Invitation(**kwargs))
    selectors.check_change(actor, children)
    errors: dict = {}
    updates = _apply_attendance(meeting.invitations.all(), attendance, errors, require_all=False)
    _raise(errors)
    _save_attendance(updates)
    _audit(actor, AuditAction.CHANGE, meeting, children[0], "recorded attendance")


@transaction.atomic
def visit_record(*, actor, plan: Plan, visited_on: date | None, seen_alone: bool = False) -> StatutoryVisit:
    _check_plan_change(actor, plan)
    if not isinstance(visited_on, date) or visited_on > timezone.localdate():
        raise InvalidInput({"visited_on": ["Enter the date of the visit, today or in the past"]})
    visit = StatutoryVisit.objects.create(plan=plan, visited_on=visited_on, seen_alone=seen_alone, visitor=actor)
    chronology_event_record(
        person=plan.child,
        event_type=EventType.STATUTORY_VISIT,
        occurred_on=visited_on,
        summary="Statutory visit" + (": seen alone" if seen_alone else ""),
        actor=actor,
        source=visit,
    )
    tasks_complete_for(person=plan.child, kinds=["statutory_visit"], outcome="Visit recorded")
    _audit(actor, AuditAction.CREATE, visit, plan.child, "recorded a statutory visit")
    return visit


# --- Written agreements ---------------------------------------------------------------------------


@transaction.atomic
def agreement_save(
    *,
    actor,
    child: Person,
    parties: str,
    body: str,
    if_not_kept: str = "",
    plan: Plan | None = None,
    agreement: WrittenAgreement | None = None,
    expected_version: int | None = None,
) -> tuple[WrittenAgreement, plain_english.PlainEnglishReport]:
    """Save a draft and return the plain-English report (drafts may have problems; agreeing may not).

    With `expected_version` (the version the editor showed), a draft saved by someone else since
    raises StaleVersion and nothing is saved."""
    person_access_check(actor=actor, person=child, action=policy.Action.CHANGE, audit=False)
    if agreement is not None:
        agreement = WrittenAgreement.objects.select_for_update().get(pk=agreement.pk)
        if expected_version is not None and expected_version != agreement.version:
            raise StaleVersion(agreement.version)
    errors: dict = {}
    if agreement is not None and agreement.status != WrittenAgreement.Status.DRAFT:
        _add(errors, "status", "This agreement has been agreed; start a new one to change it")
    if not _text(parties):
        _add(errors, "parties", "Say who is making this agreement")
    if len(_text(body).split()) < 5:
        _add(errors, "body", "Write what everyone is agreeing to")
    if plan is not None and plan.child_id != child.pk:
        _add(errors, "plan_id", "Choose this child's plan")
    _raise(errors)
    report = plain_english.check(body, if_not_kept)
    if agreement is None:
        agreement = WrittenAgreement(child=child)
    agreement.plan, agreement.parties, agreement.body = plan, _text(parties), body.strip()
    agreement.if_not_kept, agreement.reading_age, agreement.updated_by = _text(if_not_kept), report.reading_age, actor
    created = agreement._state.adding
    if not created:
        agreement.version += 1
    agreement.save()
    _audit(
        actor,
        AuditAction.CREATE if created else AuditAction.CHANGE,
        agreement,
        child,
        "drafted a written agreement",
        {"reading_age": report.reading_age, "problems": len(report.problems)},
    )
    return agreement, report


@transaction.atomic
def agreement_confirm(*, actor, agreement: WrittenAgreement) -> WrittenAgreement:
    """Mark as agreed with the family. It must say what happens if it is not kept."""
    person_access_check(actor=actor, person=agreement.child, action=policy.Action.CHANGE, audit=False)
    report = plain_english.check(agreement.body, agreement.if_not_kept)
    if report.consequences_missing:
        raise InvalidInput({"if_not_kept": [plain_english.CONSEQUENCES_MISSING]})
    agreement.status = WrittenAgreement.Status.AGREED
    agreement.save(update_fields=["status", "updated_at"])
    chronology_event_record(
        person=agreement.child,
        event_type=EventType.WRITTEN_AGREEMENT,
        occurred_on=timezone.localdate(),
        summary="Written agreement made with the family",
        actor=actor,
        source=agreement,
    )
    _audit(actor, AuditAction.CHANGE, agreement, agreement.child, "agreed a written agreement")
    return agreement


def agreement_pdf(*, actor, agreement_id) -> tuple[WrittenAgreement, bytes]:
    """The agreement as a printable PDF (WeasyPrint; needs the system's Pango). Audited as an export."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    agreement = selectors.agreement_for_view(actor=actor, agreement_id=agreement_id, export=True)
    html = render_to_string("protection/agreement_pdf.html", {"agreement": agreement})
    return agreement, HTML(string=html).write_pdf()


# --- Allocation -----------------------------------------------------------------------------------


@transaction.atomic
def allocation_change(*, actor, child: Person, worker, starts_on: date | None = None, reason: str = "") -> Allocation:
    """Allocate a new social worker. The history counts changes; the involvement follows the allocation."""
    person_access_check(actor=actor, person=child, action=policy.Action.CHANGE, audit=False)
    if worker is None:
        raise InvalidInput({"worker_id": ["Choose the social worker to allocate"]})
    starts_on = starts_on or timezone.localdate()
    current = Allocation.objects.filter(child=child, ends_on__isnull=True).first()
    if current and current.worker_id == worker.pk:
        raise InvalidInput({"worker_id": ["This social worker is already allocated"]})
    if current:
        current.ends_on = starts_on
        current.save(update_fields=["ends_on"])
        involvement_end_for_source(source=current)
    Involvement.objects.active().filter(person=child, kind=InvolvementKind.ALLOCATED_WORKER).exclude(
        practitioner=worker
    ).filter(source_type__in=["", "protection.allocation"]).update(ends_at=timezone.now())
    allocation = Allocation.objects.create(
        child=child, worker=worker, starts_on=starts_on, reason=_text(reason), recorded_by=actor
    )
    if current:
        _casework_tasks_follow(child=child, old_worker_id=current.worker_id, worker=worker)
    involvement_grant(person=child, kind=InvolvementKind.ALLOCATED_WORKER, practitioner=worker, source=allocation)
    chronology_event_record(
        person=child,
        event_type=EventType.WORKER_CHANGED,
        occurred_on=starts_on,
        summary=f"Social worker allocated: {worker}",
        actor=actor,
        source=allocation,
    )
    _audit(actor, AuditAction.CHANGE, allocation, child, "allocated a social worker", {"worker": worker.pk})
    return allocation


# The allocated worker's own casework for a child: it moves with the child when the worker changes
# (meeting invitations, actions and challenges stay with the named person they were given to).
CASEWORK_TASK_KINDS = frozenset(
    {
        "convene_strategy_discussion",
        "first_core_group",
        "new_information",
        "consider_reconvening",
        "statutory_visit",
        "assessment_due",
        "cin_review",
    }
)


def _casework_tasks_follow(*, child: Person, old_worker_id, worker) -> None:
    """Hand the outgoing worker's open casework for the child to the new worker, so nothing is left
    with someone no longer allocated (a task the new worker already holds is not duplicated)."""
    for task in Task.objects.filter(
        status=TaskStatus.OPEN, person=child, assignee_id=old_worker_id, kind__in=CASEWORK_TASK_KINDS
    ):
        held = bool(task.dedupe_key) and Task.objects.filter(
            status=TaskStatus.OPEN, assignee=worker, dedupe_key=task.dedupe_key
        ).exists()
        if held:
            task_complete(task=task, outcome=f"Passed to {worker}, who already had it")
        else:
            task.assignee = worker
            task.save(update_fields=["assignee"])


# --- Significant events and reconvening -----------------------------------------------------------


def _review_tasks(review: ReconveneReview, title: str) -> None:
    due = clock.reconvene_decision_due(review.raised_on)
    people = {
        p.pk: p for p in (selectors.lead_social_worker(review.child), selectors.conference_chair(review.child)) if p
    }
    for practitioner in people.values():
        task_create(
            kind="consider_reconvening",
            title=title,
            due_on=due,
            assignee=practitioner,
            person=review.child,
            source=review,
        )
    if not people:
        team = (
            Involvement.objects.active()
            .filter(person=review.child, kind=InvolvementKind.TEAM_EPISODE, team__isnull=False)
            .first()
        )
        if team:
            task_create(
                kind="consider_reconvening", title=title, due_on=due, team=team.team, person=review.child, source=review
            )


# Events after which the worker's manager is told as well, the same day.
URGENT_EVENT_TYPES = frozenset(
    {EventType.MISSING_EPISODE, EventType.DISCLOSURE, EventType.DOMESTIC_ABUSE_INCIDENT, EventType.ED_ATTENDANCE}
)


def _apply_significant_event(*, actor, event_type, people, occurred_on, summary, source=None) -> SignificantEvent:
    source_type, source_id = source_ref(source)
    event = SignificantEvent.objects.create(
        event_type=event_type,
        occurred_on=occurred_on,
        summary=summary[:500],
        recorded_by=actor,
        agency=getattr(actor, "primary_agency", None) if actor else None,
        source_type=source_type,
        source_id=source_id,
    )
    event.people.set(people)
    label = EventType(event_type).label if event_type in EventType.values else event_type
    today = timezone.localdate()
    reconsidered: set = set()
    for child in rules.children_to_reconsider(people, on=today):
        already = (
            source is not None
            and child.chronology.filter(event_type=event_type, source_type=source_type, source_id=source_id).exists()
        )
        if not already:
            chronology_event_record(
                person=child,
                event_type=event_type,
                occurred_on=occurred_on,
                summary=f"{label}: {summary}",
                actor=actor,
                source=source or event,
            )
        review = ReconveneReview.objects.create(
            child=child,
            event=event,
            raised_on=today,
            escalate_after=clock.reconvene_request_escalation_due(today),
        )
        _review_tasks(review, f"Consider reconvening: {label.lower()}")
        reconsidered.add(child.pk)
    # Anyone else the event is about who has a worker hears of it (those above already have their
    # "consider reconvening" task: one task for one piece of news).
    for person in people:
        if person.pk not in reconsidered:
            new_information_raise(
                person=person,
                what=f"{label.lower()}: {summary}"[:200],
                source=source or event,
                actor=actor,
                urgent=event_type in URGENT_EVENT_TYPES,
            )
    _audit(
        actor,
        AuditAction.CREATE,
        event,
        None,
        "recorded a significant event",
        {"event_type": event_type, "people": [str(p.pk) for p in people]},
    )
    return event


@transaction.atomic
def significant_event_record(
    *, actor, event_type: str, people: list[Person], occurred_on: date | None, summary: str, source=None
) -> SignificantEvent:
    """Any agency records an event that may change the risk to children. It goes on the chronology
    of every linked child with an open enquiry or plan, and raises 'consider reconvening'."""
    errors: dict = {}
    if event_type not in SIGNIFICANT_EVENT_TYPES:
        _add(errors, "event_type", "Choose the kind of event")
    if not people:
        _add(errors, "person_ids", "Choose who the event is about")
    if not isinstance(occurred_on, date) or occurred_on > timezone.localdate():
        _add(errors, "occurred_on", "Enter the date of the event, today or in the past")
    if len(_text(summary)) < 5:
        _add(errors, "summary", "Describe what happened")
    _raise(errors)
    for person in people:
        if not policy.decide(actor, person, policy.Action.VIEW):
            raise NotFound()
    return _apply_significant_event(
        actor=actor,
        event_type=event_type,
        people=people,
        occurred_on=occurred_on,
        summary=_text(summary),
        source=source,
    )


def significant_event_from_signal(*, event_type, people, occurred_on, summary, actor=None, source=None):
    """Another app (police bail, births) recorded the event and authorised it; apply the same rule."""
    with transaction.atomic():
        return _apply_significant_event(
            actor=actor,
            event_type=event_type,
            people=list(people),
            occurred_on=occurred_on,
            summary=_text(summary),
            source=source,
        )


@transaction.atomic
def reconvene_request(*, actor, child: Person, reason: str) -> ReconveneReview:
    """Any agency that can see the child asks for the meeting to be reconvened."""
    if not policy.decide(actor, child, policy.Action.VIEW):
        raise NotFound()
    if len(_text(reason)) < MIN_REASON:
        raise InvalidInput({"reason": ["Say what has changed and why the meeting should be reconvened"]})
    if not selectors.children_with_open_protection([child.pk]):
        raise InvalidInput({"child_id": ["This child has no open enquiry or plan to reconvene"]})
    today = timezone.localdate()
    review = ReconveneReview.objects.create(
        child=child,
        requested_by=actor,
        requested_by_agency=actor.primary_agency,
        request_reason=_text(reason),
        raised_on=today,
        escalate_after=clock.reconvene_request_escalation_due(today),
    )
    _review_tasks(review, f"Reconvening requested by {actor.primary_agency or actor}")
    chronology_event_record(
        person=child,
        event_type=EventType.RECONVENE_REQUESTED,
        occurred_on=today,
        summary=f"Reconvening requested by {actor.primary_agency or actor}",
        actor=actor,
        source=review,
    )
    _audit(actor, AuditAction.CREATE, review, child, "requested a reconvened meeting")
    return review


@transaction.atomic
def reconvene_decide(*, actor, review: ReconveneReview, decision: str, reason: str) -> ReconveneReview:
    """The lead social worker or chair decides: reconvene, bring forward the review, or no change."""
    child = review.child
    lead, chair = selectors.lead_social_worker(child), selectors.conference_chair(child)
    if actor.pk not in {getattr(lead, "pk", None), getattr(chair, "pk", None)}:
        person_access_check(actor=actor, person=child, action=policy.Action.CHANGE, audit=False)
    elif not policy.decide(actor, child, policy.Action.VIEW):
        raise NotFound()
    errors: dict = {}
    if review.decision:
        _add(errors, "decision", "A decision has already been recorded")
    if decision not in {d for d in ReconveneReview.Decision.values if d}:
        _add(errors, "decision", "Choose reconvene the strategy discussion, bring forward the review, or no change")
    if len(_text(reason)) < MIN_REASON:
        _add(errors, "reason", "Give the reason for the decision")
    _raise(errors)
    review.decision, review.decision_reason = decision, _text(reason)
    review.decided_by, review.decided_at = actor, timezone.now()
    review.save()
    for task in Task.objects.filter(
        source_type="protection.reconvenereview", source_id=str(review.pk), status=TaskStatus.OPEN
    ):
        task_complete(task=task, outcome=review.get_decision_display())
    if decision == ReconveneReview.Decision.RECONVENE_STRATEGY:
        previous = StrategyDiscussion.objects.filter(child_links__child=child).first()
        _propose(
            actor=actor,
            children=[child],
            reason=f"Reconvened: {review.decision_reason}",
            source=review,
            sexual_abuse_suspected=bool(previous and previous.sexual_abuse_suspected),
            hsb=[child]
            if previous and previous.child_links.filter(child=child, harmful_sexual_behaviour=True).exists()
            else [],
            perpetrators=list(previous.alleged_perpetrators.all()) if previous else [],
            non_recent=False,
        )
    elif decision == ReconveneReview.Decision.BRING_FORWARD_REVIEW and chair is not None:
        task_create(
            kind="bring_forward_review",
            title="Bring forward the review conference",
            assignee=chair,
            person=child,
            due_on=clock.brought_forward_review_due(timezone.localdate()),
            source=review,
        )
    chronology_event_record(
        person=child,
        event_type=EventType.RECONVENE_DECIDED,
        occurred_on=timezone.localdate(),
        summary=f"Decision on reconvening: {review.get_decision_display()}",
        actor=actor,
        source=review,
    )
    _audit(actor, AuditAction.CHANGE, review, child, "decided whether to reconvene", {"decision": decision})
    return review


def escalate_overdue(*, now=None) -> int:
    """Escalate every unanswered 'consider reconvening' past its escalation date to the lead social
    worker's managers. Idempotent: each review escalates once. Returns how many escalated."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    count = 0
    for review in ReconveneReview.objects.filter(decision="", escalated_at__isnull=True, escalate_after__lt=today):
        with transaction.atomic():
            locked = ReconveneReview.objects.select_for_update().get(pk=review.pk)
            if locked.escalated_at or locked.decision:
                continue
            locked.escalated_at = now
            locked.save(update_fields=["escalated_at"])
            lead = selectors.lead_social_worker(locked.child)
            managers = selectors.managers_of(lead)
            title = "Escalated: no decision yet on reconvening"
            for manager in managers:
                task_create(
                    kind="reconvene_escalated",
                    title=title,
                    due_on=today,
                    assignee=manager,
                    person=locked.child,
                    source=locked,
                )
            if not managers and lead is not None:
                team_id = next(iter(sorted(lead.team_ids)), None)
                if team_id:
                    task_create(
                        kind="reconvene_escalated",
                        title=title,
                        due_on=today,
                        team=_team(team_id),
                        person=locked.child,
                        source=locked,
                    )
            audit_record(
                actor=None,
                action=AuditAction.CHANGE,
                object_type="protection.reconvenereview",
                object_id=str(locked.pk),
                person=locked.child,
                purpose="automatic escalation",
                detail={"managers": [m.pk for m in managers]},
            )
            count += 1
    return count


@transaction.atomic
def looked_after_start(*, actor, child: Person, legal_status: str, started_on: date | None = None):
    """The child starts to be looked after: recorded once, on the chronology, audited."""
    from safeguard.protection.models import LegalStatus, LookedAfterEpisode

    person_access_check(actor=actor, person=child, action=policy.Action.CHANGE, audit=False)
    started_on = started_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if legal_status not in LegalStatus.values:
        errors["legal_status"] = ["Choose the legal status from the list (for example C2 or V2)"]
    if started_on > timezone.localdate():
        errors["started_on"] = ["The start date must be today or in the past"]
    if LookedAfterEpisode.objects.filter(child=child, ended_on__isnull=True).exists():
        errors["child_id"] = ["This child is already looked after: end that episode first"]
    if errors:
        raise InvalidInput(errors)
    episode = LookedAfterEpisode.objects.create(
        child=child, legal_status=legal_status, started_on=started_on, recorded_by=actor
    )
    chronology_event_record(
        person=child,
        event_type=EventType.LOOKED_AFTER_STARTED,
        occurred_on=started_on,
        summary=f"Looked after: {episode.get_legal_status_display()}",
        actor=actor,
        source=episode,
    )
    _audit(actor, AuditAction.CREATE, episode, child, "recorded that a child is looked after")
    return episode


@transaction.atomic
def looked_after_end(*, actor, episode, ended_on: date | None = None, reason: str = ""):
    person_access_check(actor=actor, person=episode.child, action=policy.Action.CHANGE, audit=False)
    ended_on = ended_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if episode.ended_on is not None:
        errors["ended_on"] = ["This episode has already ended"]
    elif ended_on < episode.started_on:
        errors["ended_on"] = ["The end date must be on or after the start date"]
    if not _text(reason):
        errors["reason"] = ["Say why the child stopped being looked after"]
    if errors:
        raise InvalidInput(errors)
    episode.ended_on, episode.end_reason = ended_on, _text(reason)[:300]
    episode.save(update_fields=["ended_on", "end_reason"])
    chronology_event_record(
        person=episode.child,
        event_type=EventType.LOOKED_AFTER_ENDED,
        occurred_on=ended_on,
        summary=f"Stopped being looked after: {episode.end_reason}",
        actor=actor,
        source=episode,
    )
    _audit(actor, AuditAction.CHANGE, episode, episode.child, "recorded the end of a looked-after episode")
    return episode


# --- Allocation of handed-on work -----------------------------------------------------------------


@transaction.atomic
def work_allocate(*, actor, task_id, worker_id) -> Task:
    """A team manager allocates work waiting in the team's queue to one of the team's workers.

    The worker becomes the children's allocated worker (so they see the record and hear of new
    information), is given the work itself (e.g. "Convene the strategy discussion"), and every
    manager's "Allocate" task for it closes. At no moment is the work without an owner."""
    from safeguard.core.work import handoff_for, handoff_kinds

    task = (
        Task.objects.select_for_update(of=("self",))
        .filter(pk=task_id, kind__in=handoff_kinds())
        .select_related("team")
        .first()
    )
    if task is None or not policy.can_allocate_for_team(actor, task.team_id):
        raise NotFound()
    if task.status != TaskStatus.OPEN:
        raise InvalidInput({"worker_id": ["This work has already been allocated"]})
    workers = {w.pk: w for w, _ in selectors.team_workers(task.team)}
    worker = workers.get(_int(worker_id)) if worker_id else None
    if worker is None:
        raise InvalidInput({"worker_id": ["Choose a worker in the team"]})
    handoff = handoff_for(task.kind)
    children = handoff.children(task)
    if handoff.allocates_child:
        for child in children:
            current = Allocation.objects.filter(child=child, ends_on__isnull=True).first()
            if current is None or current.worker_id != worker.pk:
                allocation_change(actor=actor, child=child, worker=worker, reason=handoff.label)
    handoff.allocated(task=task, worker=worker, actor=actor)
    tasks_complete_for(
        source_type=task.source_type,
        source_id=task.source_id,
        kinds=[task.kind],
        outcome=f"Allocated to {worker}",
    )
    task.refresh_from_db()
    for child in children or [None]:
        purpose = f"allocated work: {handoff.label.lower()}"
        _audit(actor, AuditAction.CHANGE, task, child, purpose, {"worker": worker.pk})
    return task


def _discussion_children(task) -> list[Person]:
    return list(Person.objects.filter(strategy_links__discussion_id=task.source_id).order_by("date_of_birth"))


def _discussion_allocated(*, task, worker, actor) -> None:
    discussion = StrategyDiscussion.objects.get(pk=task.source_id)
    discussion.convenor = worker
    discussion.save(update_fields=["convenor"])
    # The allocated worker is children's social care's invitee, not whoever was proposed before.
    discussion.invitations.filter(rule="local_authority", removed=False).exclude(practitioner=worker).update(
        practitioner=worker, agency=worker.primary_agency
    )
    children = _discussion_children(task)
    task_create(
        kind="convene_strategy_discussion",
        title=f"Convene the strategy discussion for {', '.join(c.full_name for c in children)}",
        due_on=task.due_on,
        assignee=worker,
        person=children[0] if children else None,
        source=discussion,
    )


def register_handoffs() -> None:
    from safeguard.core.work import HandOff, register_handoff, register_unowned_work

    register_handoff(
        "allocate_strategy_discussion",
        HandOff(label="Strategy discussion", children=_discussion_children, allocated=_discussion_allocated),
    )
    register_unowned_work("strategy discussions", _unowned_discussions)


def _unowned_discussions() -> int:
    """Strategy discussions awaiting convening with no convenor and no open task about them."""
    owned = {
        str(i)
        for i in Task.objects.filter(
            status=TaskStatus.OPEN, source_type="protection.strategydiscussion"
        ).values_list("source_id", flat=True)
    }
    waiting = StrategyDiscussion.objects.filter(status=DiscussionStatus.AWAITING, convenor__isnull=True)
    return sum(1 for pk in waiting.values_list("pk", flat=True) if str(pk) not in owned)


# --- Naming invitees; invitations on "Your work" -------------------------------------------------


def _meeting_of(invitation: Invitation):
    return invitation.discussion or invitation.conference or invitation.core_group


def meeting_title(meeting) -> str:
    """The meeting in words: "strategy discussion", "initial child protection conference"."""
    if isinstance(meeting, StrategyDiscussion):
        return "strategy discussion"
    if isinstance(meeting, Conference):
        return meeting.get_kind_display().lower()
    return "core group meeting"


def _meeting_date(meeting) -> date | None:
    return meeting.scheduled_for or meeting.held_on


def _meeting_open(meeting) -> bool:
    """Still to happen: neither held (recorded) nor cancelled."""
    if meeting.is_cancelled:
        return False
    if isinstance(meeting, StrategyDiscussion):
        return meeting.status == DiscussionStatus.AWAITING
    return meeting.held_on is None


def _close_tasks(source, *, kind: str | None = None, assignee=None, outcome: str = "", status=TaskStatus.DONE) -> int:
    source_type, source_id = source_ref(source)
    tasks = Task.objects.filter(source_type=source_type, source_id=source_id, status=TaskStatus.OPEN)
    if kind:
        tasks = tasks.filter(kind=kind)
    if assignee is not None:
        tasks = tasks.filter(assignee=assignee)
    return tasks.update(status=status, completed_at=timezone.now(), outcome=outcome)


def _invite_task(invitation: Invitation) -> None:
    """The named invitee sees the invitation on "Your work" (once per meeting, however many rows
    name them), due on the meeting's date; it links to the meeting's page."""
    if invitation.practitioner_id is None or invitation.removed:
        return
    meeting = _meeting_of(invitation)
    if not _meeting_open(meeting) or _meeting_date(meeting) is None:
        return  # sent when the meeting has a date
    source_type, source_id = source_ref(meeting)
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

    children = _children_of(invitation)
    selectors.check_change(actor, children)
    errors: dict = {}
    if invitation.removed:
        _add(errors, "invitation_id", "This invitee has been removed from the meeting")
    if not _meeting_open(_meeting_of(invitation)):
        _add(errors, "invitation_id", "This meeting has already been held")
    if not is_listed(practitioner):
        _add(errors, "practitioner_id", "Choose a practitioner from the directory")
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


# --- Section 47 enquiries -------------------------------------------------------------------------


@transaction.atomic
def section47_record(
    *,
    actor,
    enquiry: Section47Enquiry,
    complete: bool,
    started_on: date | None,
    social_worker_findings: str = "",
    police_findings: str = "",
    concerns_substantiated: str = "",
    icpc_needed: str = "",
    next_step: str = "",
    outcome_reason: str = "",
    concluded_on: date | None = None,
) -> Section47Enquiry:
    """Record the enquiry's findings (saved as they come in) and, when `complete`, its outcome: were
    the concerns substantiated, is an initial conference needed (and if not, a child in need plan or
    no further action), with reasons and the completion date. Field-level errors save nothing."""
    person_access_check(actor=actor, person=enquiry.child, action=policy.Action.CHANGE, audit=False)
    today = timezone.localdate()
    held_on = enquiry.discussion.held_on
    yes_no = {ConsideredDecision.YES, ConsideredDecision.NO}
    errors: dict = {}
    if enquiry.outcome:
        _add(errors, "outcome", "This enquiry is complete: its outcome has been recorded")
    if not isinstance(started_on, date):
        _add(errors, "started_on", "Enter the date the enquiry started")
    elif started_on > today:
        _add(errors, "started_on", "The start date must be today or in the past")
    elif held_on and started_on < held_on:
        _add(
            errors,
            "started_on",
            f"The enquiry cannot start before the strategy discussion that decided it ({held_on:%-d %B %Y})",
        )
    if complete:
        if len(_text(social_worker_findings)) < MIN_REASON:
            _add(errors, "social_worker_findings", "Record the social worker's findings")
        if enquiry.kind == Section47Decision.JOINT and len(_text(police_findings)) < MIN_REASON:
            _add(errors, "police_findings", "Record the police officer's findings: this is a joint enquiry")
        if concerns_substantiated not in yes_no:
            _add(errors, "concerns_substantiated", "Say whether the concerns were substantiated")
        if icpc_needed not in yes_no:
            _add(errors, "icpc_needed", "Say whether an initial child protection conference is needed")
        elif icpc_needed == ConsideredDecision.NO and next_step not in (
            Section47Enquiry.Outcome.CIN,
            Section47Enquiry.Outcome.NFA,
        ):
            _add(errors, "next_step", "Choose a child in need plan or no further action")
        if len(_text(outcome_reason)) < MIN_REASON:
            _add(errors, "outcome_reason", "Give the reasons for the outcome")
        if not isinstance(concluded_on, date):
            _add(errors, "concluded_on", "Enter the date the enquiry was completed")
        elif concluded_on > today:
            _add(errors, "concluded_on", "The completion date must be today or in the past")
        elif isinstance(started_on, date) and concluded_on < started_on:
            _add(errors, "concluded_on", "The completion date must be on or after the start date")
    elif not (_text(social_worker_findings) or _text(police_findings)):
        _add(errors, "social_worker_findings", "Record the findings so far")
    _raise(errors)
    enquiry.started_on = started_on
    enquiry.social_worker_findings = _text(social_worker_findings)
    enquiry.police_findings = _text(police_findings)
    enquiry.updated_by = actor
    if complete:
        enquiry.concerns_substantiated, enquiry.icpc_needed = concerns_substantiated, icpc_needed
        enquiry.outcome = Section47Enquiry.Outcome.ICPC if icpc_needed == ConsideredDecision.YES else next_step
        enquiry.outcome_reason, enquiry.concluded_on = _text(outcome_reason), concluded_on
    enquiry.save()
    if complete:
        substantiated = "substantiated" if concerns_substantiated == ConsideredDecision.YES else "not substantiated"
        chronology_event_record(
            person=enquiry.child,
            event_type=EventType.SECTION_47,
            occurred_on=concluded_on,
            summary=f"Section 47 enquiry completed: concerns {substantiated}; {enquiry.get_outcome_display().lower()}",
            actor=actor,
            source=enquiry,
        )
    _audit(
        actor, AuditAction.CHANGE, enquiry, enquiry.child,
        "completed a section 47 enquiry" if complete else "recorded section 47 findings",
        {"outcome": enquiry.outcome} if complete else None,
    )  # fmt: skip
    return enquiry


# --- Meetings as meetings: arranged, rescheduled, cancelled ---------------------------------------


def _core_group_proposals(plan: Plan):
    return rules.propose_invitations(
        children=[plan.child],
        lead_social_worker=selectors.lead_social_worker(plan.child),
        sexual_abuse_suspected=plan.category == "SAB",
    )


def _follows(*, kind: str, child: Person, plan: Plan | None) -> tuple[date | None, str]:
    """The date of what a conference follows, and what it is in words."""
    if kind == Conference.Kind.INITIAL:
        return selectors.last_strategy_discussion_date(child), "the strategy discussion"
    if plan is not None:
        return plan.started_on, "the initial child protection conference"
    return None, ""


def _meeting_follows(meeting) -> tuple[date | None, str]:
    if isinstance(meeting, StrategyDiscussion):
        return timezone.localdate(meeting.created_at), "the decision to hold it"
    if isinstance(meeting, Conference):
        return _follows(kind=meeting.kind, child=meeting.child, plan=meeting.plan)
    return meeting.plan.started_on, "the initial child protection conference"


def _before_message(title: str, what: str, on: date) -> str:
    return f"The {title} cannot be before {what} ({on:%-d %B %Y})"


def time_in_words(value: time | None) -> str:
    """GOV.UK style: 10am, 2:30pm, midday."""
    if value is None:
        return ""
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def arrangements_in_words(meeting) -> str:
    """"Monday 7 December 2026 at 10am, Room 2, Shire Hall" (for history, chronology and tasks)."""
    when = _meeting_date(meeting)
    text = f"{when:%A %-d %B %Y}" if when else "No date set"
    if meeting.starts_at:
        text += f" at {time_in_words(meeting.starts_at)}"
    if meeting.place:
        text += f", {meeting.place}"
    return text[:400]


def _meeting_children_of(meeting) -> list[Person]:
    if isinstance(meeting, StrategyDiscussion):
        return list(meeting.children.all())
    if isinstance(meeting, Conference):
        return [meeting.child]
    return [meeting.plan.child]


def _check_arrangements(errors: dict, meeting, *, scheduled_for, starts_at, place) -> None:
    """A date (today or later, and not before what the meeting follows), a time and a place."""
    title = meeting_title(meeting)
    if not isinstance(scheduled_for, date):
        _add(errors, "scheduled_for", f"Enter the date of the {title}")
    elif scheduled_for < timezone.localdate():
        _add(errors, "scheduled_for", f"The date of the {title} must be today or in the future")
    else:
        follows_on, what = _meeting_follows(meeting)
        if follows_on and scheduled_for < follows_on:
            _add(errors, "scheduled_for", _before_message(title, what, follows_on))
    if not isinstance(starts_at, time):
        _add(errors, "starts_at", "Enter the time the meeting starts, like 10am or 2:30pm")
    if len(_text(place)) < 3:
        _add(errors, "place", "Enter where the meeting is, or how to join the call")


def _set_arrangements(meeting, *, scheduled_for, starts_at, place) -> None:
    meeting.scheduled_for, meeting.starts_at, meeting.place = scheduled_for, starts_at, _text(place)[:300]
    meeting.save(update_fields=["scheduled_for", "starts_at", "place"])


def _meeting_events(meeting, *, actor, event_type, summary, on: date) -> None:
    for child in _meeting_children_of(meeting):
        chronology_event_record(
            person=child, event_type=event_type, occurred_on=on, summary=summary, actor=actor, source=meeting
        )


def _check_meeting_change(actor, meeting) -> list[Person]:
    children = _meeting_children_of(meeting)
    selectors.check_change(actor, children)
    return children


@transaction.atomic
def strategy_discussion_arrange(
    *, actor, discussion: StrategyDiscussion, scheduled_for: date | None, starts_at: time | None, place: str
) -> StrategyDiscussion:
    """Set the strategy discussion's date, time and place (or call details); every named invitee
    then has the invitation on "Your work"."""
    children = _check_meeting_change(actor, discussion)
    errors: dict = {}
    if not _meeting_open(discussion):
        _add(errors, "scheduled_for", "This strategy discussion has been held or cancelled")
    elif discussion.scheduled_for:
        _add(errors, "scheduled_for", "This strategy discussion is already arranged: reschedule it instead")
    if not errors:
        _check_arrangements(errors, discussion, scheduled_for=scheduled_for, starts_at=starts_at, place=place)
    _raise(errors)
    _set_arrangements(discussion, scheduled_for=scheduled_for, starts_at=starts_at, place=place)
    invitations_send(discussion)
    when = arrangements_in_words(discussion)
    _meeting_events(discussion, actor=actor, event_type=EventType.MEETING_SCHEDULED, on=timezone.localdate(),
                    summary=f"Strategy discussion arranged for {when}")  # fmt: skip
    _audit(actor, AuditAction.CHANGE, discussion, children[0], "arranged a strategy discussion")
    return discussion


@transaction.atomic
def core_group_schedule(
    *, actor, plan: Plan, scheduled_for: date | None, starts_at: time | None, place: str
) -> CoreGroup:
    """Arrange a core group meeting for an active plan, with the invitation list the rules propose;
    it cannot be before the initial conference that made the plan."""
    _check_plan_change(actor, plan)
    errors: dict = {}
    if plan.status != PlanStatus.ACTIVE:
        _add(errors, "plan", "Core groups meet only for an active plan")
    else:
        _check_arrangements(
            errors, CoreGroup(plan=plan), scheduled_for=scheduled_for, starts_at=starts_at, place=place
        )
    _raise(errors)
    core_group = CoreGroup.objects.create(
        plan=plan, scheduled_for=scheduled_for, starts_at=starts_at, place=_text(place)[:300]
    )
    _create_invitations({"core_group": core_group}, _core_group_proposals(plan))
    _meeting_events(core_group, actor=actor, event_type=EventType.MEETING_SCHEDULED, on=timezone.localdate(),
                    summary=f"Core group arranged for {arrangements_in_words(core_group)}")  # fmt: skip
    _audit(actor, AuditAction.CREATE, core_group, plan.child, "arranged a core group")
    return core_group


def _invitation_tasks_follow(meeting) -> None:
    """Invitees' tasks move with the meeting's new date."""
    source_type, source_id = source_ref(meeting)
    Task.objects.filter(
        source_type=source_type, source_id=source_id, kind__in=["meeting_invitation", "chair_conference"],
        status=TaskStatus.OPEN,
    ).update(due_on=_meeting_date(meeting))  # fmt: skip


@transaction.atomic
def meeting_reschedule(
    *, actor, meeting, scheduled_for: date | None, starts_at: time | None, place: str, reason: str
) -> MeetingChange:
    """Move a meeting still to happen to a new date, time or place, with the reason. The change is
    kept with the meeting, on each child's chronology and in the audit log; invitees' tasks follow."""
    children = _check_meeting_change(actor, meeting)
    errors: dict = {}
    if not _meeting_open(meeting):
        _add(errors, "scheduled_for", f"This {meeting_title(meeting)} has been held or cancelled")
    elif _meeting_date(meeting) is None:
        _add(errors, "scheduled_for", f"This {meeting_title(meeting)} has no date yet: arrange it first")
    if not errors:
        _check_arrangements(errors, meeting, scheduled_for=scheduled_for, starts_at=starts_at, place=place)
    unchanged = (scheduled_for, starts_at, _text(place)) == (meeting.scheduled_for, meeting.starts_at, meeting.place)
    if not errors and unchanged:
        _add(errors, "scheduled_for", "Change the date, time or place to reschedule")
    if len(_text(reason)) < MIN_REASON:
        _add(errors, "reason", "Give the reason for rescheduling")
    _raise(errors)
    was = arrangements_in_words(meeting)
    _set_arrangements(meeting, scheduled_for=scheduled_for, starts_at=starts_at, place=place)
    if isinstance(meeting, Conference) and meeting.due_on and scheduled_for > meeting.due_on:
        meeting.late_reason = meeting.late_reason or _text(reason)
        meeting.save(update_fields=["late_reason"])
    now = arrangements_in_words(meeting)
    change = MeetingChange.objects.create(
        **_meeting_kwargs(meeting), change=MeetingChange.Change.RESCHEDULED, was=was, now=now, reason=_text(reason),
        changed_by=actor,
    )  # fmt: skip
    _invitation_tasks_follow(meeting)
    title = meeting_title(meeting)
    _meeting_events(meeting, actor=actor, event_type=EventType.MEETING_RESCHEDULED, on=timezone.localdate(),
                    summary=f"{title.capitalize()} moved from {was} to {now}: {_text(reason)}")  # fmt: skip
    _audit(actor, AuditAction.CHANGE, meeting, children[0], f"rescheduled a {title}", {"was": was, "now": now})
    return change


@transaction.atomic
def meeting_cancel(*, actor, meeting, reason: str) -> MeetingChange:
    """Call off a meeting still to happen, with the reason; invitations are withdrawn."""
    children = _check_meeting_change(actor, meeting)
    errors: dict = {}
    if not _meeting_open(meeting):
        _add(errors, "reason", f"This {meeting_title(meeting)} has been held or cancelled")
    if len(_text(reason)) < MIN_REASON:
        _add(errors, "reason", "Give the reason for cancelling")
    _raise(errors)
    was = arrangements_in_words(meeting)
    meeting.cancelled_at, meeting.cancel_reason = timezone.now(), _text(reason)
    fields = ["cancelled_at", "cancel_reason"]
    if isinstance(meeting, StrategyDiscussion):
        meeting.status = DiscussionStatus.CANCELLED
        fields.append("status")
    meeting.save(update_fields=fields)
    change = MeetingChange.objects.create(
        **_meeting_kwargs(meeting), change=MeetingChange.Change.CANCELLED, was=was, reason=_text(reason),
        changed_by=actor,
    )  # fmt: skip
    _close_tasks(meeting, outcome=f"Cancelled: {_text(reason)}", status=TaskStatus.CANCELLED)
    title = meeting_title(meeting)
    _meeting_events(meeting, actor=actor, event_type=EventType.MEETING_CANCELLED, on=timezone.localdate(),
                    summary=f"{title.capitalize()} ({was}) cancelled: {_text(reason)}")  # fmt: skip
    _audit(actor, AuditAction.CHANGE, meeting, children[0], f"cancelled a {title}")
    return change


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
