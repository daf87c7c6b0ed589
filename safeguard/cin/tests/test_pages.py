"""The assessment page from "Your work": a social worker records the assessment and its task
closes; the child's children in need page; closing an episode; census details; 404 for others."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from safeguard.access.models import AuditEntry
from safeguard.cin.models import CINEpisode
from safeguard.cin.tests.conftest import allocate, refer
from safeguard.core.models import Task, TaskStatus
from safeguard.frontdoor.models import Assessment
from safeguard.testing.factories import involve

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _date(prefix: str, day) -> dict:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_a_social_worker_records_an_assessment_from_their_work_and_the_task_closes(social_care, api, child):
    w = social_care
    refer(api, w, child)
    allocate(w)
    task = Task.objects.get(kind="cin_assessment")
    assert task.assignee == w.social_worker
    worker = _client(w.social_worker)
    home = worker.get("/").content.decode()
    assessment = Assessment.objects.get(person=child)
    link = f"/children-in-need/assessments/{assessment.pk}/"
    assert f'href="{link}"' in home and "Complete the child and family assessment for Peter Fictional" in home
    assert "due in 45 working days" in home

    page = worker.get(link).content.decode()
    assert "Child sexual abuse and exploitation" in page and "Sexual abuse by an adult" in page
    assert "19C" not in page.replace('value="19C"', "")  # codes only as form values, never as words

    today = timezone.localdate()
    saved = worker.post(link, {**_date("child_seen_on", today), "factors_1": ["19C"], "factors_3": ["3B"]})
    assert saved.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN  # findings saved; not yet authorised

    authorised = worker.post(link, {
        **_date("child_seen_on", today), "factors_1": ["19C"], "factors_3": ["3B"], "primary_need": "N1",
        "needs_social_care_support": "yes", **_date("authorised_on", today),
    })  # fmt: skip
    assert authorised.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    page = worker.get(link).content.decode()
    assert "Authorised within 45 working days" in page and "Sexual abuse by an adult" in page
    assert "Abuse or neglect" in page
    assert f'href="{link}"' not in worker.get("/").content.decode()
    changes = AuditEntry.objects.filter(actor_id=w.social_worker.pk, object_type="frontdoor.assessment")
    assert changes.filter(action="change").exists() and changes.filter(action="view").exists()


def test_a_bad_authorisation_shows_errors_on_the_fields_and_saves_nothing(social_care, api, child):
    w = social_care
    refer(api, w, child)
    assessment = Assessment.objects.get(person=child)
    link = f"/children-in-need/assessments/{assessment.pk}/"
    before = assessment.started_on.replace(year=assessment.started_on.year - 1)
    r = _client(w.team_manager).post(link, {**_date("authorised_on", before)})
    page = r.content.decode()
    assert r.status_code == 200 and "There is a problem" in page
    assert 'href="#id_authorised_on_day"' in page and "must be the same as or after" in page
    assessment.refresh_from_db()
    assert assessment.authorised_on is None


def test_a_practitioner_without_a_social_care_role_gets_404(social_care, api, child):
    w = social_care
    refer(api, w, child)
    involve(child, practitioner=w.nurse)  # sees the child's record, but not social care's casework
    nurse = _client(w.nurse)
    assessment = Assessment.objects.get(person=child)
    episode = CINEpisode.objects.get(child=child)
    for url in (
        f"/children-in-need/assessments/{assessment.pk}/",
        f"/children-in-need/children/{child.pk}/",
        f"/children-in-need/children/{child.pk}/characteristics/",
        f"/children-in-need/episodes/{episode.pk}/close/",
    ):
        assert nurse.get(url).status_code == 404, url
    assert nurse.get(f"/people/{child.pk}/").status_code == 200
    assert "Children in need" not in nurse.get(f"/people/{child.pk}/").content.decode()


def test_the_childs_page_leads_to_the_episode_and_closing_it_asks_for_a_reason(social_care, api, child):
    w = social_care
    refer(api, w, child, outcome="strategy_discussion")
    manager = _client(w.team_manager)
    record = manager.get(f"/people/{child.pk}/").content.decode()
    assert f"/children-in-need/children/{child.pk}/" in record
    page = manager.get(f"/children-in-need/children/{child.pk}/").content.decode()
    shown = re.sub(r"<[^>]+>", " ", page)  # what a reader sees: the CSP nonce in a tag may hold "2A"
    assert "Schools" in shown and "Open" in shown and "2A" not in shown
    episode = CINEpisode.objects.get(child=child)
    close = f"/children-in-need/episodes/{episode.pk}/close/"
    refused = manager.post(close, {})
    assert "Select why the episode is closing" in refused.content.decode()
    closed = manager.post(close, {"closure_reason": "RC8", **_date("closure_date", timezone.localdate())})
    assert closed.status_code == 302
    page = manager.get(f"/children-in-need/children/{child.pk}/").content.decode()
    assert "No further action after assessment" in page and "led to no further action" in page


def test_census_details_are_saved_with_a_checked_upn_or_a_reason(social_care, api, child):
    w = social_care
    refer(api, w, child)
    worker = _client(w.team_manager)
    url = f"/children-in-need/children/{child.pk}/characteristics/"
    base = {"sex": "M", "ethnicity": "WBRI", "gender": ""}
    wrong = worker.post(url, {**base, "upn": "A12345678901B"}).content.decode()
    assert "check letter" in wrong and child.identifiers.count() == 0
    both = worker.post(url, {**base, "upn": "L12345678901B", "upn_unknown": "UN3"}).content.decode()
    assert "not both" in both
    ok = worker.post(url, {**base, "upn": "L12345678901B", "disabilities": ["HEAR", "LD"]})
    assert ok.status_code == 302
    child.refresh_from_db()
    assert child.identifiers.get().value == "L12345678901B" and child.disabilities == ["HEAR", "LD"]
    page = worker.get(f"/children-in-need/children/{child.pk}/").content.decode()
    assert "Hearing, Learning" in page and "White British" in page
