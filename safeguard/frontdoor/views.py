"""Front door pages (GOV.UK). Thin: forms check shape, services and selectors do the work."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from safeguard.access import policy
from safeguard.access.errors import InvalidInput
from safeguard.core import clock
from safeguard.core.paging import keyset_page, page_size
from safeguard.frontdoor import selectors, services
from safeguard.frontdoor.codes import ConcernCategory, ConsentStatus, ContactStatus, Rag, ReferralSource, SubjectRole
from safeguard.frontdoor.errors import Conflict
from safeguard.frontdoor.forms import (
    INTAKE_STEPS,
    AnswerForm,
    ChallengeForm,
    DecisionForm,
    InformationRequestForm,
    MinutesForm,
    PoliceScreeningForm,
    ScreenForm,
    ThresholdViewForm,
    TriageActionDoneForm,
    TriageActionForm,
    TriageDecisionForm,
    TriageInputForm,
)
from safeguard.people.selectors import visible_people
from safeguard.web.dates import DateInputField
from safeguard.web.formtools import add_service_errors
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
    if initial is None and step == "referrer" and not policy.is_front_door(request.user):
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


# --------------------------------------------------------------------------------------------- queue and screening


@login_required
def queue(request):
    team_id = request.GET.get("team") or None
    rag = request.GET.get("rag", "")
    status = request.GET.get("status", "open")
    page = keyset_page(
        selectors.contact_queue(actor=request.user, team_id=team_id, rag=rag, status=status),
        order=selectors.CONTACT_QUEUE_ORDER, cursor=request.GET.get("cursor"),
        size=page_size(request.GET.get("size")),
    )
    contacts = page.items
    selectors.audit_queue_view(actor=request.user, contacts=contacts)
    from safeguard.core.clock import Deadline

    rows = [(c, Deadline(c.decision_due_on)) for c in contacts]
    teams = request.user.active_memberships().filter(team__is_front_door=True)
    return render(
        request,
        "frontdoor/queue.html",
        {
            "rows": rows,
            "rags": Rag.choices,
            "statuses": [("open", "Open")] + ContactStatus.choices,
            "teams": [m.team for m in teams],
            "filters": {"team": team_id or "", "rag": rag, "status": status},
            "page": page,
            "query": urlencode([(k, v) for k, v in (("team", team_id or ""), ("rag", rag), ("status", status)) if v]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_detail(request, contact_id):
    form = ScreenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact = selectors.contact_lookup(contact_id=contact_id)
        try:
            services.contact_screen(actor=request.user, contact=contact, **form.cleaned_data)
        except InvalidInput as exc:
            add_service_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Screening recorded")
            return redirect("frontdoor:contact", contact_id=contact_id)
    screening = selectors.contact_for_view(actor=request.user, contact_id=contact_id)
    # A linked person is a link only when this practitioner may open their record.
    linked = [subj.person_id for subj in screening.subjects if subj.person_id]
    visible_ids = set(visible_people(actor=request.user).filter(pk__in=linked).values_list("pk", flat=True))
    if not form.is_bound and screening.contact.rag:
        form = ScreenForm(initial={"rag": screening.contact.rag, "notes": screening.contact.screening_notes})
    child_names = [subj.typed_name for subj in screening.subjects if subj.role == SubjectRole.SUBJECT_CHILD]
    return render(
        request,
        "frontdoor/contact.html",
        {
            "s": screening,
            "c": screening.contact,
            "form": form,
            "visible_ids": visible_ids,
            "child_names": child_names,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def subject_match(request, contact_id, subject_id):
    contact = selectors.contact_lookup(contact_id=contact_id)
    subject = selectors.subject_lookup(contact=contact, subject_id=subject_id)
    error, enquiry = "", None
    if request.method == "POST":
        action, person_id = request.POST.get("action"), request.POST.get("person_id")
        try:
            if action == "confirm":
                services.subject_match_confirm(
                    actor=request.user, contact=contact, subject=subject, person_id=person_id
                )
            elif action == "new":
                services.subject_person_create(actor=request.user, contact=contact, subject=subject)
            elif action == "enquire":
                enquiry = (
                    services.candidate_enquiry(
                        actor=request.user, contact=contact, subject=subject, person_id=person_id
                    )
                    or True
                )
            if action in ("confirm", "new"):
                messages.success(request, "Person linked to the contact")
                return redirect("frontdoor:contact", contact_id=contact_id)
        except InvalidInput as exc:
            error = " ".join(m for msgs in exc.errors.values() for m in msgs)
        except Conflict as exc:
            error = str(exc)
    candidates = services.subject_candidates(actor=request.user, contact=contact, subject=subject)
    return render(
        request,
        "frontdoor/match.html",
        {"contact": contact, "subject": subject, "candidates": candidates, "error": error, "enquiry": enquiry},
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision(request, contact_id):
    screening = selectors.contact_for_view(actor=request.user, contact_id=contact_id)
    if screening.scope != "front_door":
        raise Http404
    form = DecisionForm(request.POST or None, teams=services.social_work_teams())
    if request.method == "POST" and form.is_valid():
        try:
            made = services.decision_record(actor=request.user, contact=screening.contact, **form.cleaned_data)
        except InvalidInput as exc:
            add_service_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Decision recorded")
            return redirect("frontdoor:decision_detail", decision_id=made.pk)
    child_names = [subj.typed_name for subj in screening.subjects if subj.role == SubjectRole.SUBJECT_CHILD]
    return render(
        request,
        "frontdoor/decision_form.html",
        {"s": screening, "c": screening.contact, "form": form, "child_names": child_names},
    )


@login_required
def decision_detail(request, decision_id):
    made = selectors.decision_for_view(actor=request.user, decision_id=decision_id)
    # An agency told that the decision differs from its view has now read it (it may still challenge).
    services.decision_dissent_read(actor=request.user, decision=made)
    return render(request, "frontdoor/decision.html", {"d": made})


@login_required
@require_http_methods(["GET", "POST"])
def challenge(request, decision_id):
    made = selectors.decision_for_view(actor=request.user, decision_id=decision_id)
    form = ChallengeForm(request.POST or None)
    form.fields["person_id"].choices = [(str(c.pk), c.full_name) for c in made.children]
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_challenge_raise(actor=request.user, decision=made, **form.cleaned_data)
        except InvalidInput as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, f"Challenge raised with {made.decided_by}. It is due a response within 2 working days."
            )
            return redirect("frontdoor:decision_detail", decision_id=made.pk)
    return render(request, "frontdoor/challenge.html", {"d": made, "form": form})


# --------------------------------------------------------------------------------------------- partners


@login_required
def requests_list(request):
    rows = list(selectors.information_requests_for(actor=request.user, status="")[:200])
    return render(request, "frontdoor/requests.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def request_answer(request, request_id):
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row = selectors.information_request_lookup(request_id=request_id)
        try:
            services.information_request_answer(actor=request.user, request=row, answer=form.cleaned_data["answer"])
        except InvalidInput as exc:
            add_service_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Answer sent to the front door")
            return redirect("frontdoor:requests")
    row = selectors.information_request_for_view(actor=request.user, request_id=request_id)
    return render(request, "frontdoor/request_answer.html", {"r": row, "form": form})


@login_required
def police_dashboard(request):
    board = selectors.police_dashboard(
        actor=request.user, cursor=request.GET.get("cursor"), size=page_size(request.GET.get("size"))
    )
    rows = [(n, board.age_hours(n), board.is_over_threshold(n)) for n in board.waiting]
    return render(
        request,
        "frontdoor/police.html",
        {"board": board, "rows": rows, "can_decide": policy.can_screen_police_notifications(request.user),
         "page": board.waiting},
    )


@login_required
def encompass(request):
    flagged = request.GET.get("flagged") == "1"
    include_acknowledged = request.GET.get("show") == "all"
    notices = selectors.encompass_notices_for(
        actor=request.user, flagged_only=flagged, include_acknowledged=include_acknowledged,
        cursor=request.GET.get("cursor"), size=page_size(request.GET.get("size")),
    )
    # Only the school's designated safeguarding lead may acknowledge: nobody else is offered the button.
    may_acknowledge = policy.dsl_agency_ids(request.user)
    rows = [(n, bool(n.sent_at and not n.acknowledged_at and n.school_id in may_acknowledge)) for n in notices]
    query = urlencode([(k, v) for k, v in (("flagged", "1" if flagged else ""), ("show", "all" if include_acknowledged
                                                                                   else "")) if v])
    return render(
        request,
        "frontdoor/encompass.html",
        {"notices": notices, "rows": rows, "is_dsl": bool(may_acknowledge), "page": notices, "query": query,
         "include_acknowledged": include_acknowledged, "flagged": flagged},
    )


@login_required
@require_POST
def encompass_acknowledge(request, notice_id):
    notice = selectors.encompass_notice_lookup(notice_id=notice_id)
    services.encompass_acknowledge(actor=request.user, notice=notice)
    messages.success(request, "Notice acknowledged")
    return redirect("frontdoor:encompass")


def _write(form, call):
    """Run a service call for a valid form; put its refusals on the form. True when it succeeded."""
    try:
        call()
    except InvalidInput as exc:
        add_service_errors(form, exc)
    except Conflict as exc:
        form.add_error(None, str(exc))
    else:
        return True
    return False


# --------------------------------------------------------------------------------------------- police screening


@login_required
@require_http_methods(["GET", "POST"])
def police_decide(request, notification_id):
    """The officer's referral decision on one notification."""
    if not policy.can_screen_police_notifications(request.user):
        raise Http404
    notification = selectors.notification_for_view(actor=request.user, notification_id=notification_id)
    form = PoliceScreeningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = {}

        def call():
            result["n"] = services.police_screening_decide(
                actor=request.user, notification=notification, **form.cleaned_data
            )

        if _write(form, call):
            n = result["n"]
            if n.contact_id:
                messages.success(
                    request, f"{n.source_reference} referred to children's social care as contact {n.contact.reference}"
                )
            else:
                messages.success(request, f"{n.source_reference}: no referral needed")
            return redirect("frontdoor:police")
    return render(request, "frontdoor/police_decide.html", {"n": notification, "form": form})


