"""Professional challenges: the parties to a challenge see it without seeing the child's record."""

from __future__ import annotations

from django.db.models import Q

from safeguard.access import policy
from safeguard.access.records import register

# --- Professional challenges (safeguard.challenges) ------------------------------------------------


@register("challenges.professionalchallenge", "take_part")
def _challenge_party(actor, challenge) -> bool:
    """The raiser and anyone who has owned a stage see the challenge without seeing the child's record."""
    if not policy.sees_case_content(actor):
        return False
    if actor.pk in {challenge.raised_by_id, challenge.owner_id}:
        return True
    return challenge.steps.filter(owner_id=actor.pk).exists()


def _held_rows(actor) -> Q:
    return Q(raised_by=actor) | Q(owner=actor)


@register("challenges.professionalchallenge", "hold", rows=_held_rows)
def _challenge_held(actor, challenge) -> bool:
    """A challenge is the actor's to act on now: they raised it, or they own its current stage (their
    work list). An earlier stage's owner takes part but no longer holds it."""
    return actor.pk in {challenge.raised_by_id, challenge.owner_id}


@register("challenges.professionalchallenge", "view")
def _challenge_view(actor, challenge) -> bool:
    """The parties, and those who can see the child."""
    return _challenge_party(actor, challenge) or bool(policy.decide(actor, challenge.person, policy.Action.VIEW))


@register("challenges.professionalchallenge", "respond")
def _challenge_respond(actor, challenge) -> bool:
    """Reach the response: the stage's owner, or anyone who can see the child."""
    return challenge.owner_id == actor.pk or bool(policy.decide(actor, challenge.person, policy.Action.VIEW))


@register("challenges.professionalchallenge", "record_outcome")
def _challenge_record_outcome(actor, challenge) -> bool:
    """Record a stage's outcome: its owner, the raiser, or anyone who may change the child's record."""
    return actor.pk in {challenge.owner_id, challenge.raised_by_id} or bool(
        policy.decide(actor, challenge.person, policy.Action.CHANGE)
    )


@register("challenges.professionalchallenge", "oversee")
def _oversee(actor, _challenges) -> bool:
    """The partnership's open challenges (agencies and stages, no case content): analysts, auditors,
    and the managers and leads challenges escalate to."""
    return policy.can_view_partnership_challenges(actor)


@register("challenges.professionalchallenge", "withdraw")
def _challenge_withdraw(actor, challenge) -> bool:
    """Only the practitioner who raised a challenge withdraws it."""
    return challenge.raised_by_id == actor.pk
