"""Sign-in with lockout after repeated failures (argon2 hashing is set in settings).

Failures are counted in the database with one atomic UPDATE (``F() + 1``) inside a transaction
that then reads the count back, so parallel wrong passwords each count once and the account locks
at the limit however many arrive together. django-axes was weighed and left: it keeps its own
attempt tables and handlers beside the fields the practitioner model already has, and our audit log
already records every failure; the whole rule is the few lines below. The same counter limits each
client address (``access.SignInAddress``), so one address cannot try many accounts.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from safeguard.core.prepared import PreparedQuery


def count_failure(queryset, *, limit: int, now, restart: Q | None = None, **also) -> tuple[int, bool]:
    """Add one failure to the single row in `queryset`; lock it once the count reaches `limit`.

    Returns (failures in this window, locked). An expired lock (or `restart`) starts a new window at
    1. The UPDATE takes the row's lock until the transaction ends, so the count read back is exactly
    ours. `also` are further fields to set in the same UPDATE.
    """
    expired = Q(locked_until__isnull=False, locked_until__lte=now)
    if restart is not None:
        expired |= restart
    with transaction.atomic():
        queryset.update(
            failed_login_count=Case(When(expired, then=Value(1)), default=F("failed_login_count") + 1),
            locked_until=Case(When(expired, then=Value(None)), default=F("locked_until")),
            **also,
        )
        failures, locked_until = queryset.values_list("failed_login_count", "locked_until").get()
        if failures >= limit and locked_until is None:
            locked_until = now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
            queryset.update(locked_until=locked_until)
    return failures, locked_until is not None


def _client_address(request) -> str:
    if request is None:
        return ""
    from safeguard.access.middleware import client_ip

    return client_ip(request)


def _user_memberships(user_pk: int, today):
    from safeguard.agencies.models import Membership, memberships_now_queryset

    return memberships_now_queryset(Membership.objects.filter(practitioner_id=user_pk), today)


#: Every signed-in page runs it: compiled once per process and day (`PreparedQuery`); no user has
#: this id (they are positive).
_USER_MEMBERSHIPS = PreparedQuery(_user_memberships, stand_in=-(2**62) + 7)


class LockoutModelBackend(ModelBackend):
    """Refuses sign-in while an account or the client's address is locked; locks either after too
    many failures (per account: consecutive; per address: within one lockout window)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        from safeguard.access.models import SignInAddress

        now = timezone.now()
        address = _client_address(request)
        if address and SignInAddress.objects.filter(address=address, locked_until__gt=now).exists():
            return None
        model = get_user_model()
        try:
            user = model._default_manager.get_by_natural_key(username)
        except model.DoesNotExist:
            model().set_password(password)  # same work as a real check: no timing oracle
            self._address_failed(address, now)
            return None
        if user.locked_until and user.locked_until > now:
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            if user.failed_login_count or user.locked_until:
                model.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
            return user
        count_failure(model.objects.filter(pk=user.pk), limit=settings.LOGIN_MAX_FAILURES, now=now)
        self._address_failed(address, now)
        return None

    def get_user(self, user_id):
        """The signed-in user for every request, with their active memberships (roles, teams) read
        in the same query: the roles are asked for on nearly every request, and were a second query."""
        from safeguard.agencies.models import adopt_memberships

        try:
            user_pk = get_user_model()._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        rows = adopt_memberships(_USER_MEMBERSHIPS(user_pk, timezone.localdate()))
        if not rows:
            return super().get_user(user_id)
        user = rows[0].practitioner
        return user if self.user_can_authenticate(user) else None

    @staticmethod
    def _address_failed(address: str, now) -> None:
        if not address:
            return
        from safeguard.access.models import SignInAddress

        SignInAddress.objects.get_or_create(address=address, defaults={"last_failure_at": now})
        window = timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        count_failure(
            SignInAddress.objects.filter(address=address),
            limit=settings.LOGIN_MAX_FAILURES_PER_ADDRESS,
            now=now,
            restart=Q(locked_until__isnull=True, last_failure_at__lte=now - window),
            last_failure_at=now,
        )
