"""Domestic abuse triage meetings: the agenda, each agency's information, decisions, actions and minutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from safeguard.access import records
from safeguard.frontdoor import selectors, services
from safeguard.frontdoor.forms import (
    MinutesForm,
    TriageActionDoneForm,
    TriageActionForm,
    TriageDecisionForm,
    TriageInputForm,
)
from safeguard.frontdoor.models import TriageMeeting
from safeguard.frontdoor.views.common import posted, write_form


@login_required
def triage_index(request):
    meetings = list(selectors.triage_meetings(actor=request.user)[:30])
    waiting = selectors.triage_waiting(actor=request.user).count()
    return render(
        request,
        "frontdoor/triage_index.html",
        {"meetings": meetings, "waiting": waiting, "can_chair": records.allows(request.user, "chair", TriageMeeting)},
    )


@login_required
@require_POST
def triage_start(request):
    meeting = services.triage_meeting_open(actor=request.user)
    messages.success(request, f"Meeting started with {meeting.items.count()} cases on the agenda")
    return redirect("frontdoor:triage_meeting", meeting_id=meeting.pk)


def _agenda_url(item) -> str:
    """The meeting's page that shows `item`, scrolled to it."""
    page = selectors.triage_agenda_page_of(item=item)
    query = f"?page={page}" if page > 1 else ""
    return reverse("frontdoor:triage_meeting", args=[item.meeting_id]) + f"{query}#item-{item.pk}"


@login_required
def triage_meeting(request, meeting_id):
    agenda = selectors.triage_agenda(actor=request.user, meeting_id=meeting_id, page=request.GET.get("page"))
    return render(
        request,
        "frontdoor/triage_meeting.html",
        {"m": agenda.meeting, "page_obj": agenda.page, "undecided": agenda.undecided,
         "can_chair": records.allows(request.user, "chair", TriageMeeting)},
    )


def _triage_item_page(
    request, item_id, form_class, call, title, template="frontdoor/triage_item_form.html", **form_kwargs
):
    item = selectors.triage_item_lookup(actor=request.user, item_id=item_id)
    if item.meeting_id is None:
        raise Http404
    form = form_class(posted(request), **form_kwargs)
    if request.method == "POST" and form.is_valid() and write_form(form, lambda: call(item, form.cleaned_data)):
        messages.success(request, title[1])
        return redirect(_agenda_url(item))
    shown = selectors.triage_item_for_view(actor=request.user, item_id=item.pk)
    return render(
        request, template,
        {"m": shown.meeting, "item": shown, "form": form, "title": title[0], "back_url": _agenda_url(item)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def triage_input(request, item_id):
    return _triage_item_page(
        request,
        item_id,
        TriageInputForm,
        lambda item, data: services.triage_input_add(actor=request.user, item=item, **data),
        ("Add what your agency knows", "Information added"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def triage_decide(request, item_id):
    records.require(request.user, "chair", TriageMeeting)
    return _triage_item_page(
        request,
        item_id,
        TriageDecisionForm,
        lambda item, data: services.triage_item_decide(actor=request.user, item=item, **data),
        ("Record the triage decision", "Decision recorded"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def triage_action(request, item_id):
    return _triage_item_page(
        request,
        item_id,
        TriageActionForm,
        lambda item, data: services.triage_action_add(actor=request.user, item=item, **data),
        ("Add an action", "Action added"),
        owners=selectors.triage_action_owners(actor=request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def triage_action_done(request, action_id):
    """The owner of a triage action records what was done: this closes their task."""
    action = selectors.triage_action_for_owner(actor=request.user, action_id=action_id)
    form = TriageActionDoneForm(posted(request))

    def done():
        services.triage_action_complete(actor=request.user, action=action, **form.cleaned_data)

    if request.method == "POST" and form.is_valid() and write_form(form, done):
        messages.success(request, "Action recorded as done")
        return redirect("home")
    return render(request, "frontdoor/triage_action_done.html", {"action": action, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def triage_close(request, meeting_id):
    records.require(request.user, "chair", TriageMeeting)
    meeting = selectors.triage_meeting_lookup(actor=request.user, meeting_id=meeting_id)
    form = MinutesForm(posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and write_form(
            form, lambda: services.triage_meeting_close(actor=request.user, meeting=meeting, **form.cleaned_data)
        )
    ):
        messages.success(request, "Minutes saved and the meeting closed")
        return redirect("frontdoor:triage_meeting", meeting_id=meeting.pk)
    return render(
        request, "frontdoor/triage_close.html",
        {"m": meeting, "form": form, "undecided": selectors.triage_undecided_count(meeting=meeting)},
    )
