"""Reactions: a new link between a flagged adult and a child alerts the workers and goes on the
child's chronology; sexual health scores that call for a referral.

The people services (relationship_create, household_join) are hooked through post_save on the rows
they create, so every way a link appears — API, page, import — is caught, inside the same transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_save
from django.utils import timezone

from safeguard.access.models import Involvement, InvolvementKind
from safeguard.core import clock
from safeguard.core.models import EventType
from safeguard.core.services import chronology_event_record, task_create

WORKER_KINDS = (InvolvementKind.ALLOCATED_WORKER, InvolvementKind.TEAM_EPISODE, InvolvementKind.SUPERVISING)
DEFAULT_SEXUAL_HEALTH_HIGH_SCORE = 4


def sexual_health_high_score() -> int:
    """Total (of 10) at or above which a referral is prompted: SAFEGUARD_SEXUAL_HEALTH_HIGH_SCORE."""
    return int(getattr(settings, "SAFEGUARD_SEXUAL_HEALTH_HIGH_SCORE", DEFAULT_SEXUAL_HEALTH_HIGH_SCORE))


def sexual_health_is_high(scores: dict[str, int]) -> bool:
    """High when the total reaches the threshold or exploitation or coercion is significant (2)."""
    return sum(scores.values()) >= sexual_health_high_score() or 2 in (scores["exploitation"], scores["coercion"])


def workers_of(person) -> tuple[set, set]:
    """(practitioners, teams) actively working with the person: allocated, team episode, supervising."""
    practitioners, teams = set(), set()
    for inv in (
        Involvement.objects.active().filter(person=person, kind__in=WORKER_KINDS).select_related("practitioner", "team")
    ):
        if inv.practitioner_id:
            practitioners.add(inv.practitioner)
        elif inv.team_id:
            teams.add(inv.team)
    return practitioners, teams


def notify_workers(*, people, kind: str, title: str, due_on, source=None, subject=None) -> list:
    """One task per practitioner and per team working with any of `people` (deduplicated)."""
    practitioners, teams = set(), set()
    for person in people:
        p, t = workers_of(person)
        practitioners |= p
        teams |= t
    tasks = []
    for practitioner in sorted(practitioners, key=lambda p: p.pk):
        tasks.append(
            task_create(kind=kind, title=title, due_on=due_on, assignee=practitioner, person=subject, source=source)
        )
    for team in sorted(teams, key=lambda t: t.pk):
        tasks.append(task_create(kind=kind, title=title, due_on=due_on, team=team, person=subject, source=source))
    return tasks


def risk_links_refresh(*, flag, actor=None) -> list:
    """Record and alert every child newly within reach of a flagged adult. Idempotent."""
    from safeguard.family.models import RiskLink
    from safeguard.family.network import linked_children

    if not flag.is_active:
        return []
    already = set(RiskLink.objects.filter(flag=flag).values_list("child_id", flat=True))
    today = timezone.localdate()
    new = []
    for linked in linked_children(flag.person):
        if linked.child.pk in already:
            continue
        RiskLink.objects.create(flag=flag, child=linked.child, path=linked.path[:300])
        new.append(linked)
        # The chronology names neither the adult's basis nor evidence: anyone who sees the child's
        # record may read it; the flag itself is need to know.
        chronology_event_record(
            person=linked.child,
            event_type=EventType.RISK_LINK,
            occurred_on=today,
            summary=f"Now linked ({linked.path}) to an adult recorded as posing a risk to children",
            actor=actor,
            source=flag,
        )
        notify_workers(
            people=[linked.child, flag.person],
            kind="risk_link",
            title=(
                f"{linked.child.full_name} is now linked ({linked.path}) to {flag.person.full_name}, "
                "who is recorded as posing a risk to children: review the child's safety"
            ),
            due_on=clock.next_working_day(today),
            source=flag,
            subject=linked.child,
        )
    return new


def _flags_near(person_ids) -> list:
    from safeguard.family.models import RiskFlag
    from safeguard.family.network import reachable, risk_network_steps

    nearby = reachable(list(person_ids), steps=risk_network_steps())
    return list(RiskFlag.objects.filter(person_id__in=list(nearby), ended_at__isnull=True).select_related("person"))


def on_new_link(*, person_ids, actor=None) -> list:
    """A relationship, household move or contact arrangement appeared between these people."""
    linked = []
    for flag in _flags_near(person_ids):
        linked += risk_links_refresh(flag=flag, actor=actor)
    return linked


def _relationship_saved(sender, instance, created, **kwargs):
    if created and not kwargs.get("raw"):
        on_new_link(person_ids=[instance.from_person_id, instance.to_person_id], actor=instance.recorded_by)


def _membership_saved(sender, instance, created, **kwargs):
    if created and not kwargs.get("raw"):
        on_new_link(person_ids=[instance.person_id])


def _contact_saved(sender, instance, created, **kwargs):
    if created and not kwargs.get("raw"):
        on_new_link(person_ids=[instance.adult_id, instance.child_id], actor=instance.recorded_by)


def connect() -> None:
    from safeguard.family.models import ContactArrangement
    from safeguard.people.models import HouseholdMembership, Relationship

    post_save.connect(_relationship_saved, sender=Relationship, dispatch_uid="family.relationship_risk")
    post_save.connect(_membership_saved, sender=HouseholdMembership, dispatch_uid="family.household_risk")
    post_save.connect(_contact_saved, sender=ContactArrangement, dispatch_uid="family.contact_risk")
