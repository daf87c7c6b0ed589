"""The tamper-evident audit log: append an entry, seal the chain, verify it, and anchor it outside.

Writing and sealing are two steps, so audited requests never queue on one row:
1. `audit_record` inserts the entry (its `seq` comes from the database sequence) and a row in the
   small `AuditPending` queue, inside the caller's transaction: nothing shared is locked.
2. `seal_pending` (run just after the writer's commit, by the scheduled work, and by
   `audit_checkpoint`/`verify_audit`) takes the chain head's row lock for a few milliseconds, and
   appends one `AuditSeal` per committed entry, in `seq` order, each an HMAC-SHA256 (key:
   `settings.AUDIT_KEY`, from the environment, never in the database) over the previous seal's
   hash, the entry's fields and the people its `AuditEntryPerson` rows name. An entry that commits
   late (a long transaction) is sealed at the next run: the chain's order is the sealing order, and
   each seal names its entry's `seq`.
Entries written before the chain was keyed keep their inline plain SHA-256 chain; the first seal
continues from its last hash, so they are covered by the key from then on.

Changing, removing or reordering any entry or seal breaks the chain, and recomputing it needs the
key. Signed checkpoints of the head (`manage.py audit_checkpoint`), kept where the database role
cannot write, also catch a chain cut back to an earlier state (a restored backup, the newest
entries and seals removed together). `manage.py verify_audit [--checkpoints FILE]` checks all of it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from datetime import UTC

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from safeguard.access import context
from safeguard.access.models import AuditChainHead, AuditEntry, AuditEntryPerson, AuditPending, AuditSeal

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
    """The unkeyed hash of entries written before the chain was keyed (kept to verify them)."""
    return hashlib.sha256((prev_hash + "|" + _canonical(entry)).encode()).hexdigest()


def _key(key: str | None = None) -> bytes:
    return (key if key is not None else settings.AUDIT_KEY).encode()


#: The seal's payload version. 2 (from 2026-11-30): the message also holds the sorted ids of the
#: people the entry's `AuditEntryPerson` rows name, so removing or adding a row breaks the seal.
#: Version 1 seals (written before) cover the entry's fields only; `verify_chain` tells them apart
#: by which message the seal matches (only the key holder can make either) and checks their rows
#: against the people list they sealed in `detail["people"]`.
SEAL_VERSION = 2


def _people_payload(people_ids) -> str:
    """The canonical form of the people an entry names: sorted, duplicates kept (so a copied row shows)."""
    return json.dumps(sorted(str(p) for p in people_ids), separators=(",", ":"))


def seal_hash(
    entry: AuditEntry, prev_hash: str, *, key: str | None = None, people=None, version: int = SEAL_VERSION
) -> str:
    """The HMAC sealing `entry` after `prev_hash`; `people`: the person ids of its `AuditEntryPerson`
    rows (version 2; version 1 is kept to verify seals written before people were sealed)."""
    if version == 1:
        message = f"{prev_hash}|{entry.seq}|{_canonical(entry)}"
    else:
        message = f"{prev_hash}|{entry.seq}|v2|{_canonical(entry)}|{_people_payload(people or ())}"
    return hmac.new(_key(key), message.encode(), hashlib.sha256).hexdigest()


def _people_of(seqs) -> dict[int, list[str]]:
    """The person ids each entry's `AuditEntryPerson` rows name, one query for a batch of entries."""
    named: dict[int, list[str]] = {}
    rows = AuditEntryPerson.objects.filter(entry_id__in=list(seqs)).values_list("entry_id", "person_id")
    for seq, person_id in rows:
        named.setdefault(seq, []).append(person_id)
    return named


def _new_entry(*, actor, action, object_type, object_id, person, purpose, detail, people) -> tuple[AuditEntry, list]:
    """The entry `audit_record` writes (unsaved), and the ids of the people it names."""
    people_ids = list(dict.fromkeys(str(getattr(p, "pk", p)) for p in people if p is not None))
    if people_ids:
        person = person or people_ids[0]
        detail = {**(detail or {}), "people": people_ids}
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
        # Round-trip through JSON so the seal sees exactly what the database will give back.
        detail=json.loads(
            json.dumps({**(detail or {}), **({"channel": ctx.channel} if ctx.channel else {})}, default=str)
        ),
    )
    return entry, people_ids


