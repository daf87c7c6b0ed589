"""Background work (django-tasks): run by the worker on a schedule, e.g. every hour."""

from django_tasks import task


@task()
def escalate_reconvene_requests() -> int:
    """Escalate unanswered 'consider reconvening' requests past their working-day limit."""
    from safeguard.protection.services import escalate_overdue

    return escalate_overdue()


@task()
def escalate_professional_challenges() -> int:
    """Move overdue professional challenges to their next stage."""
    from safeguard.challenges.services import challenges_escalate_overdue

    return challenges_escalate_overdue()