# ----------------------------------------------------------------------------- screening: requests and views


@login_required
@require_http_methods(["GET", "POST"])
def request_send(request, contact_id):
    """The screener asks a partner team what it holds; the answer is due by the RAG clock."""
    screening = selectors.contact_for_view(actor=request.user, contact_id=contact_id)
    if screening.scope != "front_door":
        raise Http404
    contact = screening.contact
    form = InformationRequestForm(
        request.POST or None, teams=selectors.partner_teams(actor=request.user, contact=contact)
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _write(
            form,
            lambda: services.information_request_send(actor=request.user, contact=contact, **form.cleaned_data),
        )
    ):
        messages.success(request, "Information request sent")
        return redirect("frontdoor:contact", contact_id=contact.pk)
    due_at = clock.information_request_due(timezone.now(), contact.rag) if contact.rag else None
    hours = getattr(clock.timescales(), f"information_request_hours_{contact.rag}", None) if contact.rag else None
    return render(
        request,
        "frontdoor/request_send.html",
        {"s": screening, "c": contact, "form": form, "due_at": due_at, "hours": hours},
    )


@login_required
@require_http_methods(["GET", "POST"])
def threshold_view(request, contact_id):
    """A contributing agency records its view of the threshold."""
    screening = selectors.contact_for_view(actor=request.user, contact_id=contact_id)
    if screening.scope not in ("front_door", "partner"):
        raise Http404
    contact, agency = screening.contact, request.user.primary_agency
    current = next((v for v in screening.views if agency and v.agency_id == agency.pk), None)
    initial = {"recommended_outcome": current.recommended_outcome, "rationale": current.rationale} if current else None
    form = ThresholdViewForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _write(
            form, lambda: services.threshold_view_record(actor=request.user, contact=contact, **form.cleaned_data)
        )
    ):
        messages.success(request, f"{agency}'s view recorded")
        return redirect("frontdoor:contact", contact_id=contact.pk)
    return render(
        request, "frontdoor/threshold_view.html", {"s": screening, "c": contact, "form": form, "agency": agency}
    )


