"""The contact wizard: one question per page, answers kept in the session until the contact is sent."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from safeguard.access import records
from safeguard.access.errors import InvalidInput
from safeguard.frontdoor import services
from safeguard.frontdoor.codes import ConcernCategory, ConsentStatus, ReferralSource, SubjectRole
from safeguard.frontdoor.forms import (
    INTAKE_STEPS,
)
from safeguard.frontdoor.models import Contact
from safeguard.web.dates import DateInputField
from safeguard.web.presenters import date_in_words

SESSION_KEY = "frontdoor_intake"
STEP_NAMES = [s[0] for s in INTAKE_STEPS]


# --------------------------------------------------------------------------------------------- intake


# The roles a person may be given in the "other people" box, in the words the form's hint uses.
OTHER_PERSON_ROLES = {
    "sibling": SubjectRole.SIBLING,
    "brother": SubjectRole.SIBLING,
    "sister": SubjectRole.SIBLING,
    "brother or sister": SubjectRole.SIBLING,
    "parent": SubjectRole.PARENT_CARER,
    "carer": SubjectRole.PARENT_CARER,
    "parent or carer": SubjectRole.PARENT_CARER,
    "alleged perpetrator": SubjectRole.ALLEGED_PERPETRATOR,
    "other adult": SubjectRole.OTHER_ADULT,
}


def _other_person_role(text: str) -> str | None:
    text = " ".join(text.replace("_", " ").lower().split())
    if text in OTHER_PERSON_ROLES:
        return OTHER_PERSON_ROLES[text]
    return {"parent carer": SubjectRole.PARENT_CARER}.get(text)


def _other_person_dob(text: str) -> tuple[str, str]:
    """A typed date of birth ("27/3/2015", "27 3 2015" or "2015-03-27") as ISO, or a problem."""
    if not text:
        return "", ""
    parts = [p for p in re.split(r"[\s/.-]+", text.strip()) if p]
    if len(parts) == 3 and len(parts[0]) == 4:  # year first
        parts = parts[::-1]
    if len(parts) != 3:
        return "", "date of birth must be a real date, like 27/3/2015"
    field = DateInputField(label="Date of birth", required=False, past=True)
    try:
        day = field.clean(parts)
    except ValidationError as exc:
        return "", exc.messages[0][0].lower() + exc.messages[0][1:]
    return day.isoformat(), ""


def _parse_other_people(text: str) -> tuple[list[dict], list[str]]:
    people, problems = [], []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(",")]
        role = _other_person_role(parts[0]) if parts else None
        if role is None or len(parts) < 3:
            problems.append(
                f"Line {n}: write role, first name, last name, date of birth (role such as brother or sister)"
            )
            continue
        dob, problem = _other_person_dob(parts[3] if len(parts) > 3 else "")
        if problem:
            problems.append(f"Line {n}: {problem}")
            continue
        people.append({"role": role, "given_name": parts[1], "family_name": parts[2], "date_of_birth": dob})
    return people, problems


def _intake_payload(answers: dict) -> tuple[dict, list[dict]]:
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
    others, _ = _parse_other_people(child.get("other_people", ""))
    for other in others:
        other["date_of_birth"] = other["date_of_birth"] or None
        subjects.append(other)
    return data, subjects


@login_required
@require_http_methods(["GET", "POST"])
def intake_step(request, step: str):
    """One question page. Answers live in the session until the contact is sent, so nothing is lost."""
    if step not in STEP_NAMES:
        raise Http404
    index = STEP_NAMES.index(step)
    _, title, form_class = INTAKE_STEPS[index]
    answers = request.session.get(SESSION_KEY, {})
    initial = answers.get(step)
    if initial is None and step == "referrer" and not records.allows(request.user, "queue", Contact):
        # A practitioner telling the front door is usually the referrer: start from who they are.
        initial = {"referrer_name": request.user.get_full_name(), "referrer_role": request.user.job_title}
    form = form_class(request.POST or None, initial=initial)
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
        request.session[SESSION_KEY] = answers
        if step == "child" and "other_people" not in form.errors:  # every problem on this page at once
            _, problems = _parse_other_people(form.cleaned_data.get("other_people", ""))
            for problem in problems:
                form.add_error("other_people", problem)
        if valid and not form.errors:
            if request.GET.get("change") or index + 1 == len(STEP_NAMES):
                return redirect("frontdoor:intake_check")
            return redirect("frontdoor:intake_step", step=STEP_NAMES[index + 1])
    back = reverse("frontdoor:intake_step", args=[STEP_NAMES[index - 1]]) if index else reverse("home")
    return render(
        request,
        "frontdoor/intake_step.html",
        {"form": form, "title": title, "step_number": index + 1, "step_count": len(STEP_NAMES), "back": back},
    )


@login_required
@require_http_methods(["GET", "POST"])
def intake_check(request):
    """Check your answers, then send. Problems link back to the page that needs changing."""
    answers = request.session.get(SESSION_KEY, {})
    data, subjects = _intake_payload(answers)
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


def _step_for(field: str) -> str:
    if field.startswith("subjects"):
        return reverse("frontdoor:intake_step", args=["child"]) + "?change=1"
    for step, _, form_class in INTAKE_STEPS:
        if field in form_class.base_fields:
            return reverse("frontdoor:intake_step", args=[step]) + "?change=1"
    return reverse("frontdoor:intake_step", args=["referrer"]) + "?change=1"


def _label(choices, value) -> str:
    return choices(value).label if value in choices.values else ""


def _check_rows(answers, data, subjects) -> list[dict]:
    def change(step):
        return reverse("frontdoor:intake_step", args=[step]) + "?change=1"

    child = subjects[0]
    categories = ", ".join(ConcernCategory(c).label for c in data["categories"] if c in ConcernCategory.values)
    return [
        {
            "key": "Referrer",
            "value": ", ".join(v for v in (data["referrer_name"], data["referrer_role"]) if v) or "Not given",
            "action_href": change("referrer"),
        },
        {
            "key": "Referral source",
            "value": _label(ReferralSource, data["referral_source"]) or "Not given",
            "action_href": change("referrer"),
        },
        {
            "key": "Child",
            "value": f"{child['given_name']} {child['family_name']}".strip() or "Not given",
            "action_href": change("child"),
        },
        {"key": "Date of birth", "value": date_in_words(child["date_of_birth"]), "action_href": change("child")},
        {"key": "Other people", "value": f"{len(subjects) - 1} named", "action_href": change("child")},
        {"key": "Concerns", "value": data["concerns"] or "Not given", "action_href": change("concerns")},
        {"key": "Categories", "value": categories or "None selected", "action_href": change("concerns")},
        {
            "key": "Consent",
            "value": _label(ConsentStatus, data["consent_status"]) or "Not given",
            "action_href": change("consent"),
        },
        {
            "key": "Reason for sharing without consent",
            "value": data["consent_reason"] or "Not needed",
            "action_href": change("consent"),
        },
    ]
