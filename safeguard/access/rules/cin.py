"""Children in need casework and the statutory returns built from it."""

from __future__ import annotations

from safeguard.access import policy
from safeguard.access.records import STATUTORY_RETURNS, register

# --- Children in need casework (safeguard.cin) ----------------------------------------------------
# Children's social care with need to know about the child; others involved (a school, a GP) do not
# see this casework. Episodes, assessments and plans follow the child's record.


@register("people.person", "view_cin")
def _cin_view_child(actor, child) -> policy.Decision:
    """The child's episodes, assessments, plans and census characteristics."""
    return policy.can_view_cin(actor, child)


@register("people.person", "record_cin")
def _cin_record_child(actor, child) -> policy.Decision:
    """Open episodes, record census characteristics (UPN, ethnicity, disabilities)."""
    return policy.can_record_cin(actor, child)


@register("cin.cinepisode", "view")
def _episode_view(actor, episode) -> policy.Decision:
    return policy.can_view_cin(actor, episode.child)


@register("cin.cinepisode", "close", "start_plan")
def _episode_change(actor, episode) -> policy.Decision:
    return policy.can_record_cin(actor, episode.child)


@register("frontdoor.assessment", "view")
def _assessment_view(actor, assessment) -> policy.Decision:
    return policy.can_view_cin(actor, assessment.person)


@register("frontdoor.assessment", "record_findings")
def _assessment_record(actor, assessment) -> policy.Decision:
    """What the assessment found, and its authorisation (once authorised it is not changed)."""
    return policy.can_record_cin(actor, assessment.person)


@register("frontdoor.assessment", "amend", seen_as="view")
def _assessment_amend(actor, assessment) -> policy.Decision:
    """The findings page's form: record_findings while the assessment is not yet authorised. Someone
    who sees the assessment is told they may not (403), not shown a 404."""
    if assessment.authorised_on is not None:
        return policy.Decision(False, "the assessment is authorised")
    return _assessment_record(actor, assessment)


@register("cin.cinplan", "view")
def _plan_view(actor, plan) -> policy.Decision:
    return policy.can_view_cin(actor, plan.child)


@register("cin.cinplan", "end")
def _plan_end(actor, plan) -> policy.Decision:
    return policy.can_record_cin(actor, plan.child)


# --- Statutory returns (safeguard.returns) ----------------------------------------------------------
# Child-level data about every child in need: only the performance and data team. Never edited.


@register(STATUTORY_RETURNS.label, "view")
def _returns_view(actor, _returns) -> policy.Decision:
    """The pre-submission checks report, which names children."""
    return policy.statutory_returns(actor, policy.Action.VIEW)


@register(STATUTORY_RETURNS.label, "export")
def _returns_export(actor, _returns) -> policy.Decision:
    """The CIN census XML and the Annex A workbook."""
    return policy.statutory_returns(actor, policy.Action.EXPORT)
