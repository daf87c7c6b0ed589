"""The contact wizard: one question per page, answers kept in the session until the contact is sent.

The pages, in order (FLOW): who is making the contact, the child, the other people named (the GOV.UK
"add another" loop in views/intake_people.py), the concerns, consent; then check your answers. The
answers become the same contact `POST /api/v1/contacts` takes, recorded by the same service."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.views.decorators.http import require_http_methods

from safeguard.access import records
from safeguard.access.errors import InvalidInput
from safeguard.frontdoor import services
from safeguard.frontdoor.codes import ConcernCategory, ConsentStatus, ReferralSource, SubjectRole
from safeguard.frontdoor.forms import INTAKE_STEPS, PERSON_FIELDS
from safeguard.frontdoor.models import Contact
from safeguard.frontdoor.views.common import posted
from safeguard.people.codes import RelationshipType
from safeguard.web.dates import DateInputField
from safeguard.web.presenters import date_in_words

SESSION_KEY = "frontdoor_intake"
STEP_NAMES = [s[0] for s in INTAKE_STEPS]
PEOPLE_STEP = "people"
FLOW = ["referrer", "child", PEOPLE_STEP, "concerns", "consent"]


def step_url(step: str, change: bool = False) -> str:
    url = reverse("frontdoor:intake_people") if step == PEOPLE_STEP else reverse("frontdoor:intake_step", args=[step])
    return url + ("?change=1" if change else "")


def next_url(step: str, request) -> str:
    """Where Continue goes: the next question, or back to check your answers when changing one."""
    index = FLOW.index(step)
    if request.GET.get("change") or index + 1 == len(FLOW):
        return reverse("frontdoor:intake_check")
    return step_url(FLOW[index + 1])


def back_url(step: str) -> str:
    index = FLOW.index(step)
    return step_url(FLOW[index - 1]) if index else reverse("home")


def answers_of(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def answers_save(request, answers: dict) -> None:
    request.session[SESSION_KEY] = answers
    request.session.modified = True  # nested lists and dicts change in place


def person_name(person: dict) -> str:
    return f"{person.get('given_name', '')} {person.get('family_name', '')}".strip() or "Name not known"


def child_name(answers: dict) -> str:
    return (answers.get("child") or {}).get("given_name", "").strip()


@login_required
@require_http_methods(["GET", "POST"])
def intake_step(request, step: str):
    """One question page. Answers live in the session until the contact is sent, so nothing is lost."""
    if step not in STEP_NAMES:
        raise Http404
    _, title, form_class = INTAKE_STEPS[STEP_NAMES.index(step)]
    answers = answers_of(request)
    initial = answers.get(step)
    if initial is None and step == "referrer" and not records.allows(request.user, "queue", Contact):
        # A practitioner telling the front door is usually the referrer: start from who they are.
        initial = {"referrer_name": request.user.get_full_name(), "referrer_role": request.user.job_title}
    form = form_class(posted(request), initial=initial)
    if request.method == "POST":
        # Keep what was typed even when it is not valid yet; a date is kept once it is a real date.
        answers[step] = {
            k: (request.POST.getlist(k) if k == "categories" else request.POST.get(k, ""))
            for k, field in form.fields.items()
            if not isinstance(field, DateInputField)
        }
        valid = form.is_valid()
        for name, field in form.fields.items():
            if isinstance(field, DateInputField):
                day = form.cleaned_data.get(name) if name not in form.errors else None
                answers[step][name] = day.isoformat() if day else ""
        answers_save(request, answers)
        if valid:
            return redirect(next_url(step, request))
    return render(
        request,
        "frontdoor/intake_step.html",
        {"form": form, "title": title, "step_number": FLOW.index(step) + 1, "step_count": len(FLOW),
         "back": back_url(step)},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def intake_check(request):
    """Check your answers, then send. Problems link back to the page that needs changing."""
    answers = answers_of(request)
    data, subjects = intake_payload(answers)
    problems = []
    if request.method == "POST":
        try:
            contact, _ = services.contact_record(actor=request.user, data=data, subjects=subjects)
        except InvalidInput as exc:
            # Each problem once, linking to the question page that needs changing.
            problems = list(
                dict.fromkeys((_step_for(field), message) for field, msgs in exc.errors.items() for message in msgs)
            )
        else:
            request.session.pop(SESSION_KEY, None)
            return render(request, "frontdoor/intake_done.html", {"contact": contact})
    rows = _check_rows(answers, data, subjects)
    return render(request, "frontdoor/intake_check.html", {"rows": rows, "problems": problems})


def intake_payload(answers: dict) -> tuple[dict, list[dict]]:
    """The answers as the contact and its subjects, in the shape `POST /api/v1/contacts` takes."""
    referrer, child = answers.get("referrer", {}), answers.get("child", {})
    concerns, consent = answers.get("concerns", {}), answers.get("consent", {})
    data = {
        "referrer_name": referrer.get("referrer_name", ""),
        "referrer_role": referrer.get("referrer_role", ""),
        "referrer_agency_text": referrer.get("referrer_agency_text", ""),
        "referrer_phone": referrer.get("referrer_phone", ""),
        "referral_source": referrer.get("referral_source", ""),
        "concerns": concerns.get("concerns", ""),
        "categories": concerns.get("categories", []),
        "consent_status": consent.get("consent_status", ""),
        "lawful_basis": consent.get("lawful_basis", ""),
        "consent_reason": consent.get("consent_reason", ""),
    }
    subjects = [
        {
            "role": SubjectRole.SUBJECT_CHILD,
            "given_name": child.get("given_name", ""),
            "family_name": child.get("family_name", ""),
            "date_of_birth": child.get("date_of_birth") or None,
            "school": child.get("school", ""),
        }
    ]
    for person in answers.get("people", []):
        subject = {k: person.get(k, "") for k in PERSON_FIELDS}
        subject["date_of_birth"] = subject["date_of_birth"] or None
        subjects.append(subject)
    return data, subjects


_SUBJECT = re.compile(r"^subjects\[(\d+)\]")


def _step_for(field: str) -> str:
    if field.startswith("subjects"):
        match = _SUBJECT.match(field)
        number = int(match.group(1)) if match else 0
        if number:  # another person named: their own page
            return reverse("frontdoor:intake_person", args=[number]) + "?change=1"
        return step_url("child", change=True)
    for step, _, form_class in INTAKE_STEPS:
        if field in form_class.base_fields:
            return step_url(step, change=True)
    return step_url("referrer", change=True)


def _label(choices, value) -> str:
    return choices(value).label if value in choices.values else ""


def person_lines(person: dict, child: str = "") -> list[str]:
    """One person's answers as lines to read: role, relationship, date of birth, address."""
    relationship = _label(RelationshipType, person.get("relationship"))
    lines = [_label(SubjectRole, person.get("role")) or "Part in the concern not given"]
    if relationship:
        lines.append(f"{relationship} of {child}" if child else f"Relationship: {relationship.lower()}")
    lines.append(f"Born {date_in_words(person['date_of_birth'])}" if person.get("date_of_birth")
                 else "Date of birth not known")  # fmt: skip
    address = ", ".join(v for v in (person.get("address", "").replace("\n", ", "), person.get("postcode", "")) if v)
    lines.append(address or "Address not known")
    return lines


