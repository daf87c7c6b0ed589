"""Strategy discussions: proposed (by hand or from a front door decision), arranged,
updated and recorded with their outcome."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.errors import InvalidInput
from safeguard.access.models import AuditAction, InvolvementKind
from safeguard.access.services import involvement_grant
from safeguard.core import clock
from safeguard.core.models import EventType, Task, TaskStatus
from safeguard.core.services import chronology_event_record, handoff_raise, source_ref, task_create
from safeguard.people.models import Person
from safeguard.protection import nextsteps, rules, selectors
from safeguard.protection.inputs.discussions import (
    CHILDREN_REQUIRED,
    DISCUSSION_REASON_REQUIRED,
    INFORMATION_SHARED_REQUIRED,
    SECTION_47_REQUIRED,
)
from safeguard.protection.models import (
    ConsideredDecision,
    DiscussionChild,
    DiscussionStatus,
    Section47Decision,
    Section47Enquiry,
    StrategyDiscussion,
)
from safeguard.protection.validation import DISCUSSION_HELD_ON_REQUIRED

from .actions import _create_actions, _validate_actions
from .common import MIN_REASON, _add, _audit, _close_tasks, _convening_task_owner, _meeting_open, _raise, _team, _text
from .invitations import _apply_attendance, _create_invitations, _save_attendance, invitations_send
from .meetings import (
    _check_arrangements,
    _check_meeting_change,
    _meeting_events,
    _set_arrangements,
    arrangements_in_words,
)


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
    informants=(),
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
        informants=informants,
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
        _add(errors, "child_ids", CHILDREN_REQUIRED)
    if len(_text(reason)) < MIN_REASON:
        _add(errors, "reason", DISCUSSION_REASON_REQUIRED)
    _raise(errors)
    for child in children:
        records.require(actor, "change", child)
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
    informants=(),
) -> StrategyDiscussion:
    """The front door's decision said a strategy discussion is needed: the decision itself was
    authorised by the front door, so no further access check is made here. The people the contact
    named (alleged perpetrators, household adults) come with it, and the practitioners who answered
    the front door's information requests are named for their agencies."""
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
            informants=list(informants),
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
    records.require(actor, "update", discussion)
    if discussion.status != DiscussionStatus.AWAITING:
        raise InvalidInput({"status": ["This strategy discussion has already been held"]})
    if sexual_abuse_suspected is not None:
        discussion.sexual_abuse_suspected = sexual_abuse_suspected
    if non_recent_abuse is not None:
        discussion.non_recent_abuse = non_recent_abuse
    discussion.save(update_fields=["sexual_abuse_suspected", "non_recent_abuse"])
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
        # Whoever is already invited by name stays the one named (e.g. the officer who answered the
        # front door), rather than a second row for their agency being proposed beside them.
        informants=[i.practitioner for i in discussion.invitations.filter(removed=False, practitioner__isnull=False)],
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
    records.require(actor, "record_outcome", discussion)
    errors: dict = {}
    if discussion.is_cancelled:
        _add(errors, "status", "This strategy discussion was cancelled")
    elif discussion.status != DiscussionStatus.AWAITING:
        _add(errors, "status", "This strategy discussion has already been recorded")
    if not isinstance(held_on, date):
        _add(errors, "held_on", DISCUSSION_HELD_ON_REQUIRED)
    elif held_on > timezone.localdate():
        _add(errors, "held_on", "The date the strategy discussion was held must be today or in the past")
    updates = _apply_attendance(discussion.invitations.all(), attendance or [], errors, require_all=True)
    if not _text(information_shared):
        _add(errors, "information_shared", INFORMATION_SHARED_REQUIRED)
    if section_47 not in Section47Decision.values:
        _add(errors, "section_47", SECTION_47_REQUIRED)
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
    discussion.save(
        update_fields=[
            "held_on", "convenor", "information_shared", "section_47", "section_47_reason", "abe_interview_planned",
            "abe_police_investigator", "abe_social_worker_role", "medical_examination", "medical_examination_reason",
            "psas_referral", "psas_referral_reason", "status",
        ]
    )  # fmt: skip
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
                nextsteps.enquiry_started(enquiry=enquiry, actor=actor)
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
