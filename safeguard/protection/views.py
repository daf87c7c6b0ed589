"""GOV.UK pages for the protection pathway and professional challenge. Thin: selectors, services, render."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from safeguard.access.errors import Forbidden, InvalidInput, NotFound
from safeguard.agencies.models import Practitioner
from safeguard.challenges import selectors as challenge_selectors
from safeguard.challenges import services as challenge_services
from safeguard.people.selectors import person_lookup
from safeguard.protection import forms, plain_english, selectors, services
from safeguard.protection.models import Invitation


def protected(view):
    """Signed in; records the actor may not see answer 404, view-only attempts to change 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None
        except Forbidden as exc:
            return render(request, "errors/403.html", {"message": str(exc)}, status=403)

    return wrapper


@protected
def my_work(request):
    return render(request, "protection/my_work.html", {
        "clocks": selectors.due_items_for(actor=request.user),
        "overdue_actions": list(selectors.overdue_actions_for(actor=request.user)[:100]),
        "reviews": list(selectors.reviews_for(actor=request.user)[:100]),
        "challenges": list(challenge_selectors.challenges_for(actor=request.user)[:100]),
    })  # fmt: skip


@protected
def child_summary(request, person_id):
    summary = selectors.protection_summary(actor=request.user, person_id=person_id)
    return render(request, "protection/child_summary.html", {"s": summary})


@protected
@require_http_methods(["GET", "POST"])
def discussion(request, discussion_id):
    discussion = selectors.discussion_for_view(actor=request.user, discussion_id=discussion_id)
    owners = Practitioner.objects.filter(
        pk__in=[i.practitioner_id for i in discussion.invitations.all() if i.practitioner_id] + [request.user.pk]
    )
    form = forms.RecordDiscussionForm(request.POST or None, discussion=discussion, owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_discussion_record(actor=request.user, discussion=discussion, **form.service_kwargs())
        except InvalidInput as exc:
            forms.add_service_errors(form, exc.errors)
        else:
            messages.success(request, "Strategy discussion recorded")
            return redirect("protection:discussion", discussion_id=discussion.pk)
    return render(request, "protection/discussion.html", {
        "d": discussion,
        "invitations": discussion.invitations.select_related("agency", "practitioner"),
        "actions": discussion.actions.select_related("owner", "child", "owner_agency"),
        "others": selectors.other_children_for_discussion(discussion),
        "form": form,
        "sibling_form": forms.SiblingDecisionForm(),
    })  # fmt: skip


@protected
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


@protected
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


@protected
def conference(request, conference_id):
    conference = selectors.conference_for_view(actor=request.user, conference_id=conference_id)
    return render(request, "protection/conference.html", {"c": conference, "invitations": conference.invitations.all()})


@protected
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


@protected
@require_http_methods(["GET", "POST"])
def agreement_edit(request, person_id, agreement_id=None):
    agreement = selectors.agreement_for_view(actor=request.user, agreement_id=agreement_id) if agreement_id else None
    child = agreement.child if agreement else person_lookup(person_id=person_id)
    if agreement is None:
        selectors.protection_summary(actor=request.user, person_id=child.pk)  # access check + audit
    initial = (
        {"parties": agreement.parties, "body": agreement.body, "if_not_kept": agreement.if_not_kept}
        if agreement
        else None
    )
    form = forms.AgreementForm(request.POST or None, initial=initial)
    report = plain_english.check(agreement.body, agreement.if_not_kept) if agreement else None
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("agree") and agreement is not None:
                services.agreement_confirm(actor=request.user, agreement=agreement)
                messages.success(request, "Agreement marked as agreed")
                return redirect("protection:agreement", person_id=child.pk, agreement_id=agreement.pk)
            agreement, report = services.agreement_save(
                actor=request.user, child=child, agreement=agreement, **form.cleaned_data
            )
        except InvalidInput as exc:
            forms.add_service_errors(form, exc.errors)
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
        },
    )


@protected
def agreement_pdf(request, agreement_id):
    _agreement, pdf = services.agreement_pdf(actor=request.user, agreement_id=agreement_id)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="written-agreement.pdf"'
    return response


@protected
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


@protected
@require_http_methods(["GET", "POST"])
def challenge(request, challenge_id):
    challenge = challenge_selectors.challenge_for_view(actor=request.user, challenge_id=challenge_id)
    form = forms.ChallengeResponseForm(request.POST or None)
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


@protected
def partnership_challenges(request):
    groups = challenge_selectors.partnership_open_challenges(actor=request.user)
    return render(request, "protection/partnership_challenges.html", {"groups": groups})
