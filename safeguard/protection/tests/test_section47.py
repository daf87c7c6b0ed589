"""The section 47 enquiry page: findings as they come in, then the outcome the statutory returns need
(start date, concerns substantiated or not, initial conference needed or not, completion date)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from safeguard.core.models import EventType
from safeguard.protection.models import Section47Enquiry
from safeguard.protection.tests.helpers import error_fields, get, hold_discussion, post


def _enquiry(world):
    d = hold_discussion(world, [world.pupil])
    return Section47Enquiry.objects.get(discussion_id=d["id"])


COMPLETE = {
    "complete": True,
    "social_worker_findings": "Dan repeated his account in a visit; his mother believes him and is protective.",
    "police_findings": "ABE interview done; the stepfather was arrested and bailed away from the home.",
    "concerns_substantiated": "yes",
    "icpc_needed": "yes",
    "outcome_reason": "Substantiated sexual abuse within the family; a plan is needed to keep Dan safe.",
}


def test_findings_are_saved_as_they_come_and_the_enquiry_completes_with_its_outcome(world):
    e = _enquiry(world)
    c = world.client(world.social_worker)
    today = timezone.localdate()
    first = {"started_on": today.isoformat(), "social_worker_findings": "First visit done; Dan seen alone."}
    body = post(c, f"/protection/section-47/{e.pk}/record", first)
    assert body["outcome"] == "" and body["social_worker_findings"].startswith("First visit")
    body = post(c, f"/protection/section-47/{e.pk}/record",
                {**COMPLETE, "started_on": today.isoformat(), "concluded_on": today.isoformat()})  # fmt: skip
    assert body["outcome_label"] == "Initial child protection conference"
    assert body["concerns_substantiated"] == "yes" and body["icpc_not_required"] is False
    assert body["concluded_on"] == today.isoformat()
    summaries = [ev.summary for ev in world.pupil.chronology.filter(event_type=EventType.SECTION_47)]
    assert any("completed: concerns substantiated" in s for s in summaries)
    # Complete once: a second completion is refused.
    body = post(c, f"/protection/section-47/{e.pk}/record",
                {**COMPLETE, "started_on": today.isoformat(), "concluded_on": today.isoformat()}, 422)  # fmt: skip
    assert "outcome" in error_fields(body)


def test_no_conference_needed_is_recorded_for_the_census_with_the_next_step(world):
    e = _enquiry(world)
    today = timezone.localdate()
    payload = {**COMPLETE, "concerns_substantiated": "no", "icpc_needed": "no", "next_step": "cin",
               "started_on": today.isoformat(), "concluded_on": today.isoformat()}  # fmt: skip
    body = post(world.client(world.social_worker), f"/protection/section-47/{e.pk}/record", payload)
    assert body["icpc_not_required"] is True and body["outcome"] == "cin"


def test_completion_needs_every_answer_and_dates_in_order_and_changes_nothing_otherwise(world):
    e = _enquiry(world)
    today = timezone.localdate()
    c = world.client(world.social_worker)
    answers = {"complete": True, "started_on": (today - timedelta(days=3)).isoformat(), "icpc_needed": "no"}
    # A completion date in the future is no date for it: refused on that field before anything else is judged.
    future = post(c, f"/protection/section-47/{e.pk}/record", {
        **answers, "concluded_on": (today + timedelta(days=1)).isoformat()}, 422)  # fmt: skip
    assert future["errors"] == [
        {"field": "concluded_on", "message": "Date the enquiry was completed must be today or in the past"}
    ]
    body = post(c, f"/protection/section-47/{e.pk}/record", {
        **answers, "concluded_on": (today - timedelta(days=4)).isoformat()}, 422)  # fmt: skip
    assert error_fields(body) == {
        "started_on", "social_worker_findings", "police_findings", "concerns_substantiated", "next_step",
        "outcome_reason", "concluded_on",
    }
    e.refresh_from_db()
    assert (e.outcome, e.started_on, e.social_worker_findings) == ("", today, "")


def test_enquiry_page_is_linked_from_summary_and_discussion_and_completes_in_words(world):
    e = _enquiry(world)
    c = world.client(world.social_worker)
    summary = c.get(f"/protection/children/{world.pupil.pk}/").content.decode()
    discussion = c.get(f"/protection/strategy-discussions/{e.discussion_id}/").content.decode()
    url = f"/protection/section-47-enquiries/{e.pk}/"
    assert url in summary and url in discussion
    today = timezone.localdate()
    form = {k: ("yes" if v is True else v) for k, v in COMPLETE.items()}
    page = c.post(url, {**form, "started_on": today.isoformat()}).content.decode()
    assert "There is a problem" in page and "Enter the date the enquiry was completed" in page
    response = c.post(url, {**form, "started_on": today.isoformat(), "concluded_on": today.isoformat()})
    assert response.status_code == 302
    page = c.get(url).content.decode()
    assert "Concerns substantiated" in page and today.strftime("%A %-d %B %Y") in page
    assert "Schedule the initial child protection conference" in page
    assert world.client(world.outsider).get(url).status_code == 404
    assert get(world.client(world.outsider), f"/protection/section-47/{e.pk}", 404)
