"""Background work (django-tasks): chase GP practices and flag pregnancies without a home visit.

Run by the worker (`make worker`) on a schedule; both services are idempotent, so running more
often than needed does no harm.
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from safeguard.family import services


@task()
def chase_gp_notifications() -> int:
    return len(services.chase_unacknowledged(now=timezone.now()))


@task()
def flag_pregnancies_without_home_visit() -> int:
    return len(services.flag_pregnancies_without_home_visit(now=timezone.now()))
