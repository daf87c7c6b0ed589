"""A write saves only the fields it changes: a change made meanwhile to another field survives.

Saving the whole row wrote back every field as the service had read it, silently undoing whatever
another practitioner changed in between (the lost update the API's ETags now catch for people)."""

from __future__ import annotations

from safeguard.protection import services
from safeguard.protection.models import StrategyDiscussion
from safeguard.protection.tests.helpers import propose


def test_changing_the_concerns_keeps_a_convenor_named_meanwhile(world):
    discussion = StrategyDiscussion.objects.get(pk=propose(world, [world.pupil])["id"])
    StrategyDiscussion.objects.filter(pk=discussion.pk).update(convenor=world.manager)  # another request, meanwhile

    services.strategy_discussion_update(actor=world.social_worker, discussion=discussion, non_recent_abuse=True)

    saved = StrategyDiscussion.objects.get(pk=discussion.pk)
    assert saved.non_recent_abuse is True
    assert saved.convenor == world.manager


def test_deciding_a_review_keeps_its_escalation_date_moved_meanwhile(world):
    from datetime import timedelta

    from django.utils import timezone

    from safeguard.access.models import InvolvementKind
    from safeguard.protection.models import ReconveneReview
    from safeguard.testing.factories import involve

    involve(world.pupil, practitioner=world.social_worker, kind=InvolvementKind.ALLOCATED_WORKER)
    today = timezone.localdate()
    review = ReconveneReview.objects.create(child=world.pupil, raised_on=today, escalate_after=today)
    later = today + timedelta(days=5)
    ReconveneReview.objects.filter(pk=review.pk).update(escalate_after=later)

    services.reconvene_decide(
        actor=world.social_worker, review=review, decision=ReconveneReview.Decision.NO_CHANGE,
        reason="The plan already addresses the new information",
    )  # fmt: skip

    saved = ReconveneReview.objects.get(pk=review.pk)
    assert saved.decision == ReconveneReview.Decision.NO_CHANGE
    assert saved.escalate_after == later
