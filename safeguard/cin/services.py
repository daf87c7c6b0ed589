"""Every write to children in need casework: episodes, assessments' census details, child in need
plans and a child's census characteristics. Validated (every problem at once, on its field),
audited and put on the chronology in one transaction. Keyword-only `thing_verb(*, actor, ...)`."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.audit import audit_record
from safeguard.access.errors import InvalidInput, NotFound
from safeguard.access.models import AuditAction
from safeguard.cin import inputs
from safeguard.cin.codes import AssessmentFactor, ClosureReason, PrimaryNeed
from safeguard.cin.models import CINEpisode, CINPlan
from safeguard.core.inputs import date_problem
from safeguard.core.models import EventType
from safeguard.core.services import chronology_event_record, task_raise, tasks_complete_for
from safeguard.frontdoor.codes import ReferralSource
from safeguard.frontdoor.models import Assessment, Decision
from safeguard.people.codes import IdentifierType
from safeguard.people.identifiers import validate_upn
from safeguard.people.models import Person
from safeguard.people.services import identifier_set, person_update
from safeguard.people.validation import Errors, clean_person
from safeguard.web.presenters import date_in_words

ASSESSMENT_TASK = "cin_assessment"


def _past_problem(definition, field: str, day) -> str:
    """A date after today, refused in the words of the write's input definition (page, API, here)."""
    return date_problem(day, what=definition.fields[field].what, past=True) or ""


def _actor_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _in_words(day: date) -> str:
    return date_in_words(day, weekday=False)


def open_episode_of(child: Person) -> CINEpisode | None:
    return CINEpisode.objects.filter(child=child, closure_date__isnull=True).first()


# --- Episodes ---------------------------------------------------------------------------------------


@transaction.atomic
def episode_open(
    *,
    actor,
    child: Person,
    referral_date: date,
    referral_source: str,
    contact=None,
    decision=None,
    team=None,
) -> tuple[CINEpisode, bool]:
    """Open a children in need episode for a referral, or join the child's open one (a new referral
    while an episode is open is part of it, as the census counts it). Returns (episode, created)."""
    errors = Errors()
    if referral_source not in ReferralSource.values:
        errors.add("referral_source", "Select where the referral came from")
    if referral_date > timezone.localdate():
        errors.add("referral_date", "The referral date must be today or in the past")
    errors.raise_if_any()
    Person.objects.select_for_update().filter(pk=child.pk).first()  # one open episode, even at once
    existing = open_episode_of(child)
    if existing is not None:
        return existing, False
    episode = CINEpisode.objects.create(
        child=child,
        referral_date=referral_date,
        referral_source=referral_source,
        contact=contact,
        decision=decision,
        team=team,
        created_by=_actor_or_none(actor),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        record=episode,
        person=child,
        purpose="opened a children in need episode for a referral",
    )
    return episode, True


def referral_episodes_open(*, actor, decision: Decision, children: list[Person]) -> list[CINEpisode]:
    """A front door decision made the contact a referral: each child's episode opens (referral date
    = the day the contact arrived, its source, the receiving team) or continues; the decision's
    assessments join it, and each assessment is put in front of the team as a task."""
    contact = decision.contact
    received = timezone.localdate(contact.received_at)
    episodes = []
    for child in children:
        episode, _ = episode_open(
            actor=actor,
            child=child,
            referral_date=min(received, timezone.localdate()),
            referral_source=contact.referral_source,
            contact=contact,
            decision=decision,
            team=decision.receiving_team,
        )
        for assessment in Assessment.objects.filter(decision=decision, person=child, episode__isnull=True):
            assessment.episode = episode
            assessment.save(update_fields=["episode"])
            assessment_task_raise(assessment=assessment, team=decision.receiving_team or contact.team)
        episodes.append(episode)
    return episodes


def assessment_task_raise(*, assessment: Assessment, team=None, assignee=None):
    """The child and family assessment waits in the team's queue (or with the allocated worker)
    until it is authorised on its page; the task shows its 45-working-day clock."""
    return task_raise(
        kind=ASSESSMENT_TASK,
        title=f"Complete the child and family assessment for {assessment.person.full_name}",
        due_on=assessment.due_on,
        assignee=assignee,
        team=team,
        person=assessment.person,
        source=assessment,
        subject=assessment,
    )


def _open_cp_plan(child: Person):
    from safeguard.protection.models import Plan, PlanStatus

    return Plan.objects.filter(child=child, ended_on__isnull=True).exclude(status=PlanStatus.ENDED).first()