def lines_html(lines: list[str]):
    """Lines of a summary list value, each on its own line (escaped)."""
    return format_html_join("", '<span class="govuk-!-display-block">{}</span>', ((line,) for line in lines))


def _check_rows(answers, data, subjects) -> list[dict]:
    child = subjects[0]
    categories = ", ".join(ConcernCategory(c).label for c in data["categories"] if c in ConcernCategory.values)
    people = answers.get("people", [])
    name = child_name(answers)
    people_rows = [
        {
            "key": person_name(person),
            "value": lines_html(person_lines(person, name)),
            "action_href": reverse("frontdoor:intake_person", args=[n]) + "?change=1",
            "action_hidden": f"the details of {person_name(person)}",
        }
        for n, person in enumerate(people, start=1)
    ]
    return [
        {
            "key": "Referrer",
            "value": ", ".join(v for v in (data["referrer_name"], data["referrer_role"]) if v) or "Not given",
            "action_href": step_url("referrer", change=True),
        },
        {
            "key": "Referral source",
            "value": _label(ReferralSource, data["referral_source"]) or "Not given",
            "action_href": step_url("referrer", change=True),
        },
        {
            "key": "Child",
            "value": f"{child['given_name']} {child['family_name']}".strip() or "Not given",
            "action_href": step_url("child", change=True),
        },
        {
            "key": "Date of birth",
            "value": date_in_words(child["date_of_birth"]),
            "action_href": step_url("child", change=True),
        },
        {
            "key": "Other people named",
            "value": f"{len(people)} named" if people else "None named",
            "action_href": step_url(PEOPLE_STEP, change=True),
            "action_text": "Add or remove",
            "action_hidden": "other people named",
        },
        *people_rows,
        {"key": "Concerns", "value": data["concerns"] or "Not given", "action_href": step_url("concerns", True)},
        {"key": "Categories", "value": categories or "None selected", "action_href": step_url("concerns", True)},
        {
            "key": "Consent",
            "value": _label(ConsentStatus, data["consent_status"]) or "Not given",
            "action_href": step_url("consent", change=True),
        },
        {
            "key": "Reason for sharing without consent",
            "value": data["consent_reason"] or "Not needed",
            "action_href": step_url("consent", change=True),
        },
    ]
