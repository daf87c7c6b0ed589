"""Forgetting what no longer counts: expired enquiry references and stale per-address sign-in counters.

Both tables otherwise only grow: every search that finds a record held elsewhere mints a reference
(one per practitioner, person and half-day), and every client address that ever mistyped a password
keeps a row. Neither row means anything once it has expired, and an address counter is personal
data (an IP address) kept for no purpose after its window. The scheduled work runs this.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from safeguard.access.models import EnquiryReference, SignInAddress


def purge_expired(*, now: datetime) -> dict[str, int]:
    """Delete references past their lifetime and address counters that would restart at the next
    failure anyway (lock over, or no lock and the last failure outside the window)."""
    from safeguard.people.matching import ENQUIRY_TOKEN_LIFETIME

    references, _ = EnquiryReference.objects.filter(created_at__lte=now - ENQUIRY_TOKEN_LIFETIME).delete()
    window = timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    stale = Q(locked_until__lte=now) | Q(locked_until__isnull=True, last_failure_at__lte=now - window)
    addresses, _ = SignInAddress.objects.filter(stale).delete()
    return {"enquiry references": references, "sign-in addresses": addresses}
