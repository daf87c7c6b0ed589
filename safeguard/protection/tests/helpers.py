"""Small API helpers for scenario tests: each returns the JSON body after asserting the status."""

from __future__ import annotations

from django.utils import timezone

API = "/api/v1"


def post(client, path, body, status=200):
    response = client.post(API + path, body, content_type="application/json")
    assert response.status_code == status, response.content
    return response.json()


def get(client, path, status=200):
    response = client.get(API + path)
    assert response.status_code == status, response.content
    return response.json()


def error_fields(body) -> set[str]:
    return {e["field"] for e in body["errors"]}


def propose(world, children, **extra):
    body = {"child_ids": [str(c.pk) for c in children], "reason": "Child disclosed abuse to a teacher today", **extra}
    return post(world.client(world.social_worker), "/protection/strategy-discussions", body, 201)


def attendance_all(discussion, value="present"):
    return [{"invitation_id": i["id"], "attendance": value} for i in discussion["invitations"] if not i["removed"]]


def record_payload(world, discussion, **overrides):
    today = timezone.localdate()
    child_id = discussion["children"][0]["id"]
    payload = {
        "held_on": today.isoformat(),
        "information_shared": "Police: no previous. School: recent change in behaviour. Health: missed checks.",
        "attendance": attendance_all(discussion),
        "section_47": "joint",
        "section_47_reason": "Reasonable cause to suspect significant harm from the disclosure",
        "abe_interview_planned": "yes",
        "abe_police_investigator": "DC Example",
        "abe_social_worker_role": "Social worker co-leads the interview plan and keeps the focus on welfare",
        "medical_examination": "no",
        "medical_examination_reason": "Non-recent abuse, outside the forensic window; no injuries reported",
        "psas_referral": "yes",
        "psas_referral_reason": "PSAS to advise on health and therapeutic needs despite non-recent disclosure",
        "actions": [
            {
                "description": "Arrange ABE interview",
                "owner_id": world.police.pk,
                "due_on": today.isoformat(),
                "child_id": child_id,
            }
        ],
    }
    payload.update(overrides)
    return payload


def hold_discussion(world, children, **overrides):
    discussion = propose(world, children, **overrides.pop("propose", {}))
    return post(
        world.client(world.social_worker),
        f"/protection/strategy-discussions/{discussion['id']}/record",
        record_payload(world, discussion, **overrides),
    )


def record_through_tasks(client, kind: str, meeting_id, data: dict):
    """Record a meeting as a practitioner now does: each section of its task list in turn (each page
    takes only its own questions from `data`), then "Check and submit". Returns the first section page
    that did not continue (it shows errors), else the response to submitting."""
    import re

    base = f"/protection/meetings/{kind}/{meeting_id}/record/"
    page = client.get(base)
    if page.status_code != 200:
        return page
    keys = re.findall(rf'href="{base}([a-z0-9-]+)/"', page.content.decode())
    for key in [k for k in keys if k not in ("check-and-submit", "other-children")]:
        response = client.post(f"{base}{key}/", data)
        if response.status_code != 302:
            return response
    return client.post(f"{base}check-and-submit/", {})
