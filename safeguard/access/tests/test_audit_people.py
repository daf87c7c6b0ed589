"""The people an audit entry names (its `AuditEntryPerson` rows) are sealed with it: a row removed or
added by someone with database access shows in `verify_audit`, naming the entry."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from safeguard.access import audit
from safeguard.access.audit import PEOPLE_CHANGED, ChainProblem, audit_record, seal_pending, verify_chain
from safeguard.access.models import AuditAction, AuditEntryPerson
from safeguard.access.tests.test_audit import _lift_triggers
from safeguard.agencies.roles import Role
from safeguard.testing.factories import PersonFactory, practitioner_with_role


@pytest.fixture
def worker(db):
    return practitioner_with_role(Role.SOCIAL_WORKER)


def _problems():
    return [p for p in verify_chain() if isinstance(p, ChainProblem)]


def _lift_people_triggers():
    """An attacker with database access lifts the append-only triggers, the people rows' as well."""
    _lift_triggers()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER access_auditentryperson_no_update")
            cursor.execute("DROP TRIGGER access_auditentryperson_no_delete")
        else:
            cursor.execute("ALTER TABLE access_auditentryperson DISABLE TRIGGER USER")


def _contact_views(worker):
    """Three entries: a plain view, a contact page naming three people, another plain view."""
    child, sister, father = PersonFactory(), PersonFactory(), PersonFactory()
    return [
        audit_record(actor=worker, action=AuditAction.VIEW, object_id="before", purpose="read"),
        audit_record(actor=worker, action=AuditAction.VIEW, object_type="frontdoor.contact", object_id="c1",
                     people=[child, sister, father], purpose="viewed a contact"),
        audit_record(actor=worker, action=AuditAction.VIEW, object_id="after", purpose="read"),
    ], (child, sister, father)


def test_a_person_removed_from_an_entry_is_reported(worker):
    """Deleting the row that says a worker looked at this child hides the view from the child's log:
    the entry's seal covers its people, so the chain breaks there."""
    entries, (child, _, _) = _contact_views(worker)
    seal_pending()
    assert _problems() == []
    _lift_people_triggers()
    AuditEntryPerson.objects.filter(entry_id=entries[1].seq, person_id=str(child.pk)).delete()
    problems = _problems()
    assert [(p.seq, p.message) for p in problems] == [(entries[1].seq, PEOPLE_CHANGED)]
    with pytest.raises(CommandError, match=f"entry {entries[1].seq}: the people it names were changed"):
        call_command("verify_audit")


@pytest.mark.parametrize("which", [0, 1], ids=["entry-naming-no-one", "entry-naming-people"])
def test_a_person_added_to_an_entry_is_reported(worker, which):
    """A row added afterwards would make an entry claim a view of someone it never showed."""
    entries, _ = _contact_views(worker)
    seal_pending()
    _lift_people_triggers()
    AuditEntryPerson.objects.create(entry=entries[which], person_id=str(PersonFactory().pk))
    assert [(p.seq, p.message) for p in _problems()] == [(entries[which].seq, PEOPLE_CHANGED)]
    with pytest.raises(CommandError, match="the people it names were changed"):
        call_command("verify_audit")


def test_a_copied_person_row_is_reported(worker):
    entries, (child, _, _) = _contact_views(worker)
    seal_pending()
    _lift_people_triggers()
    AuditEntryPerson.objects.create(entry=entries[1], person_id=str(child.pk))
    assert [p.seq for p in _problems()] == [entries[1].seq]


def test_entries_sealed_before_people_were_sealed_still_verify_and_their_rows_are_checked(worker, monkeypatch):
    """Seals written by the earlier code (version 1: the entry's fields only) still verify; their
    rows are checked against the people list the entry sealed in its detail. A count kept under
    "people" (the police notification's entry) names no one. Later seals are version 2."""
    sealing = audit.seal_hash
    monkeypatch.setattr(
        audit, "seal_hash", lambda entry, prev, **kw: sealing(entry, prev, key=kw.get("key"), version=1)
    )
    entries, (child, _, _) = _contact_views(worker)
    counted = audit_record(actor=worker, action=AuditAction.CREATE, detail={"people": 2}, purpose="police")
    seal_pending()
    monkeypatch.undo()
    newer = audit_record(actor=worker, action=AuditAction.VIEW, people=[child], purpose="newer")
    seal_pending()
    assert _problems() == []
    assert counted.seal.seal_hash == sealing(counted, counted.seal.prev_hash, version=1)

    _lift_people_triggers()
    AuditEntryPerson.objects.filter(entry_id=entries[1].seq, person_id=str(child.pk)).delete()
    assert [(p.seq, p.message) for p in _problems()] == [(entries[1].seq, PEOPLE_CHANGED)]
    AuditEntryPerson.objects.create(entry=entries[1], person_id=str(child.pk))
    assert _problems() == []
    AuditEntryPerson.objects.create(entry=counted, person_id=str(child.pk))
    assert [p.seq for p in _problems()] == [counted.seq]
    AuditEntryPerson.objects.filter(entry_id=counted.seq).delete()
    AuditEntryPerson.objects.filter(entry_id=newer.seq).delete()
    assert [p.seq for p in _problems()] == [newer.seq]


def test_a_person_added_to_an_entry_from_before_the_chain_was_keyed_is_reported(worker):
    """Entries of the old inline chain never named people in rows: a row pointing at one is added."""
    from django.utils import timezone

    from safeguard.access.audit import GENESIS_HASH, compute_hash
    from safeguard.access.models import AuditChainHead, AuditEntry, AuditPending, AuditSeal

    old = AuditEntry(occurred_at=timezone.now(), action=AuditAction.VIEW, object_id="old", purpose="old")
    old.save(force_insert=True)
    _lift_people_triggers()
    digest = compute_hash(old, GENESIS_HASH)
    AuditEntry.objects.filter(pk=old.pk).update(prev_hash=GENESIS_HASH, entry_hash=digest)
    AuditSeal.objects.filter(entry_id=old.seq).delete()
    AuditPending.objects.filter(entry_id=old.seq).delete()
    AuditChainHead.objects.update_or_create(id=1, defaults={"last_hash": digest, "last_seq": old.seq})
    assert _problems() == []
    AuditEntryPerson.objects.create(entry=old, person_id=str(PersonFactory().pk))
    assert [(p.seq, p.message) for p in _problems()] == [(old.seq, PEOPLE_CHANGED)]
