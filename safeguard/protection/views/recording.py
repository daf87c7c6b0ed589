"""A meeting's record as a GOV.UK task list: one page per section, each saved as a draft when
continued (nothing typed is lost, whatever state the other sections are in), then "Check and
submit", which writes the record through the meeting's own service from the same single form."""

from __future__ import annotations

from datetime import date

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.utils import ErrorDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from safeguard.access.errors import InvalidInput, NotFound
from safeguard.agencies.models import Practitioner
from safeguard.protection import forms, selectors, services
from safeguard.protection.forms import record_sections
from safeguard.protection.forms.record_sections import Section, section_post_keys
from safeguard.protection.models import StrategyDiscussion
from safeguard.web.presenters import date_in_words

from .common import _owners, meeting_url
from .meetings import _meeting_for_view

NOT_STARTED, IN_PROGRESS, COMPLETED, CANNOT_START = "Not yet started", "In progress", "Completed", "Cannot start yet"
TITLES = {"strategy-discussion": "strategy discussion", "core-group": "core group meeting"}
DONE = {"strategy-discussion": "Strategy discussion recorded", "conference": "Conference recorded",
        "core-group": "Core group recorded"}  # fmt: skip


def _open_meeting(request, kind, meeting_id):
    """The meeting, when the actor may record it and it is still to be recorded (else None)."""
    meeting = _meeting_for_view(request, kind, meeting_id)
    selectors.recording_check(actor=request.user, meeting=meeting)
    return meeting if selectors.meeting_is_open(meeting) else None


def _form(request, kind, meeting, data=None, rows=None) -> django_forms.Form:
    """The single record form this meeting always had, bound to the draft's answers."""
    if kind == "strategy-discussion":
        invitees = Practitioner.objects.filter(
            pk__in=[i.practitioner_id for i in meeting.invitations.all() if i.practitioner_id]
        )
        owners = _owners(list(meeting.children.all()), request.user, extra=invitees)
        rows = rows or forms.action_rows_requested(data or {})
        return forms.RecordDiscussionForm(data, discussion=meeting, owners=owners, rows=rows)
    if kind == "conference":
        return forms.RecordConferenceForm(data, conference=meeting)
    return forms.RecordCoreGroupForm(data)


def _service_kwargs(kind, form) -> dict:
    if kind == "core-group":
        d = form.cleaned_data
        return {"held_on": d.get("held_on"), "notes": d.get("notes") or ""}
    return form.service_kwargs()


def _sections(kind, meeting) -> list[Section]:
    if kind == "strategy-discussion":
        others = selectors.other_children_for_discussion(meeting)
        return [*record_sections.DISCUSSION, *([record_sections.OTHER_CHILDREN] if others else [])]
    return record_sections.CONFERENCE if kind == "conference" else record_sections.CORE_GROUP


def _title(kind, meeting) -> str:
    return TITLES.get(kind) or meeting.get_kind_display().lower()


def _owned_keys(form, section: Section, answers) -> list[str]:
    if section.key == "actions":
        return [k for k in answers if k.startswith("action_")]
    return section_post_keys(form, section.names(form), answers)


def _status(form, section: Section, draft, meeting) -> str:
    if section.key == "other-children":
        decided = [o.decision is not None for o in selectors.other_children_for_discussion(meeting)]
        return COMPLETED if all(decided) else IN_PROGRESS if any(decided) else NOT_STARTED
    if draft is None:
        return NOT_STARTED
    if section.key in draft.completed:
        return COMPLETED
    typed = [draft.answers[k] for k in _owned_keys(form, section, draft.answers) if k != "action_rows"]
    return IN_PROGRESS if any(typed) else NOT_STARTED


def _service_errors_on(form, kind, errors: dict, names: list[str]) -> None:
    """Place the service's errors on this page's fields: an attendance missing goes on each unanswered
    invitee, an action's problem on its row."""
    if kind == "strategy-discussion":
        errors = form.map_action_errors(errors)
    for key, msgs in errors.items():
        field = key.split("[")[0]
        if field == "attendance":
            blank = [n for n in names if n.startswith("attendance_") and not form.cleaned_data.get(n)]
            for n in blank:
                form.add_error(n, f"Record whether {form.fields[n].label} attended")
            continue
        if field in names and field not in form.errors:
            for m in msgs:
                form.add_error(field, m)


def _page_context(request, kind, meeting) -> dict:
    return {"kind": kind, "meeting": meeting, "title": _title(kind, meeting), "back": meeting_url(meeting),
            "tasks_url": reverse("protection:meeting_record", args=[kind, meeting.pk]),
            "children": _children(meeting)}  # fmt: skip


