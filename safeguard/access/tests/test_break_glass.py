import pytest

from safeguard.access.models import AuditAction, AuditEntry, BreakGlassGrant
from safeguard.agencies.roles import Role
from safeguard.testing.factories import PersonFactory, practitioner_with_role

REASON = "Child brought to ED out of hours with injuries; on-call needs history now"


@pytest.mark.django_db
def test_break_glass_needs_a_reason_and_then_opens_the_record_for_viewing_only(client):
    clinician = practitioner_with_role(Role.ED_CLINICIAN)
    child = PersonFactory()
    client.force_login(clinician)

    page = client.get(f"/people/{child.pk}/")
    assert page.status_code == 404
    assert "Ask for emergency access" in page.content.decode()

    short = client.post(f"/people/{child.pk}/emergency-access/", {"reason": "need it"})
    assert short.status_code == 200
    assert "at least 20 characters" in short.content.decode()
    assert not BreakGlassGrant.objects.exists()

    done = client.post(f"/people/{child.pk}/emergency-access/", {"reason": REASON})
    assert done.status_code == 302
    record = client.get(f"/people/{child.pk}/")
    assert record.status_code == 200
    assert "emergency access" in record.content.decode()
    assert REASON in record.content.decode()

    entry = AuditEntry.objects.filter(action=AuditAction.BREAK_GLASS).get()
    assert entry.person_id == str(child.pk) and entry.purpose == REASON
    view = AuditEntry.objects.filter(action=AuditAction.VIEW, person_id=str(child.pk)).last()
    assert view.purpose.startswith("break-glass")

    change = client.patch(f"/api/v1/people/{child.pk}", {"gender": "x"}, content_type="application/json")
    assert change.status_code == 403


@pytest.mark.django_db
def test_a_break_glass_view_does_not_put_the_person_among_the_people_you_work_with(client):
    """Emergency access opens a record for a while; the Home's "people you work with" is a caseload."""
    from safeguard.testing.factories import involve

    clinician = practitioner_with_role(Role.ED_CLINICIAN)
    looked_at, worked_with = PersonFactory(given_name="Looked"), PersonFactory(given_name="Worked")
    involve(worked_with, practitioner=clinician)
    client.force_login(clinician)
    assert client.post(f"/people/{looked_at.pk}/emergency-access/", {"reason": REASON}).status_code == 302
    assert client.get(f"/people/{looked_at.pk}/").status_code == 200

    home = client.get("/").content.decode().split("People you work with", 1)[1]
    assert "Worked" in home and "Looked" not in home


@pytest.mark.django_db
def test_auditor_reviews_break_glass_and_a_non_justified_review_needs_a_note(client):
    clinician = practitioner_with_role(Role.ED_CLINICIAN)
    auditor = practitioner_with_role(Role.AUDITOR)
    child = PersonFactory()
    client.force_login(clinician)
    client.post(f"/people/{child.pk}/emergency-access/", {"reason": REASON})
    grant = BreakGlassGrant.objects.get()

    client.force_login(auditor)
    queue = client.get("/audit/emergency-access/")
    assert REASON in queue.content.decode()
    missing_note = client.post(f"/audit/emergency-access/{grant.pk}/", {"outcome": "not_justified", "note": ""})
    assert "Say why the access was not justified" in missing_note.content.decode()
    grant.refresh_from_db()
    assert grant.review == BreakGlassGrant.Review.PENDING
    client.post(f"/audit/emergency-access/{grant.pk}/", {"outcome": "justified", "note": ""})
    grant.refresh_from_db()
    assert grant.review == BreakGlassGrant.Review.JUSTIFIED and grant.reviewed_by == auditor
    assert REASON not in client.get("/audit/emergency-access/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SYSTEM_ADMINISTRATOR, Role.PARTNERSHIP_ANALYST, Role.AUDITOR])
def test_roles_without_case_content_cannot_break_glass(client, role):
    child = PersonFactory()
    client.force_login(practitioner_with_role(role))
    response = client.post(f"/people/{child.pk}/emergency-access/", {"reason": REASON})
    assert response.status_code == 404
    assert not BreakGlassGrant.objects.exists()


@pytest.mark.django_db
def test_only_auditors_see_the_audit_log(client):
    client.force_login(practitioner_with_role(Role.SOCIAL_WORKER))
    assert client.get("/audit/").status_code == 404
    client.force_login(practitioner_with_role(Role.AUDITOR))
    assert client.get("/audit/").status_code == 200
