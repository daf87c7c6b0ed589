"""Child protection plan pages: the plan, its outcomes, visits and core groups."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguard.access.errors import InvalidInput
from safeguard.protection import forms, selectors, services

from .common import _form_errors, _plan_owners, _rows_form, recording


@login_required
@require_http_methods(["GET", "POST"])
def plan_outcome_new(request, plan_id):
    plan = selectors.plan_for_view(actor=request.user, plan_id=plan_id)
    form, submitted = _rows_form(request, forms.PlanOutcomeForm, owners=_plan_owners(plan, request.user))
    if submitted and form.is_valid():
        try:
            services.plan_outcome_add(
                actor=request.user,
                plan=plan,
                description=form.cleaned_data.get("description") or "",
                actions=form.action_rows_data(),
            )
        except InvalidInput as exc:
            forms.add_service_errors(form, form.map_action_errors(exc.errors))
        else:
            messages.success(request, "Outcome added")
            return redirect("protection:plan", plan_id=plan.pk)
    return render(request, "protection/plan_outcome.html", {"plan": plan, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def core_group_new(request, plan_id):
    plan = selectors.plan_for_view(actor=request.user, plan_id=plan_id)
    form = forms.CoreGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.core_group_record(actor=request.user, plan=plan, **form.cleaned_data)
        except InvalidInput as exc:
            forms.add_service_errors(form, exc.errors)
        else:
            messages.success(request, "Core group recorded")
            return redirect("protection:plan", plan_id=plan.pk)
    return render(request, "protection/plan_form.html", {
        "plan": plan, "form": form, "heading": "Record a core group meeting", "button": "Save the core group",
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request, plan_id):
    plan = selectors.plan_for_view(actor=request.user, plan_id=plan_id)
    form = forms.VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_record(
                actor=request.user,
                plan=plan,
                visited_on=form.cleaned_data["visited_on"],
                seen_alone=form.cleaned_data["seen_alone"],
            )
        except InvalidInput as exc:
            forms.add_service_errors(form, exc.errors)
        else:
            messages.success(request, "Statutory visit recorded")
            return redirect("protection:plan", plan_id=plan.pk)
    return render(request, "protection/plan_form.html", {
        "plan": plan, "form": form, "heading": "Record a statutory visit", "button": "Save the visit",
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def plan(request, plan_id):
    plan, others = selectors.plan_for_page(actor=request.user, plan_id=plan_id)
    errors = []
    if request.method == "POST":
        try:
            services.plan_finalise(actor=request.user, plan=plan)
        except InvalidInput as exc:
            errors = [m for ms in exc.errors.values() for m in ms]
        else:
            messages.success(request, "Plan finalised")
            return redirect("protection:plan", plan_id=plan.pk)
    return render(request, "protection/plan.html", {
        "plan": plan,
        "outcomes": plan.outcomes.prefetch_related("actions__owner", "actions__owner_agency"),
        "visits": plan.visits.select_related("visitor"),  # who visited, in the same query
        "others": others,
        "clocks": selectors.plan_clocks(plan) if plan.status == "active" else [],
        "finalise_errors": errors,
        "sibling_form": forms.SiblingDecisionForm(),
        "can_change": selectors.may_change(request.user, [plan.child]),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def core_group_schedule(request, plan_id):
    plan = selectors.plan_for_view(actor=request.user, plan_id=plan_id)
    form = forms.ScheduleCoreGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            core_group = services.core_group_schedule(actor=request.user, plan=plan, **form.service_kwargs())
        except InvalidInput as exc:
            forms.add_service_errors(form, _form_errors(exc))
        else:
            messages.success(request, "Core group arranged: the invitations are on each invitee's work")
            return redirect("protection:core_group", core_group_id=core_group.pk)
    return render(request, "protection/plan_form.html", {
        "plan": plan, "form": form, "heading": "Arrange a core group meeting",
        "button": "Arrange and send the invitations",
    })  # fmt: skip


@login_required
def core_group(request, core_group_id):
    """The core group; recording it is a task list of its own (protection:meeting_record)."""
    core_group = selectors.core_group_for_view(actor=request.user, core_group_id=core_group_id)
    can_change = selectors.may_change(request.user, [core_group.plan.child])
    return render(request, "protection/core_group.html", {
        "g": core_group, "record": recording(request.user, core_group, "core-group"),
        "open": can_change and core_group.held_on is None and not core_group.is_cancelled,
        "invitations": core_group.invitations.select_related("agency", "practitioner"),
        "changes": core_group.changes.select_related("changed_by"),
        "arrangements": services.arrangements_in_words(core_group),
    })  # fmt: skip
