"""The audit chain is keyed (HMAC, key outside the database) and anchored by signed checkpoints, and
writing an entry does not queue behind other writers on one row."""

import hashlib
import hmac
import io
import json
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safeguard.access.audit import (
    GENESIS_HASH,
    ChainProblem,
    _canonical,
    audit_record,
    compute_hash,
    seal_pending,
    verify_chain,
)
from safeguard.access.models import AuditAction, AuditChainHead, AuditEntry, AuditPending, AuditSeal
from safeguard.access.tests.test_audit import _delete_entries, _lift_triggers
from safeguard.agencies.roles import Role
from safeguard.testing.factories import PersonFactory, practitioner_with_role


@pytest.fixture
def worker(db):
    return practitioner_with_role(Role.SOCIAL_WORKER)


def _write(worker, n, purpose="test"):
    return [audit_record(actor=worker, action=AuditAction.VIEW, object_id=str(i), purpose=purpose) for i in range(n)]


def _problems(**kwargs):
    return [p for p in verify_chain(**kwargs) if isinstance(p, ChainProblem)]


def _recompute_chain(key: str):
    """What a database superuser without the audit key can do: recompute every seal and the head."""
    prev = GENESIS_HASH
    for seal in AuditSeal.objects.select_related("entry").order_by("position"):
        message = f"{prev}|{seal.entry.seq}|{_canonical(seal.entry)}".encode()
        if key:
            digest = hmac.new(key.encode(), message, hashlib.sha256).hexdigest()
        else:
            digest = hashlib.sha256(message).hexdigest()
        AuditSeal.objects.filter(pk=seal.pk).update(prev_hash=prev, seal_hash=digest)
        prev = digest
    AuditChainHead.objects.filter(id=1).update(last_hash=prev)


@pytest.mark.parametrize("attacker_key", ["", "a-guessed-key"], ids=["no-key", "wrong-key"])
def test_a_rewritten_entry_with_the_whole_chain_recomputed_is_still_detected(worker, attacker_key):
    entries = _write(worker, 5)
    _lift_triggers()
    AuditEntry.objects.filter(pk=entries[2].pk).update(purpose="nothing to see here")
    _recompute_chain(attacker_key)
    problems = _problems()
    assert problems and problems[0].seq == entries[0].seq  # the first seal no longer matches the key
    with pytest.raises(CommandError, match="does not match"):
        call_command("verify_audit")


def test_the_seal_depends_on_the_key(worker):
    _write(worker, 3)
    seal_pending()
    assert _problems() == []
    assert _problems(key="another-key")[0].seq is not None


def test_a_checkpoint_catches_a_chain_cut_back_to_an_earlier_state(worker, tmp_path):
    checkpoints = tmp_path / "audit-checkpoints.jsonl"
    _write(worker, 3)
    call_command("audit_checkpoint", file=str(checkpoints), stdout=io.StringIO())
    later = _write(worker, 2)
    call_command("audit_checkpoint", file=str(checkpoints), stdout=io.StringIO())
    out = io.StringIO()
    call_command("verify_audit", checkpoints=str(checkpoints), stdout=out)
    assert "Agrees with 2 signed checkpoint(s)" in out.getvalue()

    # A superuser removes the two newest entries with their seals and points the head back: the
    # chain on its own is consistent again, but the second checkpoint remembers its head.
    _lift_triggers()
    _delete_entries(later)
    last = AuditSeal.objects.order_by("-position").first()
    AuditChainHead.objects.filter(id=1).update(last_hash=last.seal_hash, last_seq=last.entry_id)
    assert _problems() == []
    with pytest.raises(CommandError, match=f"checkpoint 2 .* recorded entry {later[-1].seq}"):
        call_command("verify_audit", checkpoints=str(checkpoints), stdout=io.StringIO())


def test_a_forged_checkpoint_is_refused(worker, tmp_path):
    _write(worker, 2)
    checkpoints = tmp_path / "c.jsonl"
    call_command("audit_checkpoint", file=str(checkpoints), stdout=io.StringIO())
    point = json.loads(checkpoints.read_text())
    point["head_hash"] = "f" * 64
    checkpoints.write_text(json.dumps(point) + "\n")
    with pytest.raises(CommandError, match="not signed with the audit key"):
        call_command("verify_audit", checkpoints=str(checkpoints), stdout=io.StringIO())


def test_the_break_message_counts_the_intact_entries_before_it(worker):
    entries = _write(worker, 4)
    _lift_triggers()
    AuditEntry.objects.filter(pk=entries[3].pk).update(purpose="edited")
    with pytest.raises(CommandError, match=f"entry {entries[3].seq}: .* 3 entries before it are intact"):
        call_command("verify_audit")


def test_writing_an_entry_does_not_touch_the_chain_head(worker):
    """An audited request's own transaction takes no shared lock: the head is only touched by the
    short sealing step after commit."""
    seal_pending()
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        audit_record(actor=worker, action=AuditAction.VIEW, purpose="read")
        audit_record(actor=worker, action=AuditAction.VIEW, purpose="read again")
    assert not any("auditchainhead" in q["sql"].lower() for q in queries.captured_queries)
    assert AuditPending.objects.count() == 2
    assert seal_pending() == 2 and AuditPending.objects.count() == 0
    assert list(AuditSeal.objects.order_by("position").values_list("entry_id", flat=True)) == sorted(
        AuditEntry.objects.values_list("seq", flat=True)
    )


