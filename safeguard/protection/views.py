"""GOV.UK pages for the protection pathway and professional challenge. Thin: selectors, services, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from safeguard.access import policy
from safeguard.access.errors import InvalidInput, NotFound, StaleVersion
from safeguard.access.services import person_access_check
from safeguard.agencies.models import Practitioner
from safeguard.agencies.roles import Role
from safeguard.challenges import selectors as challenge_selectors
from safeguard.challenges import services as challenge_services
from safeguard.challenges.models import Stage
from safeguard.core import clock
from safeguard.core.models import EventType
from safeguard.people.selectors import person_lookup, visible_people
from safeguard.protection import forms, plain_english, selectors, services
from safeguard.protection.models import Conference, CoreGroup, Invitation, Plan, StrategyDiscussion
from safeguard.protection.services import SIGNIFICANT_EVENT_TYPES

# The statutory list first, in the order practitioners think of them; then the catch-alls.
SIGNIFICANT_EVENT_ORDER = [
    t
    for t in (
        EventType.NEW_BIRTH,
        EventType.BAIL_CHANGED,
        EventType.ADULT_JOINED_HOUSEHOLD,
        EventType.PERPETRATOR_RELEASED_OR_CHARGED,
        EventType.ED_ATTENDANCE,
        EventType.MISSING_EPISODE,
        EventType.DISCLOSURE,
        EventType.DOMESTIC_ABUSE_INCIDENT,
        EventType.OTHER,
    )
    if t in SIGNIFICANT_EVENT_TYPES
]


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


@login_required
@require_POST
def invitation_name(request, invitation_id):
    """Name the practitioner chosen in the directory as this invitee."""
    from safeguard.directory.selectors import practitioner_lookup

    invitation = selectors.invitation_for_naming(actor=request.user, invitation_id=invitation_id)
    practitioner = practitioner_lookup(practitioner_id=request.POST.get("practitioner_id"))
    try:
        services.invitation_name(actor=request.user, invitation=invitation, practitioner=practitioner)
    except InvalidInput as exc:
        for ms in exc.errors.values():
            for m in ms:
                messages.error(request, m)
        return redirect(reverse("directory:search") + f"?invitation={invitation.pk}")
    messages.success(request, f"{practitioner} invited ({invitation.label})")
    return redirect(meeting_url(invitation.meeting))


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
    return render(request, "protection/my_work.html", {
        "clocks": selectors.due_items_for(actor=request.user),
        "overdue_actions": list(selectors.overdue_actions_for(actor=request.user)[:100]),
        "reviews": list(selectors.reviews_for(actor=request.user)[:100]),
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
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def discussion(request, discussion_id):
    discussion = selectors.discussion_for_view(actor=request.user, discussion_id=discussion_id)
    invitees = Practitioner.objects.filter(
        pk__in=[i.practitioner_id for i in discussion.invitations.all() if i.practitioner_id]
    )
    owners = _owners(list(discussion.children.all()), request.user, extra=invitees)
    form, submitted = _rows_form(request, forms.RecordDiscussionForm, discussion=discussion, owners=owners)
    if submitted and form.is_valid():
        try:
            services.strategy_discussion_record(actor=request.user, discussion=discussion, **form.service_kwargs())
        except InvalidInput as exc:
            forms.add_service_errors(form, form.map_action_errors(exc.errors))
        else:
            messages.success(request, "Strategy discussion recorded")
            return redirect("protection:discussion", discussion_id=discussion.pk)
    return render(request, "protection/discussion.html", {
        "d": discussion,
        "discussion_open": discussion.status == "awaiting" and not discussion.is_cancelled,
        "changes": discussion.changes.select_related("changed_by"),
        "arrangements": services.arrangements_in_words(discussion),
        "arrange_url": reverse("protection:discussion_arrange", args=[discussion.pk]),
        "enquiries": discussion.enquiries.select_related("child"),
        # Enquiries and actions about a child are links only for those who may see that child.
        "visible_child_ids": set(
            visible_people(actor=request.user).filter(pk__in=[c.pk for c in discussion.children.all()])
            .values_list("pk", flat=True)
        ),
        "invitations": discussion.invitations.select_related("agency", "practitioner"),
        "actions": discussion.actions.select_related("owner", "child", "owner_agency"),
        "others": selectors.other_children_for_discussion(discussion),
        "form": form,
        "sibling_form": forms.SiblingDecisionForm(),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def invitation_remove(request, invitation_id):
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is None or invitation.discussion_id is None:
        raise NotFound()
    selectors.discussion_for_view(actor=request.user, discussion_id=invitation.discussion_id)
    form = forms.RemoveInviteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_remove(actor=request.user, invitation=invitation, reason=form.cleaned_data["reason"])
        except InvalidInput as exc:
            forms.add_service_errors(form, exc.errors)
        else:
            messages.success(request, "Invitee removed")
            return redirect("protection:discussion", discussion_id=invitation.discussion_id)
    return render(request, "protection/invitation_remove.html", {"invitation": invitation, "form": form})


@login_required
@require_POST
def sibling_decision(request, kind, record_id):
    if kind == "plan":
        plan = selectors.plan_for_view(actor=request.user, plan_id=record_id)
        target = {"plan": plan}
        back = redirect("protection:plan", plan_id=plan.pk)
    else:
        discussion = selectors.discussion_for_view(actor=request.user, discussion_id=record_id)
        target = {"discussion": discussion}
        back = redirect("protection:discussion", discussion_id=discussion.pk)
    form = forms.SiblingDecisionForm(request.POST)
    try:
        other = person_lookup(person_id=request.POST.get("other_child_id"))
        if not form.is_valid():
            raise InvalidInput({k: [str(e) for e in v] for k, v in form.errors.items()})
        services.sibling_decision_record(actor=request.user, other_child=other, **form.cleaned_data, **target)
    except InvalidInput as exc:
        for messages_ in exc.errors.values():
            for m in messages_:
                messages.error(request, m)
    else:
        messages.success(request, "Decision recorded")
    return back


@login_required
@require_http_methods(["GET", "POST"])
def conference(request, conference_id):
    conference = selectors.conference_for_view(actor=request.user, conference_id=conference_id)
    form = None
    if conference.held_on is None and not conference.is_cancelled:
        form = forms.RecordConferenceForm(request.POST or None, conference=conference)
        if request.method == "POST" and form.is_valid():
            try:
                services.conference_record(actor=request.user, conference=conference, **form.service_kwargs())
            except InvalidInput as exc:
                forms.add_service_errors(form, exc.errors)
            else:
                messages.success(request, "Conference recorded")
                return redirect("protection:conference", conference_id=conference.pk)
    plan = Plan.objects.filter(conference=conference).first()
    disabled = [d for d in (conference.child.disabilities or []) if d and d != "NONE"]
    return render(request, "protection/conference.html", {
        "c": conference,
        "conference_open": conference.held_on is None and not conference.is_cancelled,
        "changes": conference.changes.select_related("changed_by"),
        "arrangements": services.arrangements_in_words(conference),
        "invitations": conference.invitations.select_related("agency", "practitioner"),
        "form": form,
        "plan": plan,
        "child_disabled": bool(disabled),
    })  # fmt: skip


def _child(request, person_id):
    """The child, when the actor may see them (404 otherwise); the view is audited."""
    child = person_lookup(person_id=person_id)
    person_access_check(actor=request.user, person=child, action=policy.Action.VIEW)
    return child


@login_required
@require_http_methods(["GET", "POST"])
def conference_schedule(request, person_id):
    child = _child(request, person_id)
    due = services.conference_due(child=child, kind=Conference.Kind.INITIAL, plan=None)
    chairs = selectors.practitioners_with_roles([Role.CONFERENCE_CHAIR])
    form = forms.ScheduleConferenceForm(request.POST or None, chairs=chairs)
    if request.method == "POST" and form.is_valid():
        try:
            conference = services.conference_schedule(
                actor=request.user, child=child, kind=Conference.Kind.INITIAL, **form.service_kwargs()
            )
        except InvalidInput as exc:
            forms.add_service_errors(form, _form_errors(exc))  # "kind" (no strategy discussion yet) shows at the top
        else:
            messages.success(request, "Initial child protection conference scheduled")
            return redirect("protection:conference", conference_id=conference.pk)
    return render(request, "protection/conference_schedule.html", {
        "child": child,
        "form": form,
        "due": due,
        "deadline": clock.Deadline(due) if due else None,
        "working_days": clock.timescales().icpc_working_days,
    })  # fmt: skip


def _plan_owners(plan, actor):
    named = [i.practitioner for i in plan.conference.invitations.all() if i.practitioner_id]
    return _owners(plan.child, actor, extra=[*named, plan.chair])


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
                seen_alone=form.cleaned_data["seen_alone"] == "yes",
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
def allocation_change(request, person_id):
    child = _child(request, person_id)
    workers = selectors.practitioners_with_roles([Role.SOCIAL_WORKER, Role.SOCIAL_WORK_MANAGER])
    form = forms.AllocationForm(request.POST or None, workers=workers)
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_change(
                actor=request.user,
                child=child,
                worker=form.workers.get(form.cleaned_data["worker"]),
                starts_on=form.cleaned_data.get("starts_on"),
                reason=form.cleaned_data.get("reason") or "",
            )
        except InvalidInput as exc:
            forms.add_service_errors(form, {("worker" if k == "worker_id" else k): v for k, v in exc.errors.items()})
        else:
            messages.success(request, "Social worker allocated")
            return redirect("protection:child_summary", person_id=child.pk)
    return render(request, "protection/allocation.html", {
        "child": child, "form": form, "current": selectors.lead_social_worker(child),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def significant_event_new(request, person_id):
    person = _child(request, person_id)
    people = selectors.people_for_event(actor=request.user, person=person)
    event_types = [(t, EventType(t).label) for t in SIGNIFICANT_EVENT_ORDER]
    form = forms.SignificantEventForm(
        request.POST or None, event_types=event_types, people=people, initial={"people": [str(person.pk)]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.significant_event_record(
                actor=request.user,
                event_type=form.cleaned_data["event_type"],
                people=[form.people[k] for k in form.cleaned_data["people"]],
                occurred_on=form.cleaned_data["occurred_on"],
                summary=form.cleaned_data.get("summary") or "",
            )
        except InvalidInput as exc:
            forms.add_service_errors(form, {("people" if k == "person_ids" else k): v for k, v in exc.errors.items()})
        else:
            raised = event.reviews.count()
            messages.success(
                request,
                "Significant event recorded"
                + (f": {raised} 'consider reconvening' task{'s' if raised != 1 else ''} raised" if raised else ""),
            )
            return redirect("protection:child_summary", person_id=person.pk)
    return render(request, "protection/significant_event.html", {"person": person, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def reconvene_request(request, person_id):
    child = _child(request, person_id)
    form = forms.ReconveneRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reconvene_request(actor=request.user, child=child, reason=form.cleaned_data.get("reason") or "")
        except InvalidInput as exc:
            forms.add_service_errors(form, exc.errors)
        else:
            messages.success(request, "Request sent to the lead social worker and the conference chair")
            return redirect("protection:child_summary", person_id=child.pk)
    return render(request, "protection/reconvene_request.html", {"child": child, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def challenge_new(request, person_id):
    child = _child(request, person_id)
    subjects = selectors.challenge_subjects(child)
    owners = [p for p in selectors.practitioners_around(child) if p.pk != request.user.pk]
    form = forms.RaiseChallengeForm(request.POST or None, subjects=subjects, owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = challenge_services.challenge_raise(
                actor=request.user,
                person=child,
                concern=form.cleaned_data.get("concern") or "",
                owner=form.owners.get(form.cleaned_data["owner"]),
                subject=subjects.get(form.cleaned_data.get("subject") or "case", (None, None))[1],
                desired_outcome=form.cleaned_data.get("desired_outcome") or "",
            )
        except InvalidInput as exc:
            forms.add_service_errors(form, exc.errors)
        else:
            messages.success(request, "Professional challenge raised")
            return redirect("protection:challenge", challenge_id=challenge.pk)
    return render(request, "protection/challenge_new.html", {"child": child, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan(request, plan_id):
    plan = selectors.plan_for_view(actor=request.user, plan_id=plan_id)
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
        "others": selectors.other_children_for_plan(plan),
        "clocks": selectors.plan_clocks(plan) if plan.status == "active" else [],
        "finalise_errors": errors,
        "sibling_form": forms.SiblingDecisionForm(),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, person_id, agreement_id=None):
    agreement = selectors.agreement_for_view(actor=request.user, agreement_id=agreement_id) if agreement_id else None
    child = agreement.child if agreement else person_lookup(person_id=person_id)
    if agreement is None:
        selectors.protection_summary(actor=request.user, person_id=child.pk)  # access check + audit
    initial = (
        {
            "parties": agreement.parties,
            "body": agreement.body,
            "if_not_kept": agreement.if_not_kept,
            "version": agreement.version,
        }
        if agreement
        else None
    )
    form = forms.AgreementForm(request.POST or None, initial=initial)
    report = plain_english.check(agreement.body, agreement.if_not_kept) if agreement else None
    status, saved_meanwhile = 200, None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected_version = data.pop("version", None)
        try:
            if request.POST.get("agree") and agreement is not None:
                if expected_version is not None and expected_version != agreement.version:
                    raise StaleVersion(agreement.version)
                services.agreement_confirm(actor=request.user, agreement=agreement)
                messages.success(request, "Agreement marked as agreed")
                return redirect("protection:agreement", person_id=child.pk, agreement_id=agreement.pk)
            agreement, report = services.agreement_save(
                actor=request.user, child=child, agreement=agreement, expected_version=expected_version, **data
            )
        except InvalidInput as exc:
            forms.add_service_errors(form, exc.errors)
        except StaleVersion as exc:
            # Keep everything typed; show what was saved meanwhile; saving again now means "mine wins".
            status, saved_meanwhile = 409, agreement
            form.add_error(
                None,
                "Someone else saved this agreement after you opened it, so your changes were not saved. "
                "Your text is still below and theirs is shown under it: compare them, then save again.",
            )
            form.data = form.data.copy()
            form.data["version"] = str(exc.current_version)
        else:
            messages.success(request, "Draft saved. Check the plain English feedback.")
            return redirect("protection:agreement", person_id=child.pk, agreement_id=agreement.pk)
    return render(
        request,
        "protection/agreement.html",
        {
            "child": child,
            "agreement": agreement,
            "form": form,
            "report": report,
            "max_reading_age": plain_english.MAX_READING_AGE,
            "saved_meanwhile": saved_meanwhile,
        },
        status=status,
    )


@login_required
def agreement_pdf(request, agreement_id):
    _agreement, pdf = services.agreement_pdf(actor=request.user, agreement_id=agreement_id)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="written-agreement.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def review(request, review_id):
    review = selectors.review_for_view(actor=request.user, review_id=review_id)
    form = forms.ReconveneDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reconvene_decide(actor=request.user, review=review, **form.cleaned_data)
        except InvalidInput as exc:
            forms.add_service_errors(form, exc.errors)
        else:
            messages.success(request, "Decision recorded")
            return redirect("protection:my_work")
    return render(request, "protection/review.html", {"review": review, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def challenge(request, challenge_id):
    challenge = challenge_selectors.challenge_for_view(actor=request.user, challenge_id=challenge_id)
    form = forms.ChallengeResponseForm(request.POST or None)
    if challenge.stage >= Stage.PARTNERSHIP:
        # The partnership's stage is the last: there is nowhere further to escalate to.
        form.fields["resolved"].choices = [
            ("yes", "Yes, resolved"),
            ("no", "No, but the partnership's conclusion is final: close the challenge with this outcome"),
        ]
    if request.method == "POST" and form.is_valid():
        try:
            challenge_services.challenge_respond(actor=request.user, challenge=challenge, **form.cleaned_data)
        except InvalidInput as exc:
            forms.add_service_errors(form, exc.errors)
        else:
            messages.success(request, "Outcome recorded")
            return redirect("protection:challenge", challenge_id=challenge.pk)
    return render(
        request,
        "protection/challenge.html",
        {"c": challenge, "steps": challenge.steps.select_related("owner"), "form": form},
    )


@login_required
def partnership_challenges(request):
    groups = challenge_selectors.partnership_open_challenges(actor=request.user)
    return render(request, "protection/partnership_challenges.html", {"groups": groups})


@login_required
@require_http_methods(["GET", "POST"])
def allocation_queue(request):
    """A team manager's allocation queue: work handed to the team, each with its clock, allocated
    to a worker chosen knowing each worker's caseload."""
    if not policy.managed_team_ids(request.user):
        raise NotFound()
    errors: dict = {}
    if request.method == "POST":
        task_id = request.POST.get("task_id", "")
        try:
            task = services.work_allocate(
                actor=request.user, task_id=task_id, worker_id=request.POST.get("worker_id")
            )
        except InvalidInput as exc:
            errors[task_id] = [m for messages_ in exc.errors.values() for m in messages_]
        except ValueError:
            raise NotFound() from None
        else:
            done = task.outcome or "Allocated"
            messages.success(request, f"{done}: {task.title.removeprefix('Allocate the ')}")
            return redirect("protection:allocation_queue")
    items = selectors.allocation_queue_for(actor=request.user)
    workers = {}
    for item in items:
        if item.team.pk not in workers:
            workers[item.team.pk] = selectors.team_workers(item.team)
    rows = [
        {
            "item": item,
            "due": clock.Deadline(due=item.task.due_on) if item.task.due_on else None,
            "workers": workers[item.team.pk],
            "errors": errors.get(str(item.task.pk), []),
        }
        for item in items
    ]
    return render(request, "protection/allocation_queue.html", {"rows": rows, "has_errors": bool(errors)})


