"""Where front door tasks are done (registered with safeguard.core.work)."""

from __future__ import annotations

from django.urls import reverse

from safeguard.access import records
from safeguard.core.work import register_source_link, register_task_kind


def _contact_decision(task, actor):
    if task.source_type != "frontdoor.contact":
        return reverse("frontdoor:queue")  # seeded history without its contact record
    from safeguard.frontdoor.models import Decision

    if actor is not None and records.allows(actor, "make", Decision):
        return reverse("frontdoor:decision", args=[task.source_id])
    return reverse("frontdoor:contact", args=[task.source_id])


def _information_request(task, actor):
    if task.source_type == "frontdoor.informationrequest":
        return reverse("frontdoor:request_answer", args=[task.source_id])
    return reverse("frontdoor:requests")


def _decision(task, actor):
    if task.source_type == "frontdoor.decision":
        return reverse("frontdoor:decision_detail", args=[task.source_id])
    return None


def _triage_action(task, actor):
    """The owner records the action as done on its own page (which closes the task)."""
    if task.source_type == "frontdoor.triageaction" and task.source_id:
        return reverse("frontdoor:triage_action_done", args=[task.source_id])
    return reverse("frontdoor:triage")


def register() -> None:
    register_task_kind("contact_decision", _contact_decision, label="Make a threshold decision")
    register_task_kind("information_request", _information_request, label="Answer an information request")
    register_task_kind("threshold_dissent", _decision, label="A decision differs from your agency's view")
    register_task_kind("assessment_allocation", _decision, label="Allocate an assessment")
    register_task_kind("triage_waiting", lambda t, a: reverse("frontdoor:triage"), label="Waiting for triage")
    register_handoffs()
    register_task_kind(
        "operation_encompass", lambda t, a: reverse("frontdoor:encompass"), label="Operation Encompass notice"
    )
    register_task_kind("triage_action", _triage_action, label="Domestic abuse triage action")
    register_source_link("frontdoor.contact", _contact_decision)
    register_source_link("frontdoor.decision", _decision)


# --- Hand-offs from a decision ----------------------------------------------------------------------


def _decision_children(task) -> list:
    from safeguard.frontdoor.models import Decision
    from safeguard.frontdoor.services import linked_people

    decision = Decision.objects.filter(pk=task.source_id).select_related("contact").first()
    return linked_people(decision.contact, children_only=True) if decision else []


def _assessment_allocated(*, task, worker, actor) -> None:
    """The worker is now the children's allocated worker; the 45-working-day clock runs on, and the
    assessment itself (the children in need app's "cin_assessment" task) moves from the team's
    queue to the worker."""
    from safeguard.core.models import Task, TaskStatus
    from safeguard.frontdoor.models import Assessment

    ids = [str(pk) for pk in Assessment.objects.filter(decision_id=task.source_id).values_list("pk", flat=True)]
    Task.objects.filter(
        kind="cin_assessment", source_type="frontdoor.assessment", source_id__in=ids, status=TaskStatus.OPEN
    ).update(assignee=worker)


def _early_help_allocated(*, task, worker, actor) -> None:
    """Early help accepts the referral through the worker it is given to. The team's sight of the
    children from the hand-off ends with it (see work_allocate), so the worker doing the early help
    work is given their own, for as long as the referral's work lasts."""
    from django.utils import timezone

    from safeguard.access.models import InvolvementKind
    from safeguard.access.services import involvement_grant
    from safeguard.frontdoor.models import EarlyHelpReferral

    for referral in EarlyHelpReferral.objects.filter(decision_id=task.source_id, accepted_at__isnull=True):
        referral.accepted_at = timezone.now()
        referral.referred_to = f"{worker} ({task.team.name})"[:200]
        referral.save(update_fields=["accepted_at", "referred_to"])
        for child in _decision_children(task):
            involvement_grant(person=child, kind=InvolvementKind.SUPERVISING, practitioner=worker, source=referral)


def _open_tasks_from(source_type: str):
    """Open tasks raised from the outer row (`Task.source_id` holds `str(pk)`), for EXISTS."""
    from django.db.models import OuterRef

    from safeguard.core.models import Task, TaskStatus
    from safeguard.core.sql import UuidText

    return Task.objects.filter(status=TaskStatus.OPEN, source_type=source_type, source_id=UuidText(OuterRef("pk")))


def _unowned_contacts() -> int:
    """Open contacts with no open task for the front door to decide them (one COUNT in the database)."""
    from django.db.models import Exists

    from safeguard.frontdoor.models import Contact
    from safeguard.frontdoor.selectors import OPEN_CONTACT_STATUSES

    return (
        Contact.objects.filter(status__in=OPEN_CONTACT_STATUSES)
        .exclude(Exists(_open_tasks_from("frontdoor.contact")))
        .count()
    )


def _unowned_handed_on() -> int:
    """Assessments and early help referrals from a decision that nobody has taken on: no open
    allocation task and (assessments) no allocated worker for the child. Two COUNTs in the database."""
    from django.db.models import Exists, OuterRef

    from safeguard.access.models import Involvement, InvolvementKind
    from safeguard.core.models import Task, TaskStatus
    from safeguard.core.sql import UuidText
    from safeguard.frontdoor.models import Assessment, EarlyHelpReferral

    def queued():
        return Task.objects.filter(
            status=TaskStatus.OPEN, source_type="frontdoor.decision", source_id=UuidText(OuterRef("decision_id"))
        )

    allocated = Involvement.objects.active().filter(
        kind=InvolvementKind.ALLOCATED_WORKER, practitioner__isnull=False, person_id=OuterRef("person_id")
    )
    # An assessment whose own task (the children in need app's "cin_assessment") is open has an owner.
    tasked = Task.objects.filter(
        status=TaskStatus.OPEN, source_type="frontdoor.assessment", source_id=UuidText(OuterRef("pk"))
    )
    assessments = (
        Assessment.objects.filter(completed_on__isnull=True)
        .exclude(Exists(queued()))
        .exclude(Exists(allocated))
        .exclude(Exists(tasked))
    ).count()
    early_help = EarlyHelpReferral.objects.filter(accepted_at__isnull=True).exclude(Exists(queued())).count()
    return assessments + early_help


def register_handoffs() -> None:
    from safeguard.core.work import HandOff, register_handoff, register_unowned_work

    register_handoff(
        "allocate_assessment",
        HandOff(label="Child and family assessment", children=_decision_children, allocated=_assessment_allocated),
    )
    register_handoff(
        "allocate_early_help",
        HandOff(
            label="Early help referral",
            children=_decision_children,
            allocated=_early_help_allocated,
            allocates_child=False,
        ),
    )
    register_unowned_work("contacts", _unowned_contacts)
    register_unowned_work("assessments and early help", _unowned_handed_on)
