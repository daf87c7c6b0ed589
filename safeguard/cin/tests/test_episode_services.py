"""Episodes open when the front door makes a contact a referral; dates stay in order; closure rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from safeguard.access.errors import InvalidInput, NotFound
from safeguard.cin.codes import AssessmentFactor, ClosureReason, PrimaryNeed
from safeguard.cin.models import CINEpisode
from safeguard.cin.services import assessment_record, cin_plan_start, episode_close
from safeguard.cin.tests.conftest import refer
from safeguard.core.models import Task, TaskStatus
from safeguard.frontdoor.models import Assessment, Contact
from safeguard.testing.factories import involve

pytestmark = pytest.mark.django_db


def test_an_assessment_decision_opens_the_childs_episode_with_the_referral_details(social_care, api, child):
    w = social_care
    contact_id, _ = refer(api, w, child)
    episode = CINEpisode.objects.get(child=child)
    contact = Contact.objects.get(pk=contact_id)
    assert episode.is_open and episode.referral_source == "2A"
    assert episode.referral_date == timezone.localdate(contact.received_at)
    assert episode.team == w.locality and episode.contact == contact
    assessment = Assessment.objects.get(person=child)
    assert assessment.episode == episode
    task = Task.objects.get(kind="cin_assessment")
    assert task.team == w.locality and task.person == child and task.due_on == assessment.due_on


def test_a_second_referral_joins_the_open_episode_and_nfa_opens_nothing(social_care, api, child):
    w = social_care
    refer(api, w, child, outcome="nfa")
    assert not CINEpisode.objects.exists()  # a contact, not a referral
    refer(api, w, child)
    refer(api, w, child, outcome="strategy_discussion")
    assert CINEpisode.objects.filter(child=child).count() == 1


def test_a_practitioner_without_a_social_care_role_may_not_record(social_care, api, child):
    w = social_care
    refer(api, w, child)
    involve(child, practitioner=w.nurse)  # the nurse works with the child, but is not social care
    assessment = Assessment.objects.get(person=child)
    with pytest.raises(NotFound):
        assessment_record(actor=w.nurse, assessment=assessment, child_seen_on=None, factors=[])


def test_assessment_dates_out_of_order_are_refused_on_their_fields_and_nothing_changes(social_care, api, child):
    w = social_care
    refer(api, w, child)
    assessment = Assessment.objects.get(person=child)
    before = assessment.started_on - timedelta(days=1)
    future = timezone.localdate() + timedelta(days=1)
    with pytest.raises(InvalidInput) as refused:
        assessment_record(actor=w.team_manager, assessment=assessment, child_seen_on=future,
                          factors=[AssessmentFactor.NEGLECT], authorised_on=before)  # fmt: skip
    errors = refused.value.errors
    assert "on or after the assessment started" in errors["authorised_on"][0]
    assert errors["child_seen_on"] == ["Date the child was seen during the assessment must be today or in the past"]
    assert errors["needs_social_care_support"] and errors["primary_need"]
    assessment.refresh_from_db()
    assert assessment.authorised_on is None and assessment.factors == []


def test_no_factors_is_chosen_on_its_own(social_care, api, child):
    w = social_care
    refer(api, w, child)
    assessment = Assessment.objects.get(person=child)
    with pytest.raises(InvalidInput) as refused:
        assessment_record(actor=w.team_manager, assessment=assessment, child_seen_on=None,
                          factors=[AssessmentFactor.NO_FACTORS, AssessmentFactor.NEGLECT])  # fmt: skip
    assert "on its own" in refused.value.errors["factors"][0]


def _authorise(w, child, **kwargs):
    assessment = Assessment.objects.get(person=child)
    today = timezone.localdate()
    return assessment_record(
        actor=w.team_manager, assessment=assessment, child_seen_on=today,
        factors=[AssessmentFactor.SEXUAL_ABUSE_BY_ADULT, AssessmentFactor.DOMESTIC_ABUSE_PARENT],
        authorised_on=today, needs_social_care_support=True, primary_need=PrimaryNeed.ABUSE_OR_NEGLECT, **kwargs,
    )  # fmt: skip


def test_authorising_completes_the_assessment_sets_the_need_and_closes_the_task(social_care, api, child):
    w = social_care
    refer(api, w, child)
    assessment = _authorise(w, child)
    assert assessment.completed_on == assessment.authorised_on
    assert assessment.factors == ["19C", "3B"]
    assert CINEpisode.objects.get(child=child).primary_need == "N1"
    assert Task.objects.get(kind="cin_assessment").status == TaskStatus.DONE
    with pytest.raises(InvalidInput):
        _authorise(w, child)  # once authorised, it stays as authorised


def test_closing_refused_before_the_referral_and_without_a_reason(social_care, api, child):
    w = social_care
    refer(api, w, child)
    _authorise(w, child)
    episode = CINEpisode.objects.get(child=child)
    with pytest.raises(InvalidInput) as refused:
        episode_close(actor=w.team_manager, episode=episode, closure_date=episode.referral_date - timedelta(days=1),
                      closure_reason="")  # fmt: skip
    assert set(refused.value.errors) == {"closure_date", "closure_reason"}
    episode.refresh_from_db()
    assert episode.is_open


def test_closing_refused_while_an_assessment_waits_for_authorisation(social_care, api, child):
    w = social_care
    refer(api, w, child)
    episode = CINEpisode.objects.get(child=child)
    with pytest.raises(InvalidInput) as refused:
        episode_close(actor=w.team_manager, episode=episode, closure_date=timezone.localdate(),
                      closure_reason=ClosureReason.SERVICES_CEASED)  # fmt: skip
    assert "not yet authorised" in refused.value.errors["closure_reason"][0]


def test_closing_refused_with_an_open_child_protection_plan(social_care, api, child):
    from safeguard.protection.models import CategoryOfAbuse, Conference, Plan, PlanStatus

    w = social_care
    refer(api, w, child)
    _authorise(w, child)
    today = timezone.localdate()
    conference = Conference.objects.create(kind=Conference.Kind.INITIAL, child=child, due_on=today,
                                           scheduled_for=today, held_on=today, created_by=w.manager)  # fmt: skip
    Plan.objects.create(child=child, conference=conference, status=PlanStatus.ACTIVE, started_on=today,
                        category=CategoryOfAbuse.SAB)  # fmt: skip
    episode = CINEpisode.objects.get(child=child)
    with pytest.raises(InvalidInput) as refused:
        episode_close(actor=w.team_manager, episode=episode, closure_date=today,
                      closure_reason=ClosureReason.SERVICES_CEASED)  # fmt: skip
    assert "open child protection plan" in refused.value.errors["closure_reason"][0]


def test_closing_ends_the_child_in_need_plan_and_the_next_referral_opens_a_new_episode(social_care, api, child):
    w = social_care
    refer(api, w, child)
    _authorise(w, child)
    episode = CINEpisode.objects.get(child=child)
    today = timezone.localdate()
    plan = cin_plan_start(actor=w.team_manager, episode=episode, started_on=today)
    episode_close(actor=w.team_manager, episode=episode, closure_date=today,
                  closure_reason=ClosureReason.SERVICES_CEASED)  # fmt: skip
    plan.refresh_from_db()
    episode.refresh_from_db()
    assert plan.ended_on == today and not episode.referral_nfa
    refer(api, w, child)
    assert CINEpisode.objects.filter(child=child, closure_date__isnull=True).exclude(pk=episode.pk).exists()


def test_a_referral_closed_with_nothing_done_is_recorded_as_no_further_action(social_care, api, child):
    from safeguard.protection.models import StrategyDiscussion

    w = social_care
    refer(api, w, child, outcome="strategy_discussion")
    assert StrategyDiscussion.objects.exists()
    episode = CINEpisode.objects.get(child=child)
    episode_close(actor=w.team_manager, episode=episode, closure_date=timezone.localdate(),
                  closure_reason=ClosureReason.NFA_AFTER_ASSESSMENT)  # fmt: skip
    episode.refresh_from_db()
    assert episode.referral_nfa


def _cp_plan(w, child, *, started, ended=None):
    from safeguard.protection.models import CategoryOfAbuse, Conference, Plan, PlanStatus

    conference = Conference.objects.create(kind=Conference.Kind.INITIAL, child=child, due_on=started,
                                           scheduled_for=started, held_on=started, created_by=w.team_manager)
    return Plan.objects.create(child=child, conference=conference, started_on=started, ended_on=ended,
                               status=PlanStatus.ENDED if ended else PlanStatus.ACTIVE,
                               category=CategoryOfAbuse.NEG)  # fmt: skip


def test_closed_after_assessment_is_refused_when_the_episode_went_further(social_care, api, child):
    w = social_care
    refer(api, w, child)
    _authorise(w, child)
    episode = CINEpisode.objects.get(child=child)
    today = timezone.localdate()
    cin_plan_start(actor=w.team_manager, episode=episode, started_on=today)
    for reason in (ClosureReason.NFA_AFTER_ASSESSMENT, ClosureReason.EARLY_HELP_AFTER_ASSESSMENT):
        with pytest.raises(InvalidInput) as refused:
            episode_close(actor=w.team_manager, episode=episode, closure_date=today, closure_reason=reason)
        assert "went beyond the assessment" in refused.value.errors["closure_reason"][0]


def test_a_child_in_need_plan_never_runs_alongside_a_child_protection_plan(social_care, api, child):
    w = social_care
    refer(api, w, child)
    episode = CINEpisode.objects.get(child=child)
    today = timezone.localdate()
    plan = _cp_plan(w, child, started=episode.referral_date)
    with pytest.raises(InvalidInput) as refused:
        cin_plan_start(actor=w.team_manager, episode=episode, started_on=today)
    assert "child protection plan" in refused.value.errors["started_on"][0]
    plan.ended_on = today
    plan.save()
    assert cin_plan_start(actor=w.team_manager, episode=episode, started_on=today).started_on == today


def test_a_section_47_enquiry_ending_in_a_child_in_need_plan_starts_the_plan(social_care, api, child):
    from safeguard.protection.models import Section47Decision, Section47Enquiry, StrategyDiscussion
    from safeguard.protection.services import section47_record

    w = social_care
    refer(api, w, child, outcome="strategy_discussion")
    today = timezone.localdate()
    enquiry = Section47Enquiry.objects.create(child=child, discussion=StrategyDiscussion.objects.get(),
                                              kind=Section47Decision.SINGLE_AGENCY, started_on=today)  # fmt: skip
    section47_record(
        actor=w.team_manager, enquiry=enquiry, complete=True, started_on=today,
        social_worker_findings="Home visit and school report: needs support, not at risk of significant harm.",
        concerns_substantiated="no", icpc_needed="no", next_step="cin",
        outcome_reason="The family agreed to support under a child in need plan.", concluded_on=today,
    )  # fmt: skip
    plan = CINEpisode.objects.get(child=child).plans.get()
    assert plan.started_on == today and plan.is_open