@transaction.atomic
def episode_close(*, actor, episode: CINEpisode, closure_date: date | None, closure_reason: str) -> CINEpisode:
    """Close the episode with the date and reason the census needs. Refused while a child protection
    plan is open or an assessment waits for authorisation; an open child in need plan ends on the
    closure date. A referral that led to nothing (no assessment, enquiry or plan) is recorded as
    'no further action'. Nothing changes on bad input."""
    records.require(actor, "close", episode)
    episode = CINEpisode.objects.select_for_update().get(pk=episode.pk)
    errors = Errors()
    today = timezone.localdate()
    if not episode.is_open:
        errors.add("closure_date", "This episode is already closed")
    if closure_date is None:
        errors.add("closure_date", inputs.CLOSURE_DATE_REQUIRED)
    elif closure_date < episode.referral_date:
        referred = _in_words(episode.referral_date)
        errors.add("closure_date", f"The closure date must be on or after the referral date, {referred}")
    elif closure_date > today:
        errors.add("closure_date", _past_problem(inputs.CIN_EPISODE_CLOSE, "closure_date", closure_date))
    if closure_reason not in ClosureReason.values:
        errors.add("closure_reason", inputs.CLOSURE_REASON_REQUIRED)
    if _open_cp_plan(episode.child) is not None:
        errors.add("closure_reason", "The child has an open child protection plan: end the plan before closing")
    if episode.assessments.filter(authorised_on__isnull=True).exists():
        errors.add("closure_reason", "An assessment is not yet authorised: record its authorisation first")
    if closure_reason in AFTER_ASSESSMENT:
        if episode.plans.exists() or _episode_s47s(episode).exists() or _episode_cp_plans(episode).exists():
            errors.add("closure_reason", "This episode went beyond the assessment: choose another reason")
        elif not episode.assessments.exists() and _had_further_action(episode):
            errors.add("closure_reason", "There was no assessment in this episode: choose another reason")
    latest = _latest_activity(episode)
    if closure_date and latest and closure_date < latest:
        errors.add("closure_date", f"The closure date must be on or after the last work recorded, {_in_words(latest)}")
    errors.raise_if_any()

    for plan in episode.plans.filter(ended_on__isnull=True):
        plan.ended_on = closure_date
        plan.save(update_fields=["ended_on"])
    episode.referral_nfa = not _had_further_action(episode)
    episode.closure_date = closure_date
    episode.closure_reason = closure_reason
    episode.closed_by = _actor_or_none(actor)
    episode.save(update_fields=["closure_date", "closure_reason", "closed_by", "referral_nfa"])
    chronology_event_record(
        person=episode.child,
        event_type=EventType.OTHER,
        occurred_on=closure_date,
        summary=f"Children in need episode closed: {ClosureReason(closure_reason).label}",
        actor=actor,
        source=episode,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        record=episode,
        person=episode.child,
        purpose="closed a children in need episode",
        detail={"closure_reason": closure_reason, "referral_nfa": episode.referral_nfa},
    )
    return episode


# "Closed after assessment": the census refuses them on an episode with a plan or an enquiry.
AFTER_ASSESSMENT = frozenset({ClosureReason.NFA_AFTER_ASSESSMENT, ClosureReason.EARLY_HELP_AFTER_ASSESSMENT})


def _episode_cp_plans(episode: CINEpisode):
    plans = episode.child.cp_plans.filter(started_on__gte=episode.referral_date)
    if episode.closure_date:
        plans = plans.filter(started_on__lte=episode.closure_date)
    return plans


def _episode_s47s(episode: CINEpisode):
    from safeguard.protection.models import Section47Enquiry

    enquiries = Section47Enquiry.objects.filter(child=episode.child, started_on__gte=episode.referral_date)
    if episode.closure_date:
        enquiries = enquiries.filter(started_on__lte=episode.closure_date)
    return enquiries


def _had_further_action(episode: CINEpisode) -> bool:
    return (
        episode.assessments.exists()
        or episode.plans.exists()
        or _episode_s47s(episode).exists()
        or _episode_cp_plans(episode).exists()
    )


def _latest_activity(episode: CINEpisode) -> date | None:
    dates = [d for a in episode.assessments.all() for d in (a.started_on, a.authorised_on, a.child_seen_on) if d]
    dates += [d for p in episode.plans.all() for d in (p.started_on, p.ended_on) if d]
    dates += list(_episode_s47s(episode).values_list("started_on", flat=True))
    dates += [d for p in _episode_cp_plans(episode) for d in (p.started_on, p.ended_on) if d]
    return max(dates) if dates else None


# --- Assessments -----------------------------------------------------------------------------------


