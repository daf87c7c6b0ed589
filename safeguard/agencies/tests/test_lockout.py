"""Failed sign-ins are counted exactly, however many arrive together, per account and per address."""

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.db import connection
from django.test import Client, RequestFactory
from django.utils import timezone

from safeguard.agencies.models import Practitioner
from safeguard.agencies.roles import Role
from safeguard.testing.factories import TEST_PASSWORD, practitioner_with_role

WRONG = "wrong-password"


def _request(address="198.51.100.7"):
    return RequestFactory().post("/sign-in/", REMOTE_ADDR=address)


@pytest.mark.django_db
def test_a_failure_landing_during_another_password_check_is_not_lost():
    """The race, made deterministic: a second wrong password is recorded while the first one's
    (slow) password check runs. Read-then-write would save 1; an atomic count saves 2."""
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    original = Practitioner.check_password
    nested = []

    def check_password(self, raw):
        if not nested:
            nested.append(True)
            authenticate(_request(), username=worker.username, password=WRONG)
        return original(self, raw)

    with mock.patch.object(Practitioner, "check_password", check_password):
        assert authenticate(_request(), username=worker.username, password=WRONG) is None
    worker.refresh_from_db()
    assert worker.failed_login_count == 2


@pytest.mark.django_db
def test_an_expired_lock_starts_counting_again_from_one():
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    Practitioner.objects.filter(pk=worker.pk).update(
        failed_login_count=settings.LOGIN_MAX_FAILURES, locked_until=timezone.now() - timedelta(minutes=1)
    )
    assert authenticate(_request(), username=worker.username, password=WRONG) is None
    worker.refresh_from_db()
    assert (worker.failed_login_count, worker.locked_until) == (1, None)
    assert authenticate(_request(), username=worker.username, password=TEST_PASSWORD) == worker


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_refused_for_the_window(settings):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 3
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    for name in ("nobody.one", "nobody.two", worker.username):
        assert authenticate(_request(), username=name, password=WRONG) is None
    # Even the right password is refused from that address; another address is unaffected.
    assert authenticate(_request(), username=worker.username, password=TEST_PASSWORD) is None
    assert authenticate(_request("203.0.113.9"), username=worker.username, password=TEST_PASSWORD) == worker


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="needs a server database: SQLite's in-memory test database cannot take 30 concurrent writers "
    "(the atomic count itself is tested on both by the test above)",
)
def test_thirty_parallel_wrong_passwords_lock_the_account_and_each_is_counted():
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    attempts = 30
    # Every attempt is held at its password check until all 30 are there, so all of them read the
    # account as unlocked with no failures: the worst case the issue measured (count 2-3, no lock).
    barrier = threading.Barrier(attempts, timeout=30)
    original = Practitioner.check_password

    def check_password(self, raw):
        barrier.wait()
        return original(self, raw)

    statuses, errors = [], []

    def attempt():
        try:
            response = Client().post("/sign-in/", {"username": worker.username, "password": WRONG})
            statuses.append(response.status_code)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    with mock.patch.object(Practitioner, "check_password", check_password):
        threads = [threading.Thread(target=attempt) for _ in range(attempts)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == []
    assert statuses == [200] * attempts  # each stays on the sign-in page
    worker.refresh_from_db()
    assert worker.failed_login_count == attempts
    assert worker.locked_until is not None and worker.locked_until > timezone.now()
    assert authenticate(_request(), username=worker.username, password=TEST_PASSWORD) is None
