"""Strategy discussion pages: the discussion, arranging it, its invitees, and sibling decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from safeguard.access.errors import InvalidInput, NotFound
from safeguard.people.selectors import person_lookup, visible_people
from safeguard.protection import forms, selectors, services
from safeguard.protection.models import Invitation

from .common import _form_errors, _meeting_form_page, meeting_url, recording


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
def discussion(request, discussion_id):
    """The discussion; recording it is a task list of its own (protection:meeting_record)."""
    discussion = selectors.discussion_for_view(actor=request.user, discussion_id=discussion_id)
    can_change = selectors.may_change(request.user, discussion.children.all())
    return render(request, "protection/discussion.html", {
        "d": discussion,
        "discussion_open": can_change and discussion.status == "awaiting" and not discussion.is_cancelled,
        "can_change": can_change,
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
        "record": recording(request.user, discussion, "strategy-discussion"),
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
        if url_has_allowed_host_and_scheme(request.POST.get("next"), allowed_hosts={request.get_host()}):
            back = redirect(request.POST["next"])  # back to the meeting record's "other children" section
    except InvalidInput as exc:
        for messages_ in exc.errors.values():
            for m in messages_:
                messages.error(request, m)
    else:
        messages.success(request, "Decision recorded")
    return back


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
