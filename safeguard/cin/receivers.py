"""Reactions to other apps' signals (connected in apps.py)."""

from django.dispatch import receiver

from safeguard.core.signals import child_in_need_plan_needed, referral_made


@receiver(referral_made, dispatch_uid="cin.referral_made")
def _referral_made(sender, decision, children, actor, **kwargs):
    from safeguard.cin.services import referral_episodes_open

    referral_episodes_open(actor=actor, decision=decision, children=children)


@receiver(child_in_need_plan_needed, dispatch_uid="cin.child_in_need_plan_needed")
def _child_in_need_plan_needed(sender, child, started_on, actor, **kwargs):
    from safeguard.cin.services import cin_plan_from_protection

    cin_plan_from_protection(actor=actor, child=child, started_on=started_on)
