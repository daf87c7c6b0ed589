"""Helpers the protection pages share: row formsets, a meeting's URL, who to tell about a change."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse

from safeguard.access import records
from safeguard.people.selectors import person_lookup
from safeguard.protection import forms, selectors, services
from safeguard.protection.models import Conference, CoreGroup, StrategyDiscussion


def _rows_form(request, form_class, **kwargs):
    """A form with action rows. "Add another action" re-shows what was typed with one more row, unsaved
    and without errors; any other POST is a submission. Returns (form, submitted)."""
    if request.method != "POST":
        return form_class(**kwargs), False
    rows = forms.action_rows_requested(request.POST)
    if request.POST.get("add_action"):
        initial = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "add_action")}
        initial["action_rows"] = rows
        return form_class(initial=initial, rows=rows, **kwargs), False
    return form_class(request.POST, rows=rows, **kwargs), True


def meeting_url(meeting) -> str:
    """The page of a strategy discussion, conference or core group (a core group shows on its plan)."""
    if isinstance(meeting, StrategyDiscussion):
        return reverse("protection:discussion", args=[meeting.pk])
    if isinstance(meeting, Conference):
        return reverse("protection:conference", args=[meeting.pk])
    if isinstance(meeting, CoreGroup):
        return reverse("protection:core_group", args=[meeting.pk])
    return reverse("protection:my_work")


def _owners(child_or_children, actor, extra=()):
    """Who may own an action: those working with the child first, then everyone in the directory."""
    from safeguard.directory.selectors import practitioner_search

    children = child_or_children if isinstance(child_or_children, list) else [child_or_children]
    around = {}
    for child in children:
        for p in selectors.practitioners_around(child, actor=actor, extra=extra):
            around[p.pk] = p
    _total, everyone = practitioner_search(limit=100)
    return list(around.values()), [e for e in everyone if e.practitioner.pk not in around]


def _child(request, person_id):
    """The child, when the actor may see them (404 otherwise); the view is audited."""
    child = person_lookup(person_id=person_id)
    records.require(request.user, "view", child, audit=True)
    return child


def _plan_owners(plan, actor):
    named = [i.practitioner for i in plan.conference.invitations.all() if i.practitioner_id]
    return _owners(plan.child, actor, extra=[*named, plan.chair])


def _form_errors(exc) -> dict:
    return dict(exc.errors)


def _meeting_children(meeting) -> str:
    if isinstance(meeting, StrategyDiscussion):
        return ", ".join(c.full_name for c in meeting.children.all())
    if isinstance(meeting, Conference):
        return meeting.child.full_name
    return meeting.plan.child.full_name


def _meeting_form_page(request, meeting, form, *, heading, button, template="protection/meeting_form.html", **extra):
    return render(request, template, {
        "meeting": meeting, "form": form, "heading": heading, "button": button, "back": meeting_url(meeting),
        "title": services.meeting_title(meeting), "children": _meeting_children(meeting),
        "arrangements": services.arrangements_in_words(meeting), **extra,
    })  # fmt: skip


def recording(actor, meeting, kind: str) -> dict | None:
    """The "Record the meeting" start (or "Continue the record") for those who may record a meeting
    still to be recorded; None for everyone else (an invitee sees no button that would refuse them)."""
    if not selectors.meeting_is_open(meeting) or not selectors.may_record(actor, meeting):
        return None
    draft = selectors.record_draft_for(actor=actor, meeting=meeting)
    return {"url": reverse("protection:meeting_record", args=[kind, meeting.pk]), "draft": draft}
