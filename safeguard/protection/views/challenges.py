"""Professional challenge pages raised about a child's protection work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguard.access.errors import InvalidInput
from safeguard.challenges import selectors as challenge_selectors
from safeguard.challenges import services as challenge_services
from safeguard.challenges.models import Stage
from safeguard.protection import forms, selectors

from .common import _child


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
                concern=form.cleaned_data["concern"],
                owner=form.owners.get(form.cleaned_data["owner_id"]),
                subject=subjects.get(form.cleaned_data.get("subject") or "case", (None, None))[1],
                desired_outcome=form.cleaned_data["desired_outcome"],
            )
        except InvalidInput as exc:
            forms.add_service_errors(form, exc.errors)
        else:
            messages.success(request, "Professional challenge raised")
            return redirect("protection:challenge", challenge_id=challenge.pk)
    return render(request, "protection/challenge_new.html", {"child": child, "form": form})


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
