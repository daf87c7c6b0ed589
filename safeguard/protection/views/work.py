"""The worker's own pages: "Your work", a child's protection summary, and an action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguard.access.errors import InvalidInput
from safeguard.challenges import selectors as challenge_selectors
from safeguard.protection import selectors, services

from .common import meeting_url


@login_required
@require_http_methods(["GET", "POST"])
def action(request, action_id):
    """One action: what, for whom, by when, who owns it; its owner (or the child's team) marks it done."""
    action = selectors.action_for_view(actor=request.user, action_id=action_id)
    if request.method == "POST":
        try:
            services.action_complete(actor=request.user, action=action)
        except InvalidInput as exc:
            for ms in exc.errors.values():
                for m in ms:
                    messages.error(request, m)
        else:
            messages.success(request, "Action marked as done")
        return redirect("protection:action", action_id=action.pk)
    where = action.discussion or (action.outcome.plan if action.outcome_id else None)
    return render(request, "protection/action.html", {
        "a": action, "where_url": meeting_url(where) if where is not None else "",
        "where": "strategy discussion" if action.discussion_id else "child protection plan",
    })  # fmt: skip


@login_required
def my_work(request):
    clocks = selectors.due_items_for(actor=request.user)
    overdue_actions = list(selectors.overdue_actions_for(actor=request.user)[:100])
    reviews = list(selectors.reviews_for(actor=request.user)[:100])
    selectors.audit_work_view(actor=request.user, purpose="your work", children=[
        *(c.child for c in clocks), *(a.child_id for a in overdue_actions), *(r.child_id for r in reviews)])
    return render(request, "protection/my_work.html", {
        "clocks": clocks, "overdue_actions": overdue_actions, "reviews": reviews,
        "challenges": list(challenge_selectors.challenges_for(actor=request.user)[:100]),
        "can_view_partnership": challenge_selectors.can_view_partnership(request.user),
    })  # fmt: skip


@login_required
def child_summary(request, person_id):
    summary = selectors.protection_summary(actor=request.user, person_id=person_id)
    challenges = list(challenge_selectors.challenges_about(person=summary.child)[:50])
    from safeguard.directory.selectors import known_professionals

    return render(request, "protection/child_summary.html", {
        "s": summary, "challenges": challenges, "known": known_professionals(summary.child),
        "can_change": selectors.may_change(request.user, [summary.child]),
    })  # fmt: skip
