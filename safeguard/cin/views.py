"""Children in need pages: the child's episodes, the assessment, closing an episode, child in need
plans and the child's census characteristics. Thin: selectors read (and audit), services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguard.access import records
from safeguard.access.errors import InvalidInput
from safeguard.cin import forms, selectors, services
from safeguard.cin.codes import ClosureReason, PrimaryNeed
from safeguard.cin.forms import FACTOR_FIELDS
from safeguard.people.codes import UPNUnknown
from safeguard.web.formtools import add_service_errors, posted
from safeguard.web.presenters import disabilities_text


@login_required
def child(request, person_id):
    """Everything the child's episodes hold, newest first: referral, need, assessments, plans, closure."""
    child = selectors.child_for_cin(actor=request.user, person_id=person_id)
    episodes = selectors.episodes_of(child)
    rows = []
    for episode in episodes:
        assessments = sorted(episode.assessments.all(), key=lambda a: a.started_on, reverse=True)
        rows.append({
            "episode": episode,
            "source": episode.get_referral_source_display(),
            "need": PrimaryNeed(episode.primary_need).label if episode.primary_need else "Not yet recorded",
            "closure": ClosureReason(episode.closure_reason).label if episode.closure_reason else "",
            "assessments": [(a, selectors.assessment_clock(a)) for a in assessments],
            "plans": list(episode.plans.all()),
            "can_start_plan": episode.is_open and not any(p.is_open for p in episode.plans.all()),
        })  # fmt: skip
    upn = selectors.upn_of(child)
    return render(request, "cin/child.html", {
        "child": child,
        "rows": rows,
        "can_record": selectors.can_record(request.user, child),
        "upn": upn,
        "upn_unknown": UPNUnknown(child.upn_unknown).label if child.upn_unknown else "",
        "disabilities": disabilities_text(child.disabilities),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request, assessment_id):
    """Record what the assessment found; authorising it completes it and closes its task."""
    assessment = selectors.assessment_for_view(actor=request.user, assessment_id=assessment_id)
    can_record = records.allows(request.user, "amend", assessment)
    form = None
    if can_record:
        initial = {
            "child_seen_on": assessment.child_seen_on,
            "primary_need": assessment.episode.primary_need if assessment.episode else "",
            "needs_social_care_support": {True: "yes", False: "no"}.get(assessment.needs_social_care_support),
        }
        form = forms.AssessmentForm(posted(request), initial=initial, started_on=assessment.started_on)
        for name in FACTOR_FIELDS:
            form.initial[name] = [c for c in assessment.factors if c in dict(form.fields[name].choices)]
        if request.method == "POST" and form.is_valid():
            try:
                services.assessment_record(actor=request.user, assessment=assessment, **form.service_kwargs())
            except InvalidInput as exc:
                add_service_errors(form, exc, rename={"factors": FACTOR_FIELDS[0]})
            else:
                authorised = form.cleaned_data.get("authorised_on")
                messages.success(request, "Assessment authorised" if authorised else "Assessment findings saved")
                return redirect("cin:assessment", assessment_id=assessment.pk)
    elif request.method == "POST":
        records.require(request.user, "amend", assessment)  # 403: they see it, but it is authorised or not theirs
    return render(request, "cin/assessment.html", {
        "a": assessment,
        "form": form,
        "clock": selectors.assessment_clock(assessment),
        "factors": selectors.factor_labels(assessment.factors),
        "need": (PrimaryNeed(assessment.episode.primary_need).label
                 if assessment.episode and assessment.episode.primary_need else ""),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def episode_close(request, episode_id):
    episode = selectors.episode_for_view(actor=request.user, episode_id=episode_id)
    records.require(request.user, "close", episode)
    if not episode.is_open:
        return redirect("cin:child", person_id=episode.child_id)
    form = forms.CloseEpisodeForm(posted(request), referral_date=episode.referral_date)
    if request.method == "POST" and form.is_valid():
        try:
            services.episode_close(actor=request.user, episode=episode, **form.cleaned_data)
        except InvalidInput as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Children in need episode closed")
            return redirect("cin:child", person_id=episode.child_id)
    return render(request, "cin/episode_close.html", {"episode": episode, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan_start(request, episode_id):
    episode = selectors.episode_for_view(actor=request.user, episode_id=episode_id)
    records.require(request.user, "start_plan", episode)
    form = forms.PlanStartForm(posted(request))
    form.fields["started_on"].not_before(episode.referral_date, "the referral date")
    if request.method == "POST" and form.is_valid():
        try:
            services.cin_plan_start(actor=request.user, episode=episode, **form.cleaned_data)
        except InvalidInput as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Child in need plan started")
            return redirect("cin:child", person_id=episode.child_id)
    return render(request, "cin/plan_form.html", {
        "child": episode.child, "form": form, "heading": "Start a child in need plan", "button": "Start the plan",
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def plan_end(request, plan_id):
    plan = selectors.plan_for_view(actor=request.user, plan_id=plan_id)
    records.require(request.user, "end", plan)
    form = forms.PlanEndForm(posted(request))
    form.fields["ended_on"].not_before(plan.started_on, "the date the plan started")
    if request.method == "POST" and form.is_valid():
        try:
            services.cin_plan_end(actor=request.user, plan=plan, **form.cleaned_data)
        except InvalidInput as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Child in need plan ended")
            return redirect("cin:child", person_id=plan.child_id)
    return render(request, "cin/plan_form.html", {
        "child": plan.child, "form": form, "heading": "End the child in need plan", "button": "End the plan",
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def characteristics(request, person_id):
    """The child's UPN (or why not known), sex, gender, ethnicity, disabilities, expected date."""
    child = selectors.child_for_cin(actor=request.user, person_id=person_id, change=True)
    initial = {
        "upn": selectors.upn_of(child),
        "upn_unknown": child.upn_unknown,
        "sex": child.sex,
        "gender": child.gender,
        "ethnicity": child.ethnicity,
        "disabilities": [d for d in child.disabilities if d != "NONE"],
        "expected_birth_date": child.expected_birth_date,
    }
    form = forms.CharacteristicsForm(posted(request), initial=initial)
    if not child.is_unborn:
        del form.fields["expected_birth_date"]
    if request.method == "POST" and form.is_valid():
        try:
            services.characteristics_update(
                actor=request.user, child=child, **form.service_kwargs(unborn=child.is_unborn)
            )
        except InvalidInput as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The child's details are saved")
            return redirect("cin:child", person_id=child.pk)
    return render(request, "cin/characteristics.html", {"child": child, "form": form})