def _children(meeting) -> str:
    if isinstance(meeting, StrategyDiscussion):
        return ", ".join(c.full_name for c in meeting.children.all())
    return meeting.child.full_name if hasattr(meeting, "child") else meeting.plan.child.full_name


@login_required
def meeting_record(request, kind, meeting_id):
    """The task list: each section with its status, and "Check and submit" once the needed ones are done."""
    meeting = _open_meeting(request, kind, meeting_id)
    if meeting is None:
        return redirect(meeting_url(_meeting_for_view(request, kind, meeting_id)))
    draft = selectors.record_draft_for(actor=request.user, meeting=meeting)
    form = _form(request, kind, meeting, (draft.answers if draft else None))
    rows, ready = [], True
    for section in _sections(kind, meeting):
        status = _status(form, section, draft, meeting)
        ready = ready and (status == COMPLETED or not section.required)
        url = reverse("protection:meeting_record_section", args=[kind, meeting.pk, section.key])
        rows.append({"key": section.key, "title": section.title, "hint": section.hint, "url": url, "status": status})
    done = sum(1 for r in rows if r["status"] == COMPLETED)
    return render(request, "protection/record_tasks.html", {
        **_page_context(request, kind, meeting), "rows": rows, "done": done, "ready": ready,
        "check_url": reverse("protection:meeting_record_check", args=[kind, meeting.pk]),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def meeting_record_section(request, kind, meeting_id, section):
    meeting = _open_meeting(request, kind, meeting_id)
    if meeting is None:
        return redirect(meeting_url(_meeting_for_view(request, kind, meeting_id)))
    sections = {s.key: s for s in _sections(kind, meeting)}
    if section not in sections:
        raise NotFound()
    sec = sections[section]
    tasks_url = reverse("protection:meeting_record", args=[kind, meeting.pk])
    if sec.key == "other-children":
        return render(request, "protection/record_others.html", {
            **_page_context(request, kind, meeting), "section": sec,
            "others": selectors.other_children_for_discussion(meeting),
            "decision_choices": forms.SiblingDecisionForm().fields["decision"].choices,
        })  # fmt: skip
    draft = selectors.record_draft_for(actor=request.user, meeting=meeting)
    answers = dict(draft.answers) if draft else {}
    if request.method == "POST":
        rows = forms.action_rows_requested(request.POST if sec.key == "actions" else answers)
        shape = _form(request, kind, meeting, rows=rows)
        names = sec.names(shape)
        mine = {k: request.POST.get(k, "") for k in section_post_keys(shape, names, request.POST)}
        if sec.key == "actions":
            mine["action_rows"] = str(rows)
        replaces = sorted(set(_owned_keys(shape, sec, answers)) | set(mine))
        merged = {**{k: v for k, v in answers.items() if k not in replaces}, **mine}
        form = _form(request, kind, meeting, merged, rows=rows)
        form.is_valid()
        if request.POST.get("add_action"):
            services.record_draft_save(actor=request.user, meeting=meeting, section=sec.key, answers=mine,
                                       replaces=replaces, completed=False)  # fmt: skip
            form._errors = ErrorDict()  # one more row, what was typed kept, nothing judged yet
        else:
            if not any(n in form.errors for n in names):
                errors = services.meeting_record_errors(actor=request.user, meeting=meeting,
                                                        **_service_kwargs(kind, form))  # fmt: skip
                _service_errors_on(form, kind, errors, names)
            complete = not any(n in form.errors for n in names)
            services.record_draft_save(actor=request.user, meeting=meeting, section=sec.key, answers=mine,
                                       replaces=replaces, completed=complete)  # fmt: skip
            if complete:
                return redirect(tasks_url)
    else:
        form = _form(request, kind, meeting, answers or None)
        if form.is_bound:  # what was typed before, not judged until it is continued
            form.is_valid()
            form._errors = ErrorDict()
        names = sec.names(form)
    errors = [(form[n], e) for n in names if n in form.errors for e in form.errors[n]]
    child_disabled = kind == "conference" and any(
        d and d != "NONE" for d in (meeting.child.disabilities or [])
    )
    return render(request, "protection/record_section.html", {
        **_page_context(request, kind, meeting), "section": sec, "form": form,
        "fields": [_render(form[n], child_disabled) for n in names
                   if not form.fields[n].widget.is_hidden and not n.startswith("action_")],
        "actions": sec.key == "actions", "errors": errors, "child_disabled": child_disabled,
    })  # fmt: skip


INLINE = {"abe_interview_planned", "medical_examination", "psas_referral"}
DISABLED_HINT = ("The child is disabled: record how they communicated their views, for example Makaton, symbols "
                 "or an advocate")  # fmt: skip


def _render(field, child_disabled: bool) -> dict:
    """How the old single form showed each question (inline yes/no radios, small attendance radios)."""
    radios = isinstance(field.field.widget, django_forms.RadioSelect)
    classes = ""
    if field.name.startswith("attendance_"):
        classes = "govuk-radios--inline govuk-radios--small"
    elif field.name in INLINE:
        classes = "govuk-radios--inline"
    hint = DISABLED_HINT if field.name == "communication_method" and child_disabled else ""
    return {"field": field, "classes": classes, "label_class": "govuk-fieldset__legend--s" if radios else "",
            "hint": hint}


def _answer(form, name: str) -> str:
    field, value = form.fields[name], form.cleaned_data.get(name)
    if value in (None, ""):
        value = form.data.get(name) if not isinstance(field, django_forms.MultiValueField) else None
        if not value:
            return "Not given"
    if isinstance(value, date):
        return date_in_words(value)
    if isinstance(field, django_forms.ChoiceField):
        flat = {}
        for k, v in field.choices:
            flat.update(dict(v) if isinstance(v, (list, tuple)) else {k: v})
        return str(flat.get(value, flat.get(form.data.get(name), value)))  # a typed answer (yes/no) by its code
    return str(value)


def _summary(kind, meeting, form) -> list[dict]:
    """Each section's answers in words, with a Change link to the question."""
    out = []
    for sec in _sections(kind, meeting):
        if sec.key == "other-children":
            continue
        url = reverse("protection:meeting_record_section", args=[kind, meeting.pk, sec.key])
        rows = []
        if sec.key == "actions":
            for row in form.action_row_fields():
                parts = [(f.label, _answer(form, f.name)) for f in row["fields"]]
                if all(v == "Not given" for _, v in parts):
                    continue
                shown = [f"{label}: {v}" for label, v in parts if v != "Not given"]
                rows.append({"key": f"Action {row['number']}", "lines": shown,
                             "href": f"{url}#{row['fields'][0].auto_id}"})  # fmt: skip
            if not rows:
                rows.append({"key": "Actions", "lines": ["No actions"], "href": url})
        else:
            for n in sec.names(form):
                if form.fields[n].widget.is_hidden:
                    continue
                href = f"{url}#{form[n].auto_id}"
                rows.append({"key": form.fields[n].label, "lines": [_answer(form, n)], "href": href})
        out.append({"title": sec.title, "rows": rows, "url": url})
    return out


@login_required
@require_http_methods(["GET", "POST"])
def meeting_record_check(request, kind, meeting_id):
    meeting = _open_meeting(request, kind, meeting_id)
    if meeting is None:
        return redirect(meeting_url(_meeting_for_view(request, kind, meeting_id)))
    draft = selectors.record_draft_for(actor=request.user, meeting=meeting)
    tasks_url = reverse("protection:meeting_record", args=[kind, meeting.pk])
    answers = draft.answers if draft else {}
    form = _form(request, kind, meeting, answers)
    needed = [s for s in _sections(kind, meeting) if s.required]
    if draft is None or any(s.key not in draft.completed for s in needed):
        messages.error(request, "Complete every section before you check and submit the record")
        return redirect(tasks_url)
    valid = form.is_valid()
    if request.method == "POST" and valid:
        try:
            services.meeting_record_submit(actor=request.user, meeting=meeting, **_service_kwargs(kind, form))
        except InvalidInput as exc:
            names = [n for s in needed for n in s.names(form)]
            _service_errors_on(form, kind, exc.errors, names)
            for key, msgs in exc.errors.items():  # anything not about one question (already recorded)
                if key.split("[")[0] not in names and key != "attendance":
                    for m in msgs:
                        form.add_error(None, m)
        else:
            messages.success(request, DONE[kind])
            return redirect(meeting_url(meeting))
    section_of = {n: s for s in needed for n in s.names(form)}
    errors = []
    for n, msgs in form.errors.items():
        sec = section_of.get(n)
        href = reverse("protection:meeting_record_section", args=[kind, meeting.pk, sec.key]) if sec else tasks_url
        for m in msgs:
            errors.append({"text": m, "href": f"{href}#{form[n].auto_id}" if sec else href})
    return render(request, "protection/record_check.html", {
        **_page_context(request, kind, meeting), "summary": _summary(kind, meeting, form), "errors": errors,
    })  # fmt: skip