def audit_record_many(records: list[dict], *, batch_size: int = 5000) -> int:
    """Append many entries at once (the demo's seeded history): each exactly the entry `audit_record`
    would write for the same keyword arguments, inserted in batches and queued for sealing in `seq`
    order like any other. Joins the caller's transaction; the caller seals after commit
    (`seal_pending`), since one request's after-commit step seals only one batch."""
    written = 0
    with transaction.atomic():
        for start in range(0, len(records), batch_size):
            made = [_new_entry(**{"object_type": "", "object_id": "", "person": None, "purpose": "", "detail": None,
                                  "people": (), **r}) for r in records[start : start + batch_size]]
            entries = AuditEntry.objects.bulk_create([entry for entry, _ in made])
            AuditPending.objects.bulk_create([AuditPending(entry=entry) for entry in entries])
            AuditEntryPerson.objects.bulk_create(
                AuditEntryPerson(entry=entry, person_id=pid) for entry, people in made for pid in people
            )
            written += len(entries)
    return written


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
    people=(),
) -> AuditEntry:
    """Append one entry. Joins the caller's transaction, so a rolled-back change leaves no entry.

    `record` (a model instance) names the object instead of object_type and object_id. `people`
    (instances or ids) names everyone a page showed in this one entry: `person` is the first of
    them, `detail["people"]` (sealed) lists them all, and an `AuditEntryPerson` row each lets the
    auditor find the entry from any of them; a constant number of queries however many there are.
    """
    if record is not None:
        from safeguard.core.services import source_ref

        object_type, object_id = source_ref(record)
    entry, people_ids = _new_entry(actor=actor, action=action, object_type=object_type, object_id=object_id,
                                   person=person, purpose=purpose, detail=detail, people=people)
    connection = connections[AuditEntry.objects.db]
    if connection.vendor == "postgresql":
        _insert_in_one_statement(connection, entry, people_ids)
    else:
        with transaction.atomic():
            entry.save(force_insert=True)
            AuditPending.objects.create(entry=entry)
            if people_ids:
                AuditEntryPerson.objects.bulk_create(
                    AuditEntryPerson(entry=entry, person_id=pid) for pid in people_ids
                )
    transaction.on_commit(_seal_after_commit)
    return entry


@functools.cache
def _one_statement_sql() -> tuple[str, tuple]:
    """PostgreSQL: the entry, its place in the sealing queue and the people it names as one INSERT
    with data-modifying CTEs (atomic on its own, so no BEGIN/COMMIT around it), built once per
    process from the models' columns. Every audited request writes one entry: this saves three ORM
    compilations and four round trips each."""
    fields = tuple(f for f in AuditEntry._meta.concrete_fields if f is not AuditEntry._meta.pk)
    entry_table, pending, named = (
        AuditEntry._meta.db_table, AuditPending._meta.db_table, AuditEntryPerson._meta.db_table,
    )
    columns = ", ".join(f'"{f.column}"' for f in fields)
    values = ", ".join("%s" for _ in fields)
    # Table and column names from model metadata; every value is a parameter.
    entry = f'INSERT INTO "{entry_table}" ({columns}) VALUES ({values}) RETURNING "seq"'  # noqa: S608
    queued = f'INSERT INTO "{pending}" ("entry_id") SELECT "seq" FROM entry'  # noqa: S608
    people = (
        f'INSERT INTO "{named}" ("entry_id", "person_id") SELECT entry.seq, person.id '  # noqa: S608
        "FROM entry, unnest(%s::varchar[]) WITH ORDINALITY AS person(id, n) ORDER BY person.n"
    )
    sql = f"WITH entry AS ({entry}), queued AS ({queued}), named AS ({people}) SELECT seq FROM entry"  # noqa: S608
    return sql, fields


def _insert_in_one_statement(connection, entry: AuditEntry, people_ids: list[str]) -> None:
    """Write `entry`, its `AuditPending` row and its `AuditEntryPerson` rows in one statement; the
    same rows (values prepared by the fields, as `save()` would) as the three ORM inserts."""
    sql, fields = _one_statement_sql()
    values = [f.get_db_prep_save(getattr(entry, f.attname), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, people_ids])
        entry.seq = cursor.fetchone()[0]
    entry._state.adding, entry._state.db = False, connection.alias


#: The most a writer's own after-commit step seals: it runs inside someone's request, so a backlog
#: (a sealer that failed for a while, a bulk import) is left to the scheduled work instead of making
#: one unlucky request seal tens of thousands of entries.
AFTER_COMMIT_BATCH = 500


_last_seal = {"at": float("-inf")}  # this process's last after-commit seal (time.monotonic())


