"""The front door decision: which team receives the work, recording the decision and what
follows it, and dissent or challenge about it."""

from __future__ import annotations

from datetime import datetime, time

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.errors import InvalidInput
from safeguard.access.models import AuditAction, Involvement, InvolvementKind
from safeguard.access.services import involvement_end_for_source, involvement_grant
from safeguard.agencies.models import Membership, Team
from safeguard.agencies.roles import AgencyType, Role
from safeguard.challenges.services import challenge_raise
from safeguard.core import clock
from safeguard.core.models import EventType
from safeguard.core.services import (
    chronology_event_record,
    handoff_raise,
    task_create,
    tasks_complete_for,
)
from safeguard.core.signals import referral_made, strategy_discussion_needed
from safeguard.frontdoor import rules
from safeguard.frontdoor.codes import (
    SEXUAL_ABUSE_CONCERNS,
    ContactStatus,
    Outcome,
    SubjectRole,
)
from safeguard.frontdoor.errors import Conflict
from safeguard.frontdoor.models import (
    Assessment,
    Contact,
    Decision,
    EarlyHelpReferral,
    TriageItem,
)
from safeguard.frontdoor.validation import (
    CHALLENGE_CHILD_REQUIRED,
    CHALLENGE_CONCERN_REQUIRED,
    DECISION_OUTCOME_REQUIRED,
    DECISION_RATIONALE_REQUIRED,
    MIN_REASON,
    RECEIVING_TEAM_INVALID,
)
from safeguard.people.models import Person
from safeguard.people.validation import Errors

from .common import NFA_OUTCOMES, _audit, linked_people

# Decisions that pass work on to a team, which allocates it to a named worker.
HANDOFF_OUTCOMES = frozenset({Outcome.ASSESSMENT, Outcome.STRATEGY_DISCUSSION, Outcome.EARLY_HELP})


SOCIAL_WORK_OUTCOMES = frozenset({Outcome.ASSESSMENT, Outcome.STRATEGY_DISCUSSION})


def social_work_teams():
    """Children's social care teams (not the front door) that have a team manager to allocate."""
    today = timezone.localdate()
    managed = (
        Membership.objects.filter(role=Role.SOCIAL_WORK_MANAGER, starts_on__lte=today, practitioner__is_active=True)
        .exclude(ends_on__lt=today)
        .values("team_id")
    )
    return (
        Team.objects.filter(agency__agency_type=AgencyType.CHILDRENS_SOCIAL_CARE, is_front_door=False, pk__in=managed)
        .select_related("agency")
        .order_by("name")
    )


def receiving_team_for(*, contact: Contact, outcome: str, children: list[Person], team_id=None) -> Team:
    """Who takes the work on: the team the manager chose; else the social work team already holding
    a child's episode; else the first social work team. Early help goes to the front door's own
    first point of contact service. With no social work team set up, the front door keeps it."""
    teams = social_work_teams()
    if outcome in SOCIAL_WORK_OUTCOMES:
        if team_id:
            chosen = teams.filter(pk=team_id).first()
            if chosen is None:
                raise InvalidInput({"receiving_team_id": [RECEIVING_TEAM_INVALID]})
            return chosen
        holding = (
            Involvement.objects.active()
            .filter(person__in=children, kind=InvolvementKind.TEAM_EPISODE, team__in=teams)
            .order_by("starts_at")
            .first()
        )
        if holding is not None:
            return holding.team
        return teams.first() or contact.team
    return contact.team