# --------------------------------------------------------------------------------------------- domestic abuse triage


@login_required
def triage_index(request):
    meetings = list(selectors.triage_meetings(actor=request.user)[:30])
    waiting = selectors.triage_waiting(actor=request.user).count()
    return render(
        request,
        "frontdoor/triage_index.html",
        {"meetings": meetings, "waiting": waiting, "can_chair": policy.can_chair_triage(request.user)},
    )


@login_required
@require_POST
def triage_start(request):
    meeting = services.triage_meeting_open(actor=request.user)
    messages.success(request, f"Meeting started with {meeting.items.count()} cases on the agenda")
    return redirect("frontdoor:triage_meeting", meeting_id=meeting.pk)


@login_required
def triage_meeting(request, meeting_id):
    meeting = selectors.triage_meeting_for_view(actor=request.user, meeting_id=meeting_id)
    return render(
        request,
        "frontdoor/triage_meeting.html",
        {"m": meeting, "items": list(meeting.items.all()), "can_chair": policy.can_chair_triage(request.user)},
    )


def _triage_item_page(
    request, item_id, form_class, call, title, template="frontdoor/triage_item_form.html", **form_kwargs
):
    item = selectors.triage_item_lookup(actor=request.user, item_id=item_id)
    if item.meeting_id is None:
        raise Http404
    form = form_class(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid() and _write(form, lambda: call(item, form.cleaned_data)):
        messages.success(request, title[1])
        return redirect(reverse("frontdoor:triage_meeting", args=[item.meeting_id]) + f"#item-{item.pk}")
    meeting = selectors.triage_meeting_for_view(actor=request.user, meeting_id=item.meeting_id)
    shown = next(i for i in meeting.items.all() if i.pk == item.pk)
    return render(request, template, {"m": meeting, "item": shown, "form": form, "title": title[0]})


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
    if not policy.can_chair_triage(request.user):
        raise Http404
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
    form = TriageActionDoneForm(request.POST or None)

    def done():
        services.triage_action_complete(actor=request.user, action=action, **form.cleaned_data)

    if request.method == "POST" and form.is_valid() and _write(form, done):
        messages.success(request, "Action recorded as done")
        return redirect("home")
    return render(request, "frontdoor/triage_action_done.html", {"action": action, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def triage_close(request, meeting_id):
    if not policy.can_chair_triage(request.user):
        raise Http404
    meeting = selectors.triage_meeting_lookup(actor=request.user, meeting_id=meeting_id)
    form = MinutesForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _write(
            form, lambda: services.triage_meeting_close(actor=request.user, meeting=meeting, **form.cleaned_data)
        )
    ):
        messages.success(request, "Minutes saved and the meeting closed")
        return redirect("frontdoor:triage_meeting", meeting_id=meeting.pk)
    meeting = selectors.triage_meeting_for_view(actor=request.user, meeting_id=meeting_id)
    undecided = sum(1 for i in meeting.items.all() if not i.outcome)
    return render(request, "frontdoor/triage_close.html", {"m": meeting, "form": form, "undecided": undecided})
