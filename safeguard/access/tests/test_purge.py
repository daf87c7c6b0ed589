"""The scheduled work forgets enquiry references past their day and sign-in address counters past
their window, and keeps everything still in force (a live reference, a locked address)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from safeguard.access.models import EnquiryReference, SignInAddress
from safeguard.agencies.roles import Role
from safeguard.people.matching import person_from_enquiry_token
from safeguard.testing.factories import PersonFactory, practitioner_with_role

pytestmark = pytest.mark.django_db


def test_expired_enquiry_references_are_purged_and_a_live_one_still_works():
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    person = PersonFactory()
    live = EnquiryReference.objects.create(practitioner=worker, person=person)
    old = EnquiryReference.objects.create(practitioner=worker, person=person)
    EnquiryReference.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))

    call_command("run_scheduled_work")

    assert list(EnquiryReference.objects.values_list("token", flat=True)) == [live.token]
    assert person_from_enquiry_token(live.token, actor=worker) == person


def test_address_counters_are_purged_once_their_window_or_lock_is_over(settings):
    now = timezone.now()
    window = timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    rows = {
        "locked now": {"failed_login_count": 50, "last_failure_at": now, "locked_until": now + window},
        "failing now": {"failed_login_count": 3, "last_failure_at": now - timedelta(minutes=1)},
        "lock over": {"failed_login_count": 50, "last_failure_at": now - 2 * window,
                      "locked_until": now - timedelta(minutes=1)},
        "window over": {"failed_login_count": 3, "last_failure_at": now - window - timedelta(minutes=1)},
    }
    for number, fields in enumerate(rows.values(), start=1):
        SignInAddress.objects.create(address=f"192.0.2.{number}", **fields)

    call_command("run_scheduled_work")

    assert set(SignInAddress.objects.values_list("address", flat=True)) == {"192.0.2.1", "192.0.2.2"}
