"""The contact wizard's other people (GOV.UK "add another"): each person named in the contact on a
page of their own (name, part in the concern, relationship to the child, date of birth, address),
then "Do you need to add another person?", with a list to change or remove them from.

What is typed is kept in the session even before it is valid (a draft per page), so going back or
changing an answer loses nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from safeguard.frontdoor.forms import AddAnotherForm, PersonForm, RemovePersonForm
from safeguard.frontdoor.views.common import posted
from safeguard.frontdoor.views.intake import (
    FLOW,
    PEOPLE_STEP,
    PERSON_FIELDS,
    answers_of,
    answers_save,
    back_url,
    child_name,
    lines_html,
    next_url,
    person_lines,
    person_name,
)
from safeguard.web.dates import PARTS


def _keep_change(url: str, request) -> str:
    """Carry "changing from check your answers" through the loop, so its end returns there."""
    return url + ("?change=1" if request.GET.get("change") else "")


def _summary_url(request) -> str:
    return _keep_change(reverse("frontdoor:intake_people"), request)


@login_required
@require_http_methods(["GET", "POST"])
def intake_people(request):
    """The people added so far, each with Change and Remove, and whether to add another."""
    answers = answers_of(request)
    people = answers.get("people", [])
    form = AddAnotherForm(posted(request), first=not people)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["add_another"] == "yes":
            return redirect(_keep_change(reverse("frontdoor:intake_person_add"), request))
        return redirect(next_url(PEOPLE_STEP, request))
    name = child_name(answers)
    rows = [
        {
            "key": person_name(person),
            "value": lines_html(person_lines(person, name)),
            "actions": [
                {"href": _keep_change(reverse("frontdoor:intake_person", args=[n]), request), "text": "Change",
                 "hidden": person_name(person)},
                {"href": _keep_change(reverse("frontdoor:intake_person_remove", args=[n]), request),
                 "text": "Remove", "hidden": person_name(person)},
            ],
        }  # fmt: skip
        for n, person in enumerate(people, start=1)
    ]
    return render(
        request,
        "frontdoor/intake_people.html",
        {"form": form, "rows": rows, "count": len(people), "step_number": FLOW.index(PEOPLE_STEP) + 1,
         "step_count": len(FLOW), "back": back_url(PEOPLE_STEP)},
    )  # fmt: skip


def _draft(request, form: PersonForm) -> dict:
    """What was typed on the person page, valid or not, to show again (dates as typed, in parts)."""
    draft = {k: request.POST.get(k, "") for k in PERSON_FIELDS if k != "date_of_birth"}
    draft["date_of_birth"] = [request.POST.get(f"date_of_birth_{part}", "") for part in PARTS]
    return draft


def _answer(form: PersonForm) -> dict:
    data = form.cleaned_data
    person = {k: (data.get(k) or "").strip() for k in PERSON_FIELDS if k != "date_of_birth"}
    person["postcode"] = person["postcode"].upper()
    person["date_of_birth"] = data["date_of_birth"].isoformat() if data.get("date_of_birth") else ""
    return person


@login_required
@require_http_methods(["GET", "POST"])
def intake_person(request, number: int | None = None):
    """One other person named in the contact: added (no number) or changed (their place in the list)."""
    answers = answers_of(request)
    people = answers.setdefault("people", [])
    if number is not None and not 1 <= number <= len(people):
        raise Http404
    key = str(number or "new")
    drafts = answers.setdefault("person_drafts", {})
    initial = drafts.get(key) or (people[number - 1] if number else None)
    form = PersonForm(posted(request), initial=initial, child_name=child_name(answers))
    changing = bool(number and request.GET.get("change"))  # from check your answers: back to it
    if request.method == "POST":
        if form.is_valid():
            person = _answer(form)
            if number:
                people[number - 1] = person
            else:
                people.append(person)
            drafts.pop(key, None)
            answers_save(request, answers)
            if changing:
                return redirect("frontdoor:intake_check")
            return redirect(_summary_url(request))
        drafts[key] = _draft(request, form)  # nothing typed is lost, even before it is valid
        answers_save(request, answers)
    title = "Add a person named in the contact"
    if number:
        title = f"Change the details of {person_name(people[number - 1])}"
    back = reverse("frontdoor:intake_check") if changing else _summary_url(request)
    return render(
        request,
        "frontdoor/intake_person.html",
        {"form": form, "title": title, "back": back, "step_number": FLOW.index(PEOPLE_STEP) + 1,
         "step_count": len(FLOW)},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def intake_person_remove(request, number: int):
    """Ask before taking a person off the contact (GOV.UK: confirm a removal)."""
    answers = answers_of(request)
    people = answers.get("people", [])
    if not 1 <= number <= len(people):
        raise Http404
    name = person_name(people[number - 1])
    form = RemovePersonForm(posted(request), name=name)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["remove"] == "yes":
            people.pop(number - 1)
            # Places in the list have moved: a half-typed change would land on the wrong person. A
            # half-typed new person is kept.
            answers["person_drafts"] = {k: v for k, v in answers.get("person_drafts", {}).items() if k == "new"}
            answers_save(request, answers)
            messages.success(request, f"{name} removed")
        return redirect(_summary_url(request))
    return render(
        request,
        "frontdoor/intake_person_remove.html",
        {"form": form, "name": name, "back": _summary_url(request)},
    )