def _seal_after_commit() -> None:
    """Seal after an audited commit, unless this process sealed less than
    `AUDIT_SEAL_INTERVAL_SECONDS` ago: then the entry waits (committed, queued in `AuditPending`) for
    the process's next seal or the scheduled job's, and this request skips the sealing transaction."""
    now = time.monotonic()
    if now - _last_seal["at"] < settings.AUDIT_SEAL_INTERVAL_SECONDS:
        return
    _last_seal["at"] = now
    try:
        seal_pending(wait=False, batch_size=AFTER_COMMIT_BATCH, max_batches=1)
    except Exception:  # noqa: BLE001 - the writer's work is committed; the scheduled run seals it
        import logging

        logging.getLogger(__name__).exception("Sealing the audit log failed; the scheduled run will retry")


def seal_pending(*, wait: bool = True, batch_size: int = 2000, max_batches: int | None = None, now=None) -> int:
    """Seal committed entries not yet sealed, oldest `seq` first. Returns how many were sealed.

    With wait=False, returns at once if another sealer holds the head (it will seal ours too, or
    the next run will). Each batch is one short transaction holding the head's row lock; at most
    `max_batches` of them (None: until nothing is left). A batch smaller than `batch_size` means
    the queue was empty when it was read, so no further transaction is opened to find that out.
    """
    sealed = 0
    batches = 0
    while max_batches is None or batches < max_batches:
        with transaction.atomic():
            heads = AuditChainHead.objects.select_for_update(skip_locked=not wait).filter(id=1)
            head = heads.first()
            if head is None:
                if AuditChainHead.objects.filter(id=1).exists():
                    return sealed  # another sealer holds it
                AuditChainHead.objects.get_or_create(id=1, defaults={"last_hash": _legacy_head_hash()})
                continue
            pending = list(
                AuditEntry.objects.filter(
                    seq__in=AuditPending.objects.order_by("entry_id").values("entry_id")[:batch_size]
                ).order_by("seq")
            )
            if not pending:
                return sealed
            prev_hash = head.last_hash
            seals = []
            named = _people_of(e.seq for e in pending)
            for entry in pending:
                digest = seal_hash(entry, prev_hash, people=named.get(entry.seq, ()))
                seals.append(AuditSeal(entry=entry, prev_hash=prev_hash, seal_hash=digest))
                prev_hash = digest
            AuditSeal.objects.bulk_create(seals)
            AuditPending.objects.filter(entry_id__in=[e.seq for e in pending]).delete()
            head.last_hash, head.last_seq = prev_hash, pending[-1].seq
            head.save(update_fields=["last_hash", "last_seq"])
            sealed += len(pending)
            batches += 1
        if len(pending) < batch_size:
            return sealed
    return sealed


def _legacy_head_hash() -> str:
    last = AuditEntry.objects.filter(entry_hash__isnull=False).order_by("-seq").values_list("entry_hash", flat=True)
    return last.first() or GENESIS_HASH


@dataclasses.dataclass(frozen=True)
class ChainProblem:
    seq: int | None
    message: str
    intact: int = dataclasses.field(default=0, compare=False)  # entries checked and intact before it


PEOPLE_CHANGED = "the people it names were changed after it was written (a row naming a person was removed or added)"


def _sealed_people_list(entry: AuditEntry) -> list[str]:
    """The people list an entry carries in its (sealed) detail; [] when it names none in rows
    (some entries use detail["people"] for a count)."""
    people = (entry.detail or {}).get("people") if isinstance(entry.detail, dict) else None
    return sorted(str(p) for p in people) if isinstance(people, list) else []


def _seal_problem(seal: AuditSeal, prev_hash: str, people: list[str], key: str | None) -> str:
    """Why a seal does not vouch for its entry and the people rows found for it ("" when it does)."""
    entry = seal.entry
    if hmac.compare_digest(seal_hash(entry, prev_hash, key=key, people=people), seal.seal_hash):
        return ""
    if hmac.compare_digest(seal_hash(entry, prev_hash, key=key, version=1), seal.seal_hash):
        # Sealed before the people rows were: they must match the list the entry's sealed detail holds.
        return "" if people == _sealed_people_list(entry) else PEOPLE_CHANGED
    sealed_people = _sealed_people_list(entry)
    if sealed_people != people and hmac.compare_digest(
        seal_hash(entry, prev_hash, key=key, people=sealed_people), seal.seal_hash
    ):
        return PEOPLE_CHANGED
    return "its contents or its seal were changed after it was written (the seal does not match the audit key)"


