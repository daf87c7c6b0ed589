"""The tamper-evident audit log: append an entry, and verify the chain.

Each entry's hash covers its own fields and the previous entry's hash. Changing, removing or
reordering any entry breaks every hash after it, and `manage.py verify_audit` names the first one.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator
from datetime import UTC

from django.db import transaction
from django.utils import timezone

from safeguard.access import context
from safeguard.access.models import AuditChainHead, AuditEntry

GENESIS_HASH = "0" * 64
HASHED_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_username",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "person_id",
    "purpose",
    "request_id",
    "client_ip",
    "detail",
)


def _canonical(entry: AuditEntry) -> str:
    values = {}
    for name in HASHED_FIELDS:
        value = getattr(entry, name)
        if name == "occurred_at":
            value = value.astimezone(UTC).isoformat(timespec="microseconds")
        values[name] = value
    return json.dumps(values, sort_keys=True, separators=(",", ":"), default=str)


def compute_hash(entry: AuditEntry, prev_hash: str) -> str:
    return hashlib.sha256((prev_hash + "|" + _canonical(entry)).encode()).hexdigest()


def audit_record(
    *,
    actor,
    action: str,
    object_type: str = "",
    object_id: str = "",
    record=None,
    person=None,
    purpose: str = "",
    detail: dict | None = None,
) -> AuditEntry:
    """Append one entry. Joins the caller's transaction, so a rolled-back change leaves no entry.

    `record` (a model instance) names the object instead of object_type and object_id.
    """
    if record is not None:
        from safeguard.core.services import source_ref

        object_type, object_id = source_ref(record)
    ctx = context.current()
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        occurred_at=timezone.now(),
        actor_id=actor.pk if authenticated else None,
        actor_username=actor.get_username() if authenticated else "",
        actor_role=getattr(actor, "primary_role", "") if authenticated else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        person_id=str(getattr(person, "pk", person) or ""),
        purpose=purpose[:500],
        request_id=ctx.request_id,
        client_ip=ctx.client_ip,
        # Round-trip through JSON so the hash sees exactly what the database will give back.
        detail=json.loads(
            json.dumps({**(detail or {}), **({"channel": ctx.channel} if ctx.channel else {})}, default=str)
        ),
    )
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1, defaults={"last_hash": GENESIS_HASH})
        entry.prev_hash = head.last_hash
        entry.entry_hash = compute_hash(entry, head.last_hash)
        entry.save(force_insert=True)
        head.last_hash, head.last_seq = entry.entry_hash, entry.seq
        head.save(update_fields=["last_hash", "last_seq"])
    return entry


@dataclasses.dataclass(frozen=True)
class ChainProblem:
    seq: int | None
    message: str


def verify_chain(batch_size: int = 5000) -> Iterator[int | ChainProblem]:
    """Yields the count checked so far after each batch, then a ChainProblem if one is found."""
    prev_hash, checked, last_seq = GENESIS_HASH, 0, 0
    while True:
        batch = list(AuditEntry.objects.filter(seq__gt=last_seq).order_by("seq")[:batch_size])
        if not batch:
            break
        for entry in batch:
            if entry.prev_hash != prev_hash:
                yield ChainProblem(entry.seq, "does not follow the entry before it (an entry was removed or reordered)")
                return
            if compute_hash(entry, prev_hash) != entry.entry_hash:
                yield ChainProblem(entry.seq, "its contents were changed after it was written")
                return
            prev_hash, last_seq = entry.entry_hash, entry.seq
            checked += 1
        yield checked
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.last_hash != prev_hash:
        yield ChainProblem(None, "the newest entries were removed (the chain head does not match the last entry)")
