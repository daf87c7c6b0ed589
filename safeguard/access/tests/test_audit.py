"""The audit log: exactly the right entries, and tampering is detected."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from safeguard.access.audit import ChainProblem, audit_record, seal_pending, verify_chain
from safeguard.access.context import AuditContext, bind, reset
from safeguard.access.models import AuditAction, AuditEntry, InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.testing.factories import PersonFactory, involve, practitioner_with_role


def _lift_triggers():
    """Simulate an attacker with database access who disables the append-only triggers (on the
    entries and on their seals), after the entries written so far were sealed."""
    seal_pending()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in ("auditentry", "auditseal"):
                cursor.execute(f"DROP TRIGGER access_{table}_no_update")
                cursor.execute(f"DROP TRIGGER access_{table}_no_delete")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the seals' foreign keys now
            cursor.execute("ALTER TABLE access_auditentry DISABLE TRIGGER USER")
            cursor.execute("ALTER TABLE access_auditseal DISABLE TRIGGER USER")


def _delete_entries(entries):
    """Delete entries with their seals, as raw SQL would (the ORM refuses: seals protect entries)."""
    from safeguard.access.models import AuditPending, AuditSeal

    seqs = [e.seq for e in entries]
    AuditSeal.objects.filter(entry_id__in=seqs).delete()
    AuditPending.objects.filter(entry_id__in=seqs).delete()
    AuditEntry.objects.filter(seq__in=seqs).delete()


@pytest.fixture
def worker_and_child():
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    child = PersonFactory()
    involve(child, practitioner=worker, kind=InvolvementKind.ALLOCATED_WORKER)
    return worker, child


@pytest.mark.django_db
def test_viewing_a_record_writes_one_entry_with_who_what_why_and_where(client, worker_and_child):
    worker, child = worker_and_child
    client.force_login(worker)
    before = AuditEntry.objects.count()
    response = client.get(f"/api/v1/people/{child.pk}", HTTP_X_REQUEST_ID="req-12345678", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    entries = list(AuditEntry.objects.filter(seq__gt=0).order_by("seq")[before:])
    assert len(entries) == 1
    entry = entries[0]
    assert entry.action == AuditAction.VIEW
    assert entry.actor_username == worker.username
    assert entry.actor_role == Role.SOCIAL_WORKER
    assert entry.person_id == str(child.pk)
    assert entry.purpose == "involvement: Allocated worker"
    assert entry.request_id == "req-12345678"
    assert response["X-Request-ID"] == "req-12345678"
    assert entry.client_ip == "10.1.2.3"


@pytest.mark.django_db
def test_a_refused_view_writes_no_view_entry(client, worker_and_child):
    _, child = worker_and_child
    client.force_login(practitioner_with_role(Role.GP))
    client.get(f"/api/v1/people/{child.pk}")
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW, person_id=str(child.pk)).exists()


@pytest.mark.django_db
def test_search_is_audited_with_results_but_never_the_search_terms(client, worker_and_child):
    worker, child = worker_and_child
    client.force_login(worker)
    client.post("/people/find/", {"name": child.given_name})
    entry = AuditEntry.objects.get(action=AuditAction.SEARCH)
    assert entry.detail["results"] == [str(child.pk)]
    assert entry.detail["fields"] == ["name"]
    assert child.given_name not in str(entry.detail) + entry.purpose


@pytest.mark.django_db
def test_create_and_change_are_audited_with_the_fields_changed(client):
    worker = practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER)
    client.force_login(worker)
    created = client.post(
        "/api/v1/people",
        {"given_name": "Ada", "family_name": "Fictional", "date_of_birth": "2019-02-03", "sex": "F"},
        content_type="application/json",
    )
    assert created.status_code == 201
    person_id = created.json()["id"]
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, person_id=person_id).count() == 1
    client.patch(f"/api/v1/people/{person_id}", {"first_language": "Polish"}, content_type="application/json")
    change = AuditEntry.objects.get(action=AuditAction.CHANGE, person_id=person_id)
    assert change.detail["fields"] == ["first_language"]


@pytest.mark.django_db
def test_sign_in_and_failed_sign_in_are_audited(client):
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    client.post("/sign-in/", {"username": worker.username, "password": "wrong"})
    client.post("/sign-in/", {"username": worker.username, "password": "correct-horse-battery-staple-42"})
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions == [AuditAction.SIGN_IN_FAILED, AuditAction.SIGN_IN]


@pytest.mark.django_db
def test_an_intact_chain_verifies(worker_and_child):
    worker, child = worker_and_child
    for _ in range(3):
        audit_record(actor=worker, action=AuditAction.VIEW, person=child, purpose="test")
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "3 entries verified" in out.getvalue()


@pytest.mark.django_db
def test_the_database_refuses_to_change_or_delete_audit_entries(worker_and_child):
    worker, child = worker_and_child
    entry = audit_record(actor=worker, action=AuditAction.VIEW, person=child, purpose="test")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(purpose="nothing to see")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.purpose == "test"


@pytest.mark.django_db
def test_an_edited_entry_is_named_by_verify_audit(worker_and_child):
    worker, child = worker_and_child
    entries = [audit_record(actor=worker, action=AuditAction.VIEW, person=child, purpose=f"p{i}") for i in range(4)]
    _lift_triggers()
    AuditEntry.objects.filter(pk=entries[2].pk).update(actor_username="someone-else")
    problems = [p for p in verify_chain() if isinstance(p, ChainProblem)]
    assert [p.seq for p in problems] == [entries[2].seq]
    assert "changed after it was written" in problems[0].message
    with pytest.raises(CommandError, match=f"entry {entries[2].seq}: .* 2 entries before it are intact"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_a_deleted_entry_breaks_the_chain_at_the_next_one(worker_and_child):
    worker, child = worker_and_child
    entries = [audit_record(actor=worker, action=AuditAction.VIEW, person=child, purpose=f"p{i}") for i in range(4)]
    _lift_triggers()
    _delete_entries([entries[1]])
    problems = [p for p in verify_chain() if isinstance(p, ChainProblem)]
    assert problems[0].seq == entries[2].seq


@pytest.mark.django_db
def test_removing_the_newest_entries_is_detected(worker_and_child):
    worker, child = worker_and_child
    entries = [audit_record(actor=worker, action=AuditAction.VIEW, person=child, purpose=f"p{i}") for i in range(3)]
    _lift_triggers()
    _delete_entries([entries[-1]])
    problems = [p for p in verify_chain() if isinstance(p, ChainProblem)]
    assert problems and problems[0].seq is None


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_no_audit_entry(worker_and_child):
    worker, child = worker_and_child
    token = bind(AuditContext(request_id="r1", client_ip="127.0.0.1", channel="command"))
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            audit_record(actor=worker, action=AuditAction.CHANGE, person=child, purpose="will roll back")
            raise RuntimeError
    finally:
        reset(token)
    assert not AuditEntry.objects.filter(purpose="will roll back").exists()
    assert not [p for p in verify_chain() if isinstance(p, ChainProblem)]


@pytest.mark.django_db
def test_auditor_sees_who_has_looked_at_a_childs_record(client, worker_and_child):
    worker, child = worker_and_child
    client.force_login(worker)
    client.get(f"/people/{child.pk}/")
    auditor = practitioner_with_role(Role.AUDITOR)
    client.force_login(auditor)
    page = client.get(f"/audit/people/{child.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert worker.username in html and "Viewed" in html


@pytest.mark.django_db
def test_one_entry_naming_several_people_is_found_from_each_of_them(client, worker_and_child):
    """A page showing several people writes one entry; the auditor finds it on each person's log."""
    worker, child = worker_and_child
    sister, father = PersonFactory(), PersonFactory()
    audit_record(actor=worker, action=AuditAction.VIEW, object_type="frontdoor.contact", object_id="c1",
                 people=[child, sister, father], purpose="viewed a contact")
    entry = AuditEntry.objects.get(object_id="c1")
    assert entry.detail["people"] == [str(child.pk), str(sister.pk), str(father.pk)]
    seal_pending()
    assert not [p for p in verify_chain() if isinstance(p, ChainProblem)]
    client.force_login(practitioner_with_role(Role.AUDITOR))
    for person in (child, sister, father):
        html = client.get(f"/audit/people/{person.pk}/").content.decode()
        assert "viewed a contact" in html and worker.username in html
