"""Section 47 enquiries: recording the enquiry and concluding it."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.models import AuditAction
from safeguard.core.models import EventType
from safeguard.core.services import chronology_event_record
from safeguard.core.signals import child_in_need_plan_needed
from safeguard.protection import nextsteps
from safeguard.protection.inputs.enquiries import (
    ICPC_NEEDED_REQUIRED,
    NEXT_STEP_REQUIRED,
    OUTCOME_REASON_REQUIRED,
    OUTCOME_REQUIRED,
    SUBSTANTIATED_REQUIRED,
)
from safeguard.protection.models import ConsideredDecision, Section47Decision, Section47Enquiry
from safeguard.protection.validation import ENQUIRY_STARTED_ON_REQUIRED

from .common import MIN_REASON, _add, _audit, _raise, _text


@transaction.atomic
def section47_conclude(
    *, actor, enquiry: Section47Enquiry, outcome: str, reason: str, concluded_on: date | None = None
) -> Section47Enquiry:
    records.require(actor, "record", enquiry)
    errors: dict = {}
    if enquiry.outcome:
        _add(errors, "outcome", "This enquiry already has an outcome")
    if outcome not in {o for o in Section47Enquiry.Outcome.values if o}:
        _add(errors, "outcome", OUTCOME_REQUIRED)
    if len(_text(reason)) < MIN_REASON:
        _add(errors, "reason", OUTCOME_REASON_REQUIRED)
    _raise(errors)
    enquiry.outcome, enquiry.outcome_reason = outcome, _text(reason)
    enquiry.icpc_needed = ConsideredDecision.YES if outcome == Section47Enquiry.Outcome.ICPC else ConsideredDecision.NO
    enquiry.concerns_substantiated = enquiry.concerns_substantiated or (
        ConsideredDecision.YES if outcome == Section47Enquiry.Outcome.ICPC else ConsideredDecision.NO
    )
    enquiry.concluded_on = concluded_on or timezone.localdate()
    enquiry.updated_by = actor
    changed = ["outcome", "outcome_reason", "icpc_needed", "concerns_substantiated", "concluded_on", "updated_by"]
    enquiry.save(update_fields=changed)
    chronology_event_record(
        person=enquiry.child,
        event_type=EventType.SECTION_47,
        occurred_on=enquiry.concluded_on,
        summary=f"Section 47 enquiry concluded: {enquiry.get_outcome_display()}",
        actor=actor,
        source=enquiry,
    )
    nextsteps.enquiry_concluded(enquiry=enquiry, actor=actor)
    _audit(actor, AuditAction.CHANGE, enquiry, enquiry.child, "concluded a section 47 enquiry", {"outcome": outcome})
    return enquiry


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
    records.require(actor, "record", enquiry)
    today = timezone.localdate()
    held_on = enquiry.discussion.held_on
    yes_no = {ConsideredDecision.YES, ConsideredDecision.NO}
    errors: dict = {}
    if enquiry.outcome:
        _add(errors, "outcome", "This enquiry is complete: its outcome has been recorded")
    if not isinstance(started_on, date):
        _add(errors, "started_on", ENQUIRY_STARTED_ON_REQUIRED)
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
            _add(errors, "concerns_substantiated", SUBSTANTIATED_REQUIRED)
        if icpc_needed not in yes_no:
            _add(errors, "icpc_needed", ICPC_NEEDED_REQUIRED)
        elif icpc_needed == ConsideredDecision.NO and next_step not in (
            Section47Enquiry.Outcome.CIN,
            Section47Enquiry.Outcome.NFA,
        ):
            _add(errors, "next_step", NEXT_STEP_REQUIRED)
        if len(_text(outcome_reason)) < MIN_REASON:
            _add(errors, "outcome_reason", OUTCOME_REASON_REQUIRED)
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
    enquiry.save(
        update_fields=[
            "started_on", "social_worker_findings", "police_findings", "updated_by", "concerns_substantiated",
            "icpc_needed", "outcome", "outcome_reason", "concluded_on",
        ]
    )  # fmt: skip
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
        nextsteps.enquiry_concluded(enquiry=enquiry, actor=actor)
        if enquiry.outcome == Section47Enquiry.Outcome.CIN:
            child_in_need_plan_needed.send(
                sender=Section47Enquiry, child=enquiry.child, started_on=concluded_on, actor=actor, source=enquiry
            )
    _audit(
        actor, AuditAction.CHANGE, enquiry, enquiry.child,
        "completed a section 47 enquiry" if complete else "recorded section 47 findings",
        {"outcome": enquiry.outcome} if complete else None,
    )  # fmt: skip
    return enquiry
