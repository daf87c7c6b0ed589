"""Reads of children in need casework for pages and the API: only what the actor may see (404
otherwise), each view written to the audit log with the policy's reason."""

from __future__ import annotations

import dataclasses
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from safeguard.access import records
from safeguard.access.audit import audit_record
from safeguard.access.errors import NotFound
from safeguard.access.models import AuditAction
from safeguard.cin.codes import AssessmentFactor
from safeguard.cin.models import CINEpisode, CINPlan
from safeguard.core import clock
from safeguard.frontdoor.models import Assessment
from safeguard.people.codes import IdentifierType
from safeguard.people.models import Person
from safeguard.web import presenters


def _audit_view(actor, *, record, person, reason: str) -> None:
    audit_record(actor=actor, action=AuditAction.VIEW, record=record, person=person, purpose=reason)


def _by_id(model, pk, **related):
    try:
        return model.objects.select_related(*related.get("select", ())).get(pk=pk)
    except (model.DoesNotExist, ValidationError, ValueError):
        raise NotFound() from None


def child_for_cin(*, actor, person_id, change: bool = False) -> Person:
    """The child, when the actor is children's social care with need to know (404 otherwise)."""
    child = _by_id(Person, person_id)
    decision = records.require_decision(actor, "record_cin" if change else "view_cin", child)
    _audit_view(actor, record=child, person=child, reason=decision.reason)
    return child


def episode_for_view(*, actor, episode_id) -> CINEpisode:
    episode = _by_id(CINEpisode, episode_id, select=("child", "team", "contact", "decision"))
    decision = records.require_decision(actor, "view", episode)
    _audit_view(actor, record=episode, person=episode.child, reason=decision.reason)
    return episode


def assessment_for_view(*, actor, assessment_id) -> Assessment:
    assessment = _by_id(Assessment, assessment_id, select=("person", "episode", "decision", "authorised_by"))
    decision = records.require_decision(actor, "view", assessment)
    _audit_view(actor, record=assessment, person=assessment.person, reason=decision.reason)
    return assessment


def plan_for_view(*, actor, plan_id) -> CINPlan:
    plan = _by_id(CINPlan, plan_id, select=("child", "episode"))
    decision = records.require_decision(actor, "view", plan)
    _audit_view(actor, record=plan, person=plan.child, reason=decision.reason)
    return plan


def episodes_of(child: Person) -> list[CINEpisode]:
    """The child's episodes, newest first, with their assessments and plans (three queries)."""
    return list(
        CINEpisode.objects.filter(child=child)
        .select_related("team")
        .prefetch_related("assessments", "plans")
        .order_by("-referral_date", "-created_at")
    )


def upn_of(child: Person) -> str:
    identifier = child.identifiers.filter(id_type=IdentifierType.UPN).first()
    return identifier.value if identifier else ""


def can_record(actor, child: Person) -> bool:
    return records.allows(actor, "record_cin", child)


# --- What the pages say about an assessment --------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class AssessmentClock:
    """The 45-working-day clock in words: "due in 3 working days", or once authorised, met or missed."""

    text: str
    colour: str  # GOV.UK tag colour: "" (blue), "green", "orange", "red"
    met: bool | None  # None while the assessment is open


def assessment_clock(assessment: Assessment, today: date | None = None) -> AssessmentClock:
    if assessment.authorised_on is None:
        due = presenters.due_status(assessment.due_on, today or timezone.localdate())
        return AssessmentClock(text=due["text"].capitalize(), colour=due["colour"], met=None)
    working_days = clock.timescales().assessment_working_days
    if assessment.authorised_on <= assessment.due_on:
        return AssessmentClock(text=f"Authorised within {working_days} working days", colour="green", met=True)
    late = clock.working_days_between(assessment.due_on, assessment.authorised_on)
    plural = "s" if late != 1 else ""
    return AssessmentClock(
        text=f"Authorised {late} working day{plural} after the {working_days}-working-day timescale",
        colour="red",
        met=False,
    )


def factor_labels(codes: list[str]) -> list[str]:
    return [AssessmentFactor(c).label for c in codes if c in AssessmentFactor.values]