@transaction.atomic
def decision_record(
    *,
    actor,
    contact: Contact,
    outcome: str,
    rationale: str,
    history_acknowledgement: str = "",
    receiving_team_id=None,
) -> Decision:
    """The front door manager's threshold decision, with who agreed. Creates the next record."""
    records.require(actor, "work", contact)
    records.require(actor, "make", Decision)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if not contact.is_open:
        raise Conflict("This contact has already been decided.")
    errors = Errors()
    if outcome not in Outcome.values:
        errors.add("outcome", DECISION_OUTCOME_REQUIRED)
    if len((rationale or "").strip()) < MIN_REASON:
        errors.add("rationale", DECISION_RATIONALE_REQUIRED)
    if contact.subjects.filter(person__isnull=True).exists():
        errors.add("subjects", "Confirm a match or record a new person for everyone named before deciding")
    children = linked_people(contact, children_only=True)
    concern = rules.cumulative_concern(children=children) if children else None
    if (
        concern
        and concern.triggered
        and outcome in NFA_OUTCOMES
        and len((history_acknowledgement or "").strip()) < MIN_REASON
    ):
        errors.add(
            "history_acknowledgement",
            f"{concern.summary}: explain why no further action is right given this history",
        )
    errors.raise_if_any()
    receiving_team = None
    if outcome in HANDOFF_OUTCOMES:
        receiving_team = receiving_team_for(
            contact=contact, outcome=outcome, children=children, team_id=receiving_team_id
        )

    now = timezone.now()
    decision = Decision.objects.create(
        receiving_team=receiving_team,
        contact=contact,
        outcome=outcome,
        rationale=rationale.strip(),
        history_acknowledgement=(history_acknowledgement or "").strip(),
        decided_by=actor,
        decided_at=now,
        within_timescale=timezone.localdate(now) <= contact.decision_due_on,
        cumulative_concern=bool(concern and concern.triggered),
    )
    views = list(contact.threshold_views.select_related("agency", "recorded_by"))
    agreed = {v.agency_id for v in views if v.recommended_outcome == outcome}
    if actor.primary_agency:
        agreed.add(actor.primary_agency.pk)
    decision.agreed_agencies.set(agreed)
    contact.status = ContactStatus.DECIDED
    contact.save(update_fields=["status"])
    tasks_complete_for(source=contact, kinds=["contact_decision"], outcome=f"Decided: {Outcome(outcome).label}")

    today = timezone.localdate(now)
    label = Outcome(outcome).label
    for child in children:
        chronology_event_record(
            person=child,
            event_type=EventType.DECISION_MADE,
            occurred_on=today,
            summary=f"Front door decision: {label}",
            actor=actor,
            source=decision,
        )
    _next_record(actor=actor, decision=decision, children=children, today=today)
    if outcome in SOCIAL_WORK_OUTCOMES and children:
        referral_made.send(sender=Decision, decision=decision, children=children, actor=actor)

    # Agencies whose view differed are told, so that they can challenge (see decision_challenge_raise).
    challenge_due = clock.challenge_stage_due(today, 0)
    for view in views:
        if view.recommended_outcome != outcome:
            task_create(
                kind="threshold_dissent",
                title=f"The front door decided '{label}', which differs from your agency's view",
                due_on=challenge_due,
                assignee=view.recorded_by,
                source=decision,
            )
    involvement_end_for_source(source=contact)
    _audit(
        actor=actor,
        action=AuditAction.CREATE,
        record=decision,
        purpose="recorded a threshold decision",
        people=linked_people(contact),
        detail={"outcome": outcome, "agreed": sorted(agreed)},
    )
    return decision


def named_people_of(contact: Contact) -> dict[str, list[Person]]:
    """The adults the contact named, by role, for the work that follows (e.g. the strategy
    discussion, so the rule on other children linked to the same adults sees them)."""
    perpetrators: dict = {}
    adults: dict = {}
    for subject in contact.subjects.select_related("person"):
        if subject.person is None:
            continue
        if subject.role == SubjectRole.ALLEGED_PERPETRATOR:
            perpetrators[subject.person.pk] = subject.person
        elif subject.role in (SubjectRole.PARENT_CARER, SubjectRole.OTHER_ADULT):
            adults[subject.person.pk] = subject.person
    return {"alleged_perpetrators": list(perpetrators.values()), "named_adults": list(adults.values())}


def informants_of(contact: Contact) -> list:
    """The practitioners who answered the front door's information requests about this contact,
    earliest answer first: they know the concern, so the meeting that follows names them."""
    answered = contact.information_requests.filter(answered_by__isnull=False).select_related("answered_by")
    return list({r.answered_by_id: r.answered_by for r in answered.order_by("answered_at")}.values())


