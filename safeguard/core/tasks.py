"""The Django tasks API entry point for periodic work, so a worker pool can run it.

`run_scheduled_work --enqueue` (from cron) puts each registered job on the task queue; the worker
(`manage.py db_worker` with the database backend, or a Redis/Celery backend in production) runs it.
"""

from django.utils import timezone
from django_tasks import task

from safeguard.core import schedule


@task()
def run_scheduled_job(name: str) -> str:
    job = schedule.job(name)
    return str(job.run(now=timezone.now()))