def test_entries_written_before_the_chain_was_keyed_still_verify_and_are_anchored(worker):
    """Rows from before migration 0006 keep their plain SHA-256 chain; the first seal continues it."""
    prev = GENESIS_HASH
    legacy = []
    for i in range(3):
        entry = AuditEntry(occurred_at=timezone.now(), action=AuditAction.VIEW, object_id=str(i), purpose="old")
        entry.save(force_insert=True)  # seq assigned; hash over the saved fields as the old code did
        legacy.append(entry)
    _lift_triggers()
    for entry in legacy:
        digest = compute_hash(entry, prev)
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=prev, entry_hash=digest)
        prev = digest
    AuditPending.objects.filter(entry_id__in=[e.seq for e in legacy]).delete()
    AuditSeal.objects.filter(entry_id__in=[e.seq for e in legacy]).delete()
    AuditChainHead.objects.update_or_create(id=1, defaults={"last_hash": prev, "last_seq": legacy[-1].seq})
    new = _write(worker, 2)
    seal_pending()
    assert _problems() == []
    assert AuditSeal.objects.order_by("position").first().prev_hash == prev

    # Rewriting an old entry and recomputing the old, unkeyed chain no longer goes unnoticed.
    AuditEntry.objects.filter(pk=legacy[1].pk).update(purpose="rewritten")
    prev = GENESIS_HASH
    for entry in AuditEntry.objects.filter(entry_hash__isnull=False).order_by("seq"):
        digest = compute_hash(entry, prev)
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=prev, entry_hash=digest)
        prev = digest
    assert _problems()[0].seq == new[0].seq


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="needs a server database: SQLite runs one writing transaction at a time by design "
    "(the test above shows, on both, that writing an entry takes no shared lock)",
)
def test_audited_writers_do_not_wait_for_each_other_and_the_chain_verifies():
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    child = PersonFactory()
    seal_pending()
    # One writer holds its transaction open after writing; the others must still commit meanwhile.
    holding, release = threading.Event(), threading.Event()
    finished, errors = [], []

    def slow_writer():
        try:
            with transaction.atomic():
                audit_record(actor=worker, action=AuditAction.VIEW, person=child, purpose="slow")
                holding.set()
                release.wait(timeout=30)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    def writer(n):
        try:
            with transaction.atomic():
                audit_record(actor=worker, action=AuditAction.VIEW, person=child, purpose=f"quick {n}")
            finished.append(n)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    slow = threading.Thread(target=slow_writer)
    slow.start()
    assert holding.wait(timeout=30)
    quick = [threading.Thread(target=writer, args=(n,)) for n in range(20)]
    for thread in quick:
        thread.start()
    for thread in quick:
        thread.join(timeout=30)
    assert sorted(finished) == list(range(20))  # all committed while the slow writer was still open
    release.set()
    slow.join(timeout=30)
    assert errors == []
    seal_pending()
    assert _problems() == []
    assert AuditSeal.objects.count() == AuditEntry.objects.count() == 21


def test_production_settings_refuse_to_start_without_an_audit_key():
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SAFEGUARD_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "safeguard.settings", "DJANGO_SECRET_KEY": "x" * 40})
    started = subprocess.run(  # noqa: S603 - our own interpreter and fixed code
        [sys.executable, "-c", "import django; django.setup()"],
        env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert started.returncode != 0
    assert "SAFEGUARD_AUDIT_KEY must be set" in started.stderr


def test_a_writers_own_sealing_step_seals_one_bounded_batch_and_leaves_a_backlog_to_the_scheduled_work(
    worker, monkeypatch, django_capture_on_commit_callbacks, settings
):
    """A backlog of unsealed entries (the sealer failed for a while) must not land on whichever
    request commits next: its after-commit step seals at most one batch; the scheduled job the rest."""
    from safeguard.access import audit
    from safeguard.core import schedule

    settings.AUDIT_SEAL_INTERVAL_SECONDS = 0
    seal_pending()
    sealed_before = AuditSeal.objects.count()
    monkeypatch.setattr(audit, "AFTER_COMMIT_BATCH", 3)
    _write(worker, 7, purpose="backlog")  # no after-commit step runs here: the backlog
    with django_capture_on_commit_callbacks(execute=True):
        audit_record(actor=worker, action=AuditAction.VIEW, purpose="the next request")
    assert AuditSeal.objects.count() - sealed_before == 3
    assert AuditPending.objects.count() == 5
    assert schedule.job("seal_audit_log").run(now=None) == 5
    assert AuditPending.objects.count() == 0 and _problems() == []


def test_a_process_seals_at_most_once_an_interval_and_the_rest_is_sealed_next_time(
    worker, monkeypatch, django_capture_on_commit_callbacks, settings
):
    """Under load most audited requests skip the sealing transaction: a process seals after a commit
    at most once per interval; what it skipped is sealed by its next seal (or the scheduled job), in
    order, and the chain verifies."""
    from safeguard.access import audit

    settings.AUDIT_SEAL_INTERVAL_SECONDS = 60
    clock = {"now": 1000.0}
    monkeypatch.setattr(audit.time, "monotonic", lambda: clock["now"])
    monkeypatch.setattr(audit, "_last_seal", {"at": float("-inf")})
    seal_pending()
    with django_capture_on_commit_callbacks(execute=True):
        audit_record(actor=worker, action=AuditAction.VIEW, purpose="first request")
    assert AuditPending.objects.count() == 0
    for n in range(3):
        clock["now"] += 1
        with django_capture_on_commit_callbacks(execute=True), CaptureQueriesContext(connection) as queries:
            audit_record(actor=worker, action=AuditAction.VIEW, purpose=f"request {n} within the minute")
        assert not any("auditchainhead" in q["sql"].lower() for q in queries.captured_queries)
    assert AuditPending.objects.count() == 3
    clock["now"] += 60
    with django_capture_on_commit_callbacks(execute=True):
        audit_record(actor=worker, action=AuditAction.VIEW, purpose="a minute later")
    assert AuditPending.objects.count() == 0 and _problems() == []