def _names(children: list[Person]) -> str:
    names = [c.full_name for c in children]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def _next_record(*, actor, decision: Decision, children: list[Person], today) -> None:
    """Create the work the decision passes on, with an owner from this moment: the receiving team's
    allocation queue (assessment, strategy discussion, early help) or the triage agenda."""
    outcome = decision.outcome
    if outcome == Outcome.ASSESSMENT:
        due = clock.assessment_due(today)
        for child in children:
            assessment = Assessment.objects.create(decision=decision, person=child, started_on=today, due_on=due)
            chronology_event_record(
                person=child,
                event_type=EventType.ASSESSMENT_STARTED,
                occurred_on=today,
                summary=f"Child and family assessment started, due {due:%-d %B %Y}",
                actor=actor,
                source=assessment,
            )
        handoff_raise(
            kind="allocate_assessment",
            title=f"Allocate the child and family assessment for {_names(children)}",
            team=decision.receiving_team,
            children=children,
            due_on=due,
            source=decision,
        )
    elif outcome == Outcome.EARLY_HELP:
        referral = EarlyHelpReferral.objects.create(decision=decision, referred_to=str(decision.receiving_team))
        for child in children:
            chronology_event_record(
                person=child,
                event_type=EventType.EARLY_HELP_REFERRED,
                occurred_on=today,
                summary="Signposted to early help or targeted youth support",
                actor=actor,
                source=referral,
            )
        handoff_raise(
            kind="allocate_early_help",
            title=f"Allocate the early help referral for {_names(children)}",
            team=decision.receiving_team,
            children=children,
            due_on=clock.next_working_day(today),
            source=decision,
        )
    elif outcome == Outcome.DA_TRIAGE:
        item, _ = TriageItem.objects.get_or_create(contact=decision.contact)
        task_create(
            kind="triage_waiting",
            title=f"Domestic abuse triage: {_names(children) or 'a contact'} waits for the next meeting",
            due_on=clock.next_working_day(today),
            team=decision.contact.team,
            person=children[0] if children else None,
            source=item,
            subject=item,
        )
    elif outcome == Outcome.STRATEGY_DISCUSSION:
        strategy_discussion_needed.send(
            sender=Decision,
            children=children,
            actor=actor,
            source=decision,
            reason=decision.rationale,
            sexual_abuse_suspected=bool(SEXUAL_ABUSE_CONCERNS & set(decision.contact.categories or [])),
            team=decision.receiving_team,
            informants=informants_of(decision.contact),
            **named_people_of(decision.contact),
        )


def decision_dissent_read(*, actor, decision: Decision) -> int:
    """The practitioner whose agency's view differed has read the decision: their task is done."""
    return tasks_complete_for(source=decision, kinds=["threshold_dissent"], assignee=actor, outcome="Read the decision")


def decision_challenge_raise(*, actor, decision: Decision, person_id, concern: str, desired_outcome: str = ""):
    """A practitioner who disagrees challenges the decision; the deciding manager owns the first stage.

    Those with a part in the decision (the front door, agencies asked for information, the referrer)
    may challenge even when they no longer see the child: they are given sight of the child, view
    only, until the first stage of the challenge is due."""
    records.require(actor, "view", decision)
    children = linked_people(decision.contact, children_only=True)
    has_part = bool(records.contact_scope(actor, decision.contact))
    person = next((c for c in children if str(c.pk) == str(person_id)), None)
    if person is None:
        raise InvalidInput({"person_id": [CHALLENGE_CHILD_REQUIRED]})
    with transaction.atomic():
        if has_part and not records.allows(actor, "view", person):
            if len((concern or "").strip()) < 10:
                raise InvalidInput({"concern": [CHALLENGE_CONCERN_REQUIRED]})
            until = timezone.make_aware(
                datetime.combine(clock.challenge_stage_due(timezone.localdate(), 0), time(23, 59))
            )
            involvement_grant(
                person=person,
                kind=InvolvementKind.INFORMATION_REQUEST,
                practitioner=actor,
                source=decision,
                ends_at=until,
            )
        return challenge_raise(
            actor=actor,
            person=person,
            concern=concern,
            owner=decision.decided_by,
            subject=decision,
            desired_outcome=desired_outcome,
        )
