"""Reactions to other apps' signals (connected in apps.py)."""

from django.dispatch import receiver

from safeguard.core.signals import referral_made


@receiver(referral_made, dispatch_uid="cin.referral_made")
def _referral_made(sender, decision, children, actor, **kwargs):
    from safeguard.cin.services import referral_episodes_open

    referral_episodes_open(actor=actor, decision=decision, children=children)