@login_required
@require_http_methods(["GET", "POST"])
def enquiry(request, enquiry_id):
    """The section 47 enquiry: findings saved as they come in; completed with its outcome."""
    enquiry = selectors.enquiry_for_view(actor=request.user, enquiry_id=enquiry_id)
    form = None
    if not enquiry.outcome:
        initial = {
            "started_on": enquiry.started_on,
            "social_worker_findings": enquiry.social_worker_findings,
            "police_findings": enquiry.police_findings,
        }
        form = forms.Section47Form(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            complete = bool(request.POST.get("complete"))
            try:
                services.section47_record(
                    actor=request.user, enquiry=enquiry, complete=complete, **form.service_kwargs()
                )
            except InvalidInput as exc:
                forms.add_service_errors(form, {("concluded_on" if k == "outcome" else k): v
                                                for k, v in exc.errors.items()})  # fmt: skip
            else:
                messages.success(request, "Section 47 enquiry completed" if complete else "Findings saved")
                return redirect("protection:enquiry", enquiry_id=enquiry.pk)
    conference = Conference.objects.filter(enquiry=enquiry, kind=Conference.Kind.INITIAL).first()
    return render(request, "protection/enquiry.html", {
        "e": enquiry, "form": form, "conference": conference,
        "icpc_due": clock.icpc_due(enquiry.discussion.held_on or enquiry.started_on),
    })  # fmt: skip


# --- Meetings: arranged, rescheduled, cancelled; the calendar -------------------------------------

def _form_errors(exc) -> dict:
    return {forms.SERVICE_TO_FORM.get(k, k): v for k, v in exc.errors.items()}


def _meeting_for_view(request, kind: str, meeting_id):
    if kind == "strategy-discussion":
        return selectors.discussion_for_view(actor=request.user, discussion_id=meeting_id)
    if kind == "conference":
        return selectors.conference_for_view(actor=request.user, conference_id=meeting_id)
    if kind == "core-group":
        return selectors.core_group_for_view(actor=request.user, core_group_id=meeting_id)
    raise NotFound()


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


@login_required
@require_http_methods(["GET", "POST"])
def discussion_arrange(request, discussion_id):
    discussion = selectors.discussion_for_view(actor=request.user, discussion_id=discussion_id)
    form = forms.MeetingArrangementsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_discussion_arrange(actor=request.user, discussion=discussion, **form.service_kwargs())
        except InvalidInput as exc:
            forms.add_service_errors(form, _form_errors(exc))
        else:
            messages.success(request, "Strategy discussion arranged: the invitations are on each invitee's work")
            return redirect("protection:discussion", discussion_id=discussion.pk)
    return _meeting_form_page(request, discussion, form, heading="Arrange the strategy discussion",
                              button="Arrange and send the invitations")  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def meeting_reschedule(request, kind, meeting_id):
    meeting = _meeting_for_view(request, kind, meeting_id)
    initial = {
        "scheduled_for": meeting.scheduled_for,
        "start_time": services.time_in_words(meeting.starts_at),
        "place": meeting.place,
    }
    form = forms.MeetingRescheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_reschedule(actor=request.user, meeting=meeting, **form.service_kwargs())
        except InvalidInput as exc:
            forms.add_service_errors(form, _form_errors(exc))
        else:
            messages.success(request, f"{services.meeting_title(meeting).capitalize()} rescheduled")
            return redirect(meeting_url(meeting))
    return _meeting_form_page(request, meeting, form, heading=f"Reschedule the {services.meeting_title(meeting)}",
                              button="Reschedule")  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, kind, meeting_id):
    meeting = _meeting_for_view(request, kind, meeting_id)
    form = forms.MeetingCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(actor=request.user, meeting=meeting, reason=form.cleaned_data.get("reason") or "")
        except InvalidInput as exc:
            forms.add_service_errors(form, exc.errors)
        else:
            messages.success(request, f"{services.meeting_title(meeting).capitalize()} cancelled")
            return redirect(meeting_url(meeting))
    return _meeting_form_page(request, meeting, form, heading=f"Cancel the {services.meeting_title(meeting)}",
                              button="Cancel the meeting", warning=True)  # fmt: skip


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
@require_http_methods(["GET", "POST"])
def core_group(request, core_group_id):
    core_group = selectors.core_group_for_view(actor=request.user, core_group_id=core_group_id)
    form = None
    if core_group.held_on is None and not core_group.is_cancelled:
        form = forms.RecordCoreGroupForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.core_group_record(
                    actor=request.user, plan=core_group.plan, core_group=core_group, **form.cleaned_data
                )
            except InvalidInput as exc:
                forms.add_service_errors(form, exc.errors)
            else:
                messages.success(request, "Core group recorded")
                return redirect("protection:core_group", core_group_id=core_group.pk)
    return render(request, "protection/core_group.html", {
        "g": core_group, "form": form, "open": core_group.held_on is None and not core_group.is_cancelled,
        "invitations": core_group.invitations.select_related("agency", "practitioner"),
        "changes": core_group.changes.select_related("changed_by"),
        "arrangements": services.arrangements_in_words(core_group),
    })  # fmt: skip


@login_required
def meetings(request):
    """Upcoming meetings by day: the practitioner's own, or (?team=) everyone's in one of their teams."""
    from datetime import timedelta

    from django.utils import timezone

    from safeguard.agencies.models import Team

    teams = list(Team.objects.filter(pk__in=request.user.team_ids).select_related("agency").order_by("name"))
    team = None
    if request.GET.get("team"):
        team = next((t for t in teams if str(t.pk) == request.GET["team"]), None)
        if team is None:
            raise NotFound()
    ids = selectors.team_member_ids(team) if team else {request.user.pk}
    start = timezone.localdate()
    days = selectors.meetings_calendar(actor=request.user, practitioner_ids=ids, start=start)
    return render(request, "protection/meetings.html", {
        "days": days, "team": team, "teams": teams, "start": start, "end": start + timedelta(days=56),
    })  # fmt: skip
