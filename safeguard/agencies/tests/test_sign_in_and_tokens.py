import pytest
from django.conf import settings
from django.core.management import call_command

from safeguard.access.models import ApiToken, AuditAction, AuditEntry, InvolvementKind
from safeguard.access.services import api_token_issue, api_token_revoke
from safeguard.agencies.roles import Role
from safeguard.testing.factories import TEST_PASSWORD, PersonFactory, involve, practitioner_with_role


def test_production_hashes_passwords_with_argon2():
    from safeguard import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_password_is_stored_as_an_argon2_hash():
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    assert worker.password.startswith("argon2")


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_even_with_the_right_password(client):
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        response = client.post("/sign-in/", {"username": worker.username, "password": "wrong-password"})
        assert "Enter a correct username and password" in response.content.decode()
    locked = client.post("/sign-in/", {"username": worker.username, "password": TEST_PASSWORD})
    assert locked.status_code == 200  # still on the sign-in page
    assert "_auth_user_id" not in client.session
    worker.refresh_from_db()
    assert worker.locked_until is not None


@pytest.mark.django_db
def test_a_success_resets_the_failure_count(client):
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    client.post("/sign-in/", {"username": worker.username, "password": "wrong-password"})
    client.post("/sign-in/", {"username": worker.username, "password": TEST_PASSWORD})
    worker.refresh_from_db()
    assert worker.failed_login_count == 0


@pytest.mark.django_db
def test_api_token_authenticates_is_hashed_at_rest_and_can_be_revoked(client):
    worker = practitioner_with_role(Role.POLICE_PUBLIC_PROTECTION)
    child = PersonFactory()
    involve(child, practitioner=worker, kind=InvolvementKind.SUPERVISING)
    token, secret = api_token_issue(actor=worker, practitioner=worker, name="Police case system")
    assert secret not in token.key_hash and secret.startswith("sg_")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get(f"/api/v1/people/{child.pk}", **auth).status_code == 200
    assert client.get(f"/api/v1/people/{child.pk}", HTTP_AUTHORIZATION="Bearer sg_nope_nope").status_code == 401
    api_token_revoke(actor=worker, token=token)
    assert client.get(f"/api/v1/people/{child.pk}", **auth).status_code == 401
    events = list(AuditEntry.objects.filter(action=AuditAction.TOKEN).values_list("detail", flat=True))
    assert [e["event"] for e in events] == ["issued", "revoked"]


@pytest.mark.django_db
def test_another_practitioners_token_cannot_be_revoked_by_a_colleague():
    from safeguard.access.errors import NotFound

    owner = practitioner_with_role(Role.SOCIAL_WORKER)
    colleague = practitioner_with_role(Role.SOCIAL_WORKER)
    token, _ = api_token_issue(actor=owner, practitioner=owner, name="My script")
    with pytest.raises(NotFound):
        api_token_revoke(actor=colleague, token=token)
    assert ApiToken.objects.get().revoked_at is None


@pytest.mark.django_db
def test_issue_api_token_command_prints_the_secret_once(capsys):
    worker = practitioner_with_role(Role.SOCIAL_WORKER, username="tokenuser")
    call_command("issue_api_token", "tokenuser", "--name", "Health system")
    out = capsys.readouterr().out
    assert "sg_" in out
    assert ApiToken.objects.get(practitioner=worker).name == "Health system"


@pytest.mark.django_db
def test_a_role_that_starts_tomorrow_holds_from_tomorrow_for_a_token_and_a_session(client):
    """The signed-in practitioner's roles are read with a statement compiled once per process
    (`core.prepared`): a running server must still see the roles in force each day, and a
    practitioner's roles must never be another's."""
    from datetime import timedelta
    from unittest import mock

    from django.utils import timezone

    from safeguard.agencies.models import Membership

    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    other = practitioner_with_role(Role.POLICE_PUBLIC_PROTECTION)
    tomorrow = timezone.localdate() + timedelta(days=1)
    Membership.objects.create(practitioner=worker, team=other.memberships.get().team,
                              role=Role.POLICE_PUBLIC_PROTECTION, starts_on=tomorrow, is_primary=False)
    _, secret = api_token_issue(actor=worker, practitioner=worker, name="Case system")
    _, other_secret = api_token_issue(actor=other, practitioner=other, name="Police system")

    def roles(**auth) -> list[str]:
        response = client.get("/api/v1/me", **auth)
        assert response.status_code == 200
        return sorted(m["role"] for m in response.json()["memberships"])

    token = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert roles(**token) == [Role.SOCIAL_WORKER]
    assert roles(HTTP_AUTHORIZATION=f"Bearer {other_secret}") == [Role.POLICE_PUBLIC_PROTECTION]
    client.force_login(worker)
    assert roles() == [Role.SOCIAL_WORKER]
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        assert roles(**token) == sorted([Role.SOCIAL_WORKER, Role.POLICE_PUBLIC_PROTECTION])
        assert roles() == sorted([Role.SOCIAL_WORKER, Role.POLICE_PUBLIC_PROTECTION])
    assert roles(**token) == [Role.SOCIAL_WORKER]