@transaction.atomic
def assessment_record(
    *,
    actor,
    assessment: Assessment,
    child_seen_on: date | None,
    factors: list[str],
    authorised_on: date | None = None,
    needs_social_care_support: bool | None = None,
    primary_need: str = "",
) -> Assessment:
    """Save what the assessment found; with an authorised date it is complete: the census and
    Annex A then need the factors, the outcome and the child's primary need, and the task closes."""
    records.require(actor, "record_findings", assessment)
    # of=self: PostgreSQL cannot lock the nullable side of the outer join to the episode.
    locked = Assessment.objects.select_for_update(of=("self",)).select_related("episode", "person")
    assessment = locked.get(pk=assessment.pk)
    errors = Errors()
    today = timezone.localdate()
    if assessment.authorised_on is not None:
        raise InvalidInput({"authorised_on": ["This assessment is already authorised"]})
    started = assessment.started_on
    if child_seen_on is not None:
        if child_seen_on < started:
            errors.add("child_seen_on", f"The date the child was seen must be on or after the assessment started, "
                                        f"{_in_words(started)}")  # fmt: skip
        elif child_seen_on > today:
            errors.add("child_seen_on", _past_problem(inputs.CIN_ASSESSMENT, "child_seen_on", child_seen_on))
    factors = list(dict.fromkeys(factors or []))
    bad = [f for f in factors if f not in AssessmentFactor.values]
    if bad:
        errors.add("factors", inputs.FACTORS_INVALID)
    if AssessmentFactor.NO_FACTORS in factors and len(factors) > 1:
        errors.add("factors", "Select 'No factors identified' on its own, or the factors the assessment found")
    if primary_need and primary_need not in PrimaryNeed.values:
        errors.add("primary_need", inputs.PRIMARY_NEED_INVALID)
    if authorised_on is not None:
        if authorised_on < started:
            errors.add("authorised_on", f"The authorised date must be on or after the assessment started, "
                                        f"{_in_words(started)}")  # fmt: skip
        elif authorised_on > today:
            errors.add("authorised_on", _past_problem(inputs.CIN_ASSESSMENT, "authorised_on", authorised_on))
        if child_seen_on is not None and authorised_on >= started and child_seen_on > authorised_on:
            errors.add("child_seen_on", "The date the child was seen must be on or before the authorised date")
        if not factors:
            errors.add("factors", "Select the factors the assessment found, or 'No factors identified'")
        if needs_social_care_support is None:
            errors.add("needs_social_care_support", "Select whether the child needs children's social care support")
        if not primary_need:
            errors.add("primary_need", "Select the child's main need")
    errors.raise_if_any()

    assessment.child_seen_on = child_seen_on
    assessment.factors = factors
    assessment.needs_social_care_support = needs_social_care_support
    fields = ["child_seen_on", "factors", "needs_social_care_support"]
    if authorised_on is not None:
        assessment.authorised_on = assessment.completed_on = authorised_on
        assessment.authorised_by = _actor_or_none(actor)
        fields += ["authorised_on", "completed_on", "authorised_by"]
    assessment.save(update_fields=fields)
    if primary_need and assessment.episode is not None and assessment.episode.primary_need != primary_need:
        assessment.episode.primary_need = primary_need
        assessment.episode.save(update_fields=["primary_need"])
    if authorised_on is not None:
        outcome = "needs support" if needs_social_care_support else "no support needed"
        tasks_complete_for(source=assessment, kinds=[ASSESSMENT_TASK], outcome=f"Authorised: {outcome}")
        chronology_event_record(
            person=assessment.person,
            event_type=EventType.OTHER,
            occurred_on=authorised_on,
            summary="Child and family assessment authorised: "
            + ("the child needs children's social care support" if needs_social_care_support
               else "no children's social care support needed"),
            actor=actor,
            source=assessment,
        )  # fmt: skip
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        record=assessment,
        person=assessment.person,
        purpose="authorised a child and family assessment" if authorised_on else "recorded assessment findings",
        detail={"fields": fields},
    )
    return assessment


# --- Child in need plans ------------------------------------------------------------------------------


