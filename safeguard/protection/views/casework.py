"""Casework pages: allocation (one child, and the queue), significant events, reconvening reviews."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguard.access import records
from safeguard.access.errors import InvalidInput, NotFound
from safeguard.agencies.roles import Role
from safeguard.core import clock
from safeguard.core.models import Task
from safeguard.people.selectors import person_lookup
from safeguard.protection import forms, selectors, services
from safeguard.protection.inputs.casework import SIGNIFICANT_EVENT_ORDER  # noqa: F401 (re-exported)

from .common import _child


@login_required
@require_http_methods(["GET", "POST"])
def allocation_change(request, person_id):
    child = _child(request, person_id)
    workers = selectors.practitioners_with_roles([Role.SOCIAL_WORKER, Role.SOCIAL_WORK_MANAGER])
    form = forms.AllocationForm(request.POST or None, workers=workers)
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_change(
                actor=request.user,
                child=child,
                worker=form.workers.get(form.cleaned_data["worker_id"]),
                starts_on=form.cleaned_data.get("starts_on"),
                reason=form.cleaned_data.get("reason") or "",
            )
        except InvalidInput as exc:
            forms.add_service_errors(form, exc.errors)
        else:
            messages.success(request, "Social worker allocated")
            return redirect("protection:child_summary", person_id=child.pk)
    return render(request, "protection/allocation.html", {
        "child": child, "form": form, "current": selectors.lead_social_worker(child),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def significant_event_new(request, person_id):
    person = person_lookup(person_id=person_id)
    allowed = records.require_decision(request.user, "view", person)
    people = selectors.people_for_event(actor=request.user, person=person)
    # The form names the adults around the child and their children: one entry names them all.
    records.audit_decision(request.user, "view", person, allowed, naming=people)
    form = forms.SignificantEventForm(request.POST or None, people=people, initial={"person_ids": [str(person.pk)]})
    if request.method == "POST" and form.is_valid():
        try:
            event = services.significant_event_record(
                actor=request.user,
                event_type=form.cleaned_data["event_type"],
                people=[form.people[k] for k in form.cleaned_data["person_ids"]],
                occurred_on=form.cleaned_data["occurred_on"],
                summary=form.cleaned_data.get("summary") or "",
            )
        except InvalidInput as exc:
            forms.add_service_errors(form, exc.errors)
        else:
            raised = event.reviews.count()
            messages.success(
                request,
                "Significant event recorded"
                + (f": {raised} 'consider reconvening' task{'s' if raised != 1 else ''} raised" if raised else ""),
            )
            return redirect("protection:child_summary", person_id=person.pk)
    return render(request, "protection/significant_event.html", {"person": person, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def reconvene_request(request, person_id):
    child = _child(request, person_id)
    form = forms.ReconveneRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reconvene_request(actor=request.user, child=child, reason=form.cleaned_data.get("reason") or "")
        except InvalidInput as exc:
            forms.add_service_errors(form, exc.errors)
        else:
            messages.success(request, "Request sent to the lead social worker and the conference chair")
            return redirect("protection:child_summary", person_id=child.pk)
    return render(request, "protection/reconvene_request.html", {"child": child, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def review(request, review_id):
    review = selectors.review_for_view(actor=request.user, review_id=review_id)
    form = forms.ReconveneDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reconvene_decide(actor=request.user, review=review, **form.cleaned_data)
        except InvalidInput as exc:
            forms.add_service_errors(form, exc.errors)
        else:
            messages.success(request, "Decision recorded")
            return redirect("protection:my_work")
    return render(request, "protection/review.html", {"review": review, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def allocation_queue(request):
    """A team manager's allocation queue: work handed to the team, each with its clock, allocated
    to a worker chosen knowing each worker's caseload."""
    records.require(request.user, "allocate", Task)
    errors: dict = {}
    if request.method == "POST":
        task_id = request.POST.get("task_id", "")
        try:
            task = services.work_allocate(
                actor=request.user, task_id=task_id, worker_id=request.POST.get("worker_id")
            )
        except InvalidInput as exc:
            errors[task_id] = [m for messages_ in exc.errors.values() for m in messages_]
        except ValueError:
            raise NotFound() from None
        else:
            done = task.outcome or "Allocated"
            messages.success(request, f"{done}: {task.title.removeprefix('Allocate the ')}")
            return redirect("protection:allocation_queue")
    items = selectors.allocation_queue_for(actor=request.user)
    workers = {}
    for item in items:
        if item.team.pk not in workers:
            workers[item.team.pk] = selectors.team_workers(item.team)
    rows = [
        {
            "item": item,
            "due": clock.Deadline(due=item.task.due_on) if item.task.due_on else None,
            "workers": workers[item.team.pk],
            "errors": errors.get(str(item.task.pk), []),
        }
        for item in items
    ]
    return render(request, "protection/allocation_queue.html", {"rows": rows, "has_errors": bool(errors)})
