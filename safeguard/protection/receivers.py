"""Signals from upstream apps that start work in the protection pathway."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from safeguard.core.signals import person_linked_to_contact, significant_event_recorded, strategy_discussion_needed


@receiver(strategy_discussion_needed, dispatch_uid="protection.strategy_discussion_needed")
def _strategy_discussion_needed(sender, children, actor, source=None, reason="", **kwargs):
    from safeguard.protection.services import strategy_discussion_from_signal

    strategy_discussion_from_signal(
        children=children,
        actor=actor,
        source=source,
        reason=reason,
        sexual_abuse_suspected=bool(kwargs.get("sexual_abuse_suspected")),
        team=kwargs.get("team"),
        alleged_perpetrators=kwargs.get("alleged_perpetrators") or [],
        named_adults=kwargs.get("named_adults") or [],
        informants=kwargs.get("informants") or [],
    )


@receiver(significant_event_recorded, dispatch_uid="protection.significant_event_recorded")
def _significant_event_recorded(sender, event_type, people, occurred_on, summary, actor=None, source=None, **kwargs):
    from safeguard.protection.services import significant_event_from_signal

    significant_event_from_signal(
        event_type=event_type, people=people, occurred_on=occurred_on, summary=summary, actor=actor, source=source
    )


# A manager leaves (their team membership ends, or their account is closed): their "Allocate" tasks
# pass to the team's other managers or its queue at once, not when someone notices. Memberships
# ending on a later date are caught by the daily scheduled run (protection.reassign_allocation_tasks).
@receiver(post_save, sender="agencies.Membership", dispatch_uid="protection.membership_saved")
def _membership_saved(sender, instance, created, raw=False, **kwargs):
    from django.utils import timezone

    if raw or instance.ends_on is None or instance.ends_on >= timezone.localdate():
        return
    from safeguard.protection.services import allocation_tasks_reassign

    allocation_tasks_reassign(practitioner=instance.practitioner)


@receiver(post_save, sender="agencies.Practitioner", dispatch_uid="protection.practitioner_saved")
def _practitioner_saved(sender, instance, created, raw=False, **kwargs):
    if raw or created or instance.is_active:
        return
    from safeguard.protection.services import allocation_tasks_reassign

    allocation_tasks_reassign(practitioner=instance)


@receiver(person_linked_to_contact, dispatch_uid="protection.person_linked_to_contact")
def _person_linked_to_contact(sender, person, contact=None, **kwargs):
    from safeguard.protection.nextsteps import other_child_referred

    other_child_referred(person=person)
