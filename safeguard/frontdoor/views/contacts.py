"""The front door queue and a contact's pages: screening, matching people, the decision and challenges to it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguard.access import records
from safeguard.access.errors import InvalidInput
from safeguard.core.clock import Deadline
from safeguard.core.paging import keyset_page, page_size
from safeguard.frontdoor import selectors, services
from safeguard.frontdoor.codes import ContactStatus, Rag, SubjectRole
from safeguard.frontdoor.errors import Conflict
from safeguard.frontdoor.forms import ChallengeForm, DecisionForm, ScreenForm
from safeguard.frontdoor.views.common import posted
from safeguard.people.selectors import visible_people
from safeguard.web.formtools import add_service_errors


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
    form = ScreenForm(posted(request))
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
    records.require(request.user, "work", screening.contact)
    form = DecisionForm(posted(request), teams=services.social_work_teams())
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
    form = ChallengeForm(posted(request))
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