def verify_chain(batch_size: int = 5000, *, key: str | None = None) -> Iterator[int | ChainProblem]:
    """Yields the count checked so far after each batch, then a ChainProblem if one is found.

    Checks the entries written before the chain was keyed (plain hashes), then every seal in order
    (HMAC with the key, over the entry and the people its `AuditEntryPerson` rows name), that no
    entry is left without a seal, and that the head matches the end.
    """
    prev_hash, checked, last_seq = GENESIS_HASH, 0, 0
    legacy = AuditEntry.objects.filter(entry_hash__isnull=False)
    while True:
        batch = list(legacy.filter(seq__gt=last_seq).order_by("seq")[:batch_size])
        if not batch:
            break
        named = _people_of(e.seq for e in batch)
        for entry in batch:
            if entry.seq in named:  # written before entries named people in rows: none may point here
                yield ChainProblem(entry.seq, PEOPLE_CHANGED, checked)
                return
            if entry.prev_hash != prev_hash:
                yield ChainProblem(
                    entry.seq, "does not follow the entry before it (an entry was removed or reordered)", checked
                )
                return
            if compute_hash(entry, prev_hash) != entry.entry_hash:
                yield ChainProblem(entry.seq, "its contents were changed after it was written", checked)
                return
            prev_hash, last_seq = entry.entry_hash, entry.seq
            checked += 1
        yield checked

    last_position = 0
    while True:
        seals = list(
            AuditSeal.objects.filter(position__gt=last_position).select_related("entry").order_by("position")[
                :batch_size
            ]
        )
        if not seals:
            break
        named = _people_of(seal.entry_id for seal in seals)
        for seal in seals:
            entry = seal.entry
            if seal.prev_hash != prev_hash:
                yield ChainProblem(
                    entry.seq, "does not follow the entry before it (an entry was removed or reordered)", checked
                )
                return
            problem = _seal_problem(seal, prev_hash, sorted(named.get(entry.seq, ())), key)
            if problem:
                yield ChainProblem(entry.seq, problem, checked)
                return
            prev_hash, last_position = seal.seal_hash, seal.position
            checked += 1
        yield checked

    # Entries still queued are simply not sealed yet (`verify_audit` seals them first); an entry with
    # neither a seal nor a place in the queue had its seal removed.
    unsealed = (
        AuditEntry.objects.filter(entry_hash__isnull=True, seal__isnull=True)
        .exclude(seq__in=AuditPending.objects.values("entry_id"))
        .order_by("seq")
        .first()
    )
    if unsealed is not None:
        yield ChainProblem(unsealed.seq, "it has no seal (its seal was removed)", checked)
        return
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.last_hash != prev_hash:
        yield ChainProblem(
            None, "the newest entries were removed (the chain head does not match the last entry)", checked
        )


# ----------------------------------------------------------------------------------------- checkpoints


def _checkpoint_signature(point: dict, key: str | None = None) -> str:
    message = "checkpoint|{at}|{position}|{entry_seq}|{head_hash}".format(**point).encode()
    return hmac.new(_key(key), message, hashlib.sha256).hexdigest()


def checkpoint_make() -> dict:
    """Seal what is pending, then a signed statement of the chain's head: where it ended, and its hash."""
    seal_pending()
    last = AuditSeal.objects.select_related("entry").order_by("-position").first()
    head = AuditChainHead.objects.filter(id=1).first()
    point = {
        "at": timezone.now().astimezone(UTC).isoformat(timespec="seconds"),
        "position": last.position if last else 0,
        "entry_seq": last.entry_id if last else (head.last_seq if head else 0),
        "head_hash": head.last_hash if head else GENESIS_HASH,
    }
    point["signature"] = _checkpoint_signature(point)
    return point


def checkpoint_problems(points: list[dict], *, key: str | None = None) -> list[str]:
    """Why the chain in the database disagrees with earlier signed checkpoints (empty when it agrees)."""
    problems = []
    for n, point in enumerate(points, start=1):
        try:
            expected = _checkpoint_signature(point, key)
        except KeyError:
            problems.append(f"checkpoint {n} is incomplete")
            continue
        if not hmac.compare_digest(expected, str(point.get("signature", ""))):
            problems.append(f"checkpoint {n} ({point['at']}) is not signed with the audit key")
            continue
        if not point["position"]:
            continue  # a checkpoint of an empty or never-sealed log pins nothing
        seal = AuditSeal.objects.filter(position=point["position"]).first()
        if seal is None or seal.seal_hash != point["head_hash"] or seal.entry_id != point["entry_seq"]:
            problems.append(
                f"checkpoint {n} ({point['at']}) recorded entry {point['entry_seq']} at the head of the chain; "
                "the chain in the database no longer holds it (entries were removed or the chain rewritten)"
            )
    return problems


def read_checkpoints(path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
