"""Written agreements: plain-English checks through the API, consequences required, PDF."""

from __future__ import annotations

from safeguard.protection import plain_english
from safeguard.protection.tests.helpers import API, error_fields, post

COMPLEX = (
    "The parents will ensure compliance with the safeguarding arrangements stipulated in the child protection "
    "plan, facilitating unannounced statutory visits notwithstanding any inconvenience occasioned thereby."
)
PLAIN = "We will visit you every week. You will let us see the children. Bert will not stay in the house."
CONSEQUENCES = "If you do not keep to this, we will hold a meeting and we may go to court."


def test_agreement_flagged_for_reading_age_jargon_and_missing_consequences(world):
    c = world.client(world.social_worker)
    body = post(
        c,
        "/protection/agreements",
        {"child_id": str(world.pupil.pk), "parties": "Alice Fictional", "body": COMPLEX},
        201,
    )
    assert body["reading_age_too_high"] is True and body["reading_age"] > plain_english.MAX_READING_AGE
    assert body["consequences_missing"] is True
    assert {"safeguarding", "compliance", "statutory"} <= set(body["jargon"])
    assert body["long_sentences"] == 1
    refused = post(c, f"/protection/agreements/{body['id']}/agree", {}, 422)
    assert error_fields(refused) == {"if_not_kept"}

    response = c.put(
        API + f"/protection/agreements/{body['id']}",
        {"parties": "Alice Fictional", "body": PLAIN, "if_not_kept": CONSEQUENCES},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["plain_english_problems"] == []
    agreed = post(c, f"/protection/agreements/{body['id']}/agree", {})
    assert agreed["status"] == "agreed"
    pdf = c.get(API + f"/protection/agreements/{body['id']}/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_outsider_cannot_download_agreement(world):
    c = world.client(world.social_worker)
    body = post(c, "/protection/agreements", {"child_id": str(world.pupil.pk), "parties": "Alice", "body": PLAIN}, 201)
    assert world.client(world.outsider).get(API + f"/protection/agreements/{body['id']}/pdf").status_code == 404


def test_plain_english_unit():
    report = plain_english.check(PLAIN, CONSEQUENCES)
    assert report.is_plain and report.reading_age <= plain_english.MAX_READING_AGE
    report = plain_english.check("You must comply with the plan.", "")
    assert report.consequences_missing
    assert [j.suggestion for j in report.jargon] == ["keep to"]
    assert plain_english.sentences("One. Two!\nThree?") == ["One.", "Two!", "Three?"]
