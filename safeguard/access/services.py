"""Writes for access: involvement, break-glass and API tokens. (Access checks are `access.records`.)"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from safeguard.access import records
from safeguard.access.audit import audit_record
from safeguard.access.errors import InvalidInput
from safeguard.access.models import ApiToken, AuditAction, BreakGlassGrant, Involvement
from safeguard.core.prepared import PreparedQuery
from safeguard.core.services import source_ref

REVIEW_OUTCOME_REQUIRED = "Select whether the access was justified"

MIN_BREAK_GLASS_REASON = 20
TOKEN_PREFIX = "sg"  # noqa: S105 - a label, not a secret


def involvement_grant(*, person, kind: str, practitioner=None, team=None, source=None, ends_at=None) -> Involvement:
    source_type, source_id = source_ref(source)
    return Involvement.objects.create(
        person=person,
        kind=kind,
        practitioner=practitioner,
        team=team,
        ends_at=ends_at,
        source_type=source_type,
        source_id=source_id,
    )


def involvement_end_for_source(*, source) -> int:
    """End every involvement granted because of `source` (e.g. when a contact is closed)."""
    source_type, source_id = source_ref(source)
    return (
        Involvement.objects.active().filter(source_type=source_type, source_id=source_id).update(ends_at=timezone.now())
    )


@transaction.atomic
def break_glass(*, actor, person, reason: str) -> BreakGlassGrant:
    """Open a record without involvement, for a stated reason. View only, time-limited, reviewed."""
    reason = (reason or "").strip()
    records.require(actor, "break_glass", person)
    if len(reason) < MIN_BREAK_GLASS_REASON:
        raise InvalidInput(
            {"reason": [f"Explain why you need this record now, in at least {MIN_BREAK_GLASS_REASON} characters"]}
        )
    now = timezone.now()
    grant = BreakGlassGrant.objects.create(
        person=person,
        practitioner=actor,
        reason=reason,
        granted_at=now,
        expires_at=now + timedelta(hours=settings.SAFEGUARD_BREAK_GLASS_HOURS),
    )
    audit_record(
        actor=actor,
        action=AuditAction.BREAK_GLASS,
        object_type="people.person",
        object_id=str(person.pk),
        person=person,
        purpose=reason,
        detail={"grant": str(grant.pk)},
    )
    return grant


@transaction.atomic
def break_glass_review(*, actor, grant: BreakGlassGrant, outcome: str, note: str = "") -> BreakGlassGrant:
    records.require(actor, "review", grant)
    if outcome not in (BreakGlassGrant.Review.JUSTIFIED, BreakGlassGrant.Review.NOT_JUSTIFIED):
        raise InvalidInput({"outcome": [REVIEW_OUTCOME_REQUIRED]})
    if outcome == BreakGlassGrant.Review.NOT_JUSTIFIED and not note.strip():
        raise InvalidInput({"note": ["Say why the access was not justified and what happens next"]})
    grant.review, grant.review_note = outcome, note.strip()
    grant.reviewed_by, grant.reviewed_at = actor, timezone.now()
    grant.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_at"])
    audit_record(
        actor=actor,
        action=AuditAction.REVIEW,
        object_type="access.breakglassgrant",
        object_id=str(grant.pk),
        person=grant.person_id,
        purpose="break-glass review",
        detail={"outcome": outcome},
    )
    return grant


def _hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, actor, practitioner, name: str) -> tuple[ApiToken, str]:
    """Issue a token; returns the token row and the secret, which is never stored or shown again."""
    records.require(actor, "issue", ApiToken(practitioner=practitioner))
    name = (name or "").strip()
    if not name:
        raise InvalidInput({"name": ["Enter a name for the token, such as the agency system that will use it"]})
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        practitioner=practitioner, name=name[:100], prefix=prefix, key_hash=_hash_key(secret)
    )
    audit_record(
        actor=actor,
        action=AuditAction.TOKEN,
        object_type="access.apitoken",
        object_id=str(token.pk),
        detail={"issued_to": practitioner.pk, "event": "issued"},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    records.require(actor, "revoke", token)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action=AuditAction.TOKEN,
            object_type="access.apitoken",
            object_id=str(token.pk),
            detail={"issued_to": token.practitioner_id, "event": "revoked"},
        )
    return token


def _token_memberships(prefix: str, today) -> QuerySet:
    """A live token's practitioner with their active memberships, and the token's hash and last use."""
    from safeguard.agencies.models import Membership, memberships_now_queryset

    live = {"api_tokens__prefix": prefix, "api_tokens__revoked_at__isnull": True}
    return memberships_now_queryset(
        Membership.objects.filter(**{f"practitioner__{k}": v for k, v in live.items()}).annotate(
            token_pk=F("practitioner__api_tokens__pk"),
            token_hash=F("practitioner__api_tokens__key_hash"),
            token_last_used_at=F("practitioner__api_tokens__last_used_at"),
        ),
        today,
    )


#: Every API call runs it: compiled once per process and day (`PreparedQuery`). The stand-in is
#: not a prefix `api_token_issue` makes (those are URL-safe characters only).
_TOKEN_MEMBERSHIPS = PreparedQuery(_token_memberships, stand_in="\x00token prefix\x00")


def api_token_authenticate(secret: str):
    """The practitioner a presented token belongs to, or None (unknown, revoked or inactive).

    One query for the token, its practitioner and their active memberships (the roles every call
    asks for); a practitioner without an active membership is read with the token alone."""
    from safeguard.agencies.models import adopt_memberships

    parts = (secret or "").split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    rows = adopt_memberships(_TOKEN_MEMBERSHIPS(parts[1], timezone.localdate()))
    if rows:
        practitioner, token_pk, key_hash, last_used_at = (
            rows[0].practitioner, rows[0].token_pk, rows[0].token_hash, rows[0].token_last_used_at
        )
    else:
        token = ApiToken.objects.select_related("practitioner").filter(prefix=parts[1], revoked_at__isnull=True).first()
        if token is None:
            return None
        practitioner, token_pk = token.practitioner, token.pk
        key_hash, last_used_at = token.key_hash, token.last_used_at
    if not secrets.compare_digest(key_hash, _hash_key(secret)) or not practitioner.is_active:
        return None
    now = timezone.now()
    if last_used_at is None or now - last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token_pk).update(last_used_at=now)
    return practitioner
