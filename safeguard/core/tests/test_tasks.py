"""Tasks are raised once, by one service, and always have an owner."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from safeguard.agencies.roles import Role
from safeguard.core import services
from safeguard.core.models import Task, TaskStatus
from safeguard.core.services import task_raise, tasks_complete_for
from safeguard.testing.factories import PersonFactory, practitioner_with_role

pytestmark = pytest.mark.django_db


def test_the_same_task_for_the_same_owner_is_raised_once():
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    child = PersonFactory()
    first = task_raise(kind="visit", title="Visit", due_on=date(2026, 12, 1), assignee=worker, person=child)
    second = task_raise(kind="visit", title="Visit again", due_on=date(2026, 12, 2), assignee=worker, person=child)
    assert second.pk == first.pk
    assert Task.objects.filter(assignee=worker).count() == 1


def test_another_owner_or_another_subject_is_another_task():
    worker, colleague = practitioner_with_role(Role.SOCIAL_WORKER), practitioner_with_role(Role.SOCIAL_WORKER)
    child, sister = PersonFactory(), PersonFactory()
    task_raise(kind="visit", title="Visit", due_on=None, assignee=worker, person=child)
    task_raise(kind="visit", title="Visit", due_on=None, assignee=colleague, person=child)
    task_raise(kind="visit", title="Visit", due_on=None, assignee=worker, person=sister)
    assert Task.objects.count() == 3


def test_once_done_the_same_work_can_be_asked_for_again():
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    child = PersonFactory()
    first = task_raise(kind="visit", title="Visit", due_on=None, assignee=worker, person=child)
    assert tasks_complete_for(person=child, kinds=["visit"], outcome="Visited") == 1
    first.refresh_from_db()
    assert first.status == TaskStatus.DONE and first.completed_at is not None
    again = task_raise(kind="visit", title="Visit", due_on=None, assignee=worker, person=child)
    assert again.pk != first.pk


def test_the_database_refuses_a_second_open_task_with_the_same_key():
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    team = worker.memberships.get().team
    task_raise(kind="k", title="t", due_on=None, assignee=worker, subject="x")
    task_raise(kind="k", title="t", due_on=None, team=team, subject="x")
    for owner in ({"assignee": worker}, {"team": team}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Task.objects.create(kind="k", title="t", dedupe_key="k|x", **owner)


def test_a_raise_that_loses_a_race_returns_the_winners_task(monkeypatch):
    """Two look-ups at once: both miss the open task, one insert wins, the other returns it."""
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    winner = Task.objects.create(kind="k", title="t", assignee=worker, dedupe_key="k|x")
    real = services._open_task
    calls = []

    def miss_first(key, owner):
        calls.append(key)
        return None if len(calls) == 1 else real(key, owner)

    monkeypatch.setattr(services, "_open_task", miss_first)
    assert task_raise(kind="k", title="t", due_on=None, assignee=worker, subject="x").pk == winner.pk
    assert Task.objects.filter(dedupe_key="k|x").count() == 1


def test_a_task_must_have_an_owner():
    with pytest.raises(ValueError):
        task_raise(kind="k", title="t", due_on=None)
