"""Opening and closing children in need episodes: one open episode per child, dates in order,
a closure always has a reason."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from safeguard.access.errors import InvalidInput
from safeguard.agencies.roles import Role
from safeguard.cin.codes import ClosureReason
from safeguard.cin.models import CINEpisode
from safeguard.cin.services import episode_close, episode_open
from safeguard.testing.factories import PersonFactory, practitioner_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    return practitioner_with_role(Role.SOCIAL_WORKER, username="sw")


def test_a_second_referral_joins_the_open_episode(worker):
    child = PersonFactory(date_of_birth=date(2016, 5, 1))
    today = timezone.localdate()
    earlier = today - timedelta(days=3)
    first, created = episode_open(actor=worker, child=child, referral_date=earlier, referral_source="2A")
    second, created_again = episode_open(actor=worker, child=child, referral_date=today, referral_source="6")
    assert created and not created_again
    assert second == first
    assert CINEpisode.objects.filter(child=child).count() == 1


def test_closing_before_the_referral_is_refused_and_nothing_changes(worker):
    child = PersonFactory(date_of_birth=date(2016, 5, 1))
    today = timezone.localdate()
    episode, _ = episode_open(actor=worker, child=child, referral_date=today, referral_source="2A")
    with pytest.raises(InvalidInput) as refused:
        episode_close(actor=worker, episode=episode, closure_date=today - timedelta(days=1), closure_reason="")
    assert set(refused.value.errors) == {"closure_date", "closure_reason"}
    episode.refresh_from_db()
    assert episode.is_open


def test_a_closed_episode_lets_the_next_referral_open_a_new_one(worker):
    child = PersonFactory(date_of_birth=date(2016, 5, 1))
    today = timezone.localdate()
    episode, _ = episode_open(actor=worker, child=child, referral_date=today, referral_source="2A")
    episode_close(actor=worker, episode=episode, closure_date=today, closure_reason=ClosureReason.SERVICES_CEASED)
    new, created = episode_open(actor=worker, child=child, referral_date=today, referral_source="3A")
    assert created and new != episode