@transaction.atomic
def cin_plan_start(*, actor, episode: CINEpisode, started_on: date | None) -> CINPlan:
    records.require(actor, "start_plan", episode)
    episode = CINEpisode.objects.select_for_update().get(pk=episode.pk)
    errors = Errors()
    if not episode.is_open:
        errors.add("started_on", "The episode is closed: a plan starts within an open episode")
    if started_on is None:
        errors.add("started_on", inputs.PLAN_START_REQUIRED)
    elif started_on < episode.referral_date:
        errors.add("started_on", f"The plan must start on or after the referral, {_in_words(episode.referral_date)}")
    elif started_on > timezone.localdate():
        errors.add("started_on", _past_problem(inputs.CIN_PLAN_START, "started_on", started_on))
    if episode.plans.filter(ended_on__isnull=True).exists():
        errors.add("started_on", "The child already has an open child in need plan")
    if started_on is not None and _cp_plan_running_on(episode.child, started_on):
        errors.add("started_on", "The child is on a child protection plan then: a child in need plan starts on "
                                 "or after the day it ends")  # fmt: skip
    errors.raise_if_any()
    plan = CINPlan.objects.create(
        episode=episode, child=episode.child, started_on=started_on, created_by=_actor_or_none(actor)
    )
    chronology_event_record(person=episode.child, event_type=EventType.OTHER, occurred_on=started_on,
                            summary="Child in need plan started", actor=actor, source=plan)  # fmt: skip
    audit_record(actor=actor, action=AuditAction.CREATE, record=plan, person=episode.child,
                 purpose="started a child in need plan")  # fmt: skip
    return plan


def cin_plan_from_protection(*, actor, child: Person, started_on: date) -> CINPlan | None:
    """A section 47 enquiry concluded that the child needs a child in need plan: it starts that day in
    the child's open episode, unless one is already open (then nothing changes). The social worker
    still starts it by hand where the rules refuse (say, no open episode)."""
    episode = open_episode_of(child)
    if episode is None or episode.plans.filter(ended_on__isnull=True).exists():
        return None
    try:
        with transaction.atomic():
            return cin_plan_start(actor=actor, episode=episode, started_on=started_on)
    except (InvalidInput, NotFound):
        return None


def _cp_plan_running_on(child: Person, day: date) -> bool:
    """A child protection plan covers the day (its end day is free: the census lets a child in
    need plan start on the day a child protection plan ends)."""
    from django.db.models import Q

    return child.cp_plans.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day), started_on__lte=day).exists()


@transaction.atomic
def cin_plan_end(*, actor, plan: CINPlan, ended_on: date | None) -> CINPlan:
    records.require(actor, "end", plan)
    plan = CINPlan.objects.select_for_update().get(pk=plan.pk)
    errors = Errors()
    if plan.ended_on is not None:
        errors.add("ended_on", "This plan has already ended")
    if ended_on is None:
        errors.add("ended_on", inputs.PLAN_END_REQUIRED)
    elif ended_on < plan.started_on:
        errors.add("ended_on", f"The end date must be on or after the plan started, {_in_words(plan.started_on)}")
    elif ended_on > timezone.localdate():
        errors.add("ended_on", _past_problem(inputs.CIN_PLAN_END, "ended_on", ended_on))
    errors.raise_if_any()
    plan.ended_on = ended_on
    plan.save(update_fields=["ended_on"])
    chronology_event_record(person=plan.child, event_type=EventType.OTHER, occurred_on=ended_on,
                            summary="Child in need plan ended", actor=actor, source=plan)  # fmt: skip
    audit_record(actor=actor, action=AuditAction.CHANGE, record=plan, person=plan.child,
                 purpose="ended a child in need plan")  # fmt: skip
    return plan


# --- The child's census characteristics ---------------------------------------------------------------

CHARACTERISTIC_FIELDS = ("sex", "gender", "ethnicity", "disabilities", "upn_unknown", "expected_birth_date")


@transaction.atomic
def characteristics_update(*, actor, child: Person, upn: str, **changes) -> Person:
    """The child's identifiers and characteristics as the census needs them: a UPN (with its check
    letter) or why it is not known, never both; ethnicity, disabilities, sex, gender, expected date."""
    records.require(actor, "record_cin", child)
    unknown = set(changes) - set(CHARACTERISTIC_FIELDS)
    if unknown:
        raise InvalidInput({f: ["This is not one of the child's characteristics"] for f in sorted(unknown)})
    errors = Errors()
    upn = (upn or "").strip()
    if upn and changes.get("upn_unknown"):
        errors.add("upn_unknown", "Give the unique pupil number or why it is not known, not both")
    if not upn and not changes.get("upn_unknown") and not child.is_unborn:
        errors.add("upn", "Enter the unique pupil number, or select why it is not known")
    disabilities = changes.get("disabilities")
    if disabilities is not None and not disabilities:
        changes["disabilities"] = ["NONE"]
    try:
        clean_person(changes, existing=child)
    except InvalidInput as exc:
        for field, messages in exc.errors.items():
            for message in messages:
                errors.add(field, message)
    if upn:
        try:
            validate_upn(upn)
        except ValidationError as exc:
            errors.add("upn", exc.messages[0])
    errors.raise_if_any()
    identifier_set(actor=actor, person=child, id_type=IdentifierType.UPN, value=upn, field="upn")
    return person_update(actor=actor, person=child, changes=changes)
