"""GOV.UK pages: what a practitioner sees and can do."""

from __future__ import annotations

from django.utils import timezone

from safeguard.protection.models import Invitation, Plan, ReconveneReview, WrittenAgreement
from safeguard.protection.tests.helpers import hold_discussion, propose
from safeguard.protection.tests.test_agreements import COMPLEX


def test_discussion_page_shows_invitees_gaps_and_records_meeting(world):
    d = propose(world, [world.half_sibling], sexual_abuse_suspected=True)
    c = world.client(world.social_worker)
    html = c.get(f"/protection/strategy-discussions/{d['id']}/").content.decode()
    assert "Paediatric sexual assault service paediatrician" in html
    # A gap reads in words and leads to the directory, where the invitee can be named.
    assert "no one named yet" in html
    assert "/directory/?invitation=" in html and "Find someone" in html
    assert (
        world.outsider
        and world.client(world.outsider).get(f"/protection/strategy-discussions/{d['id']}/").status_code == 404
    )
    # A section continued without its decisions shows the service's field errors in an error summary on
    # that section's page; nothing is recorded.
    url = f"/protection/meetings/strategy-discussion/{d['id']}/record/investigation/"
    response = c.post(url, {"held_on": timezone.localdate().isoformat()})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Record whether a medical examination will happen" in page


def test_child_summary_shows_clocks_and_worker_count(world):
    hold_discussion(world, [world.pupil])
    html = world.client(world.social_worker).get(f"/protection/children/{world.pupil.pk}/").content.decode()
    assert "Initial child protection conference" in html
    assert "Social workers in the last 12 months" in html


def test_agreement_editor_shows_plain_english_feedback_and_pdf_link(world):
    c = world.client(world.social_worker)
    response = c.post(
        f"/protection/children/{world.pupil.pk}/agreements/new/", {"parties": "Alice Fictional", "body": COMPLEX}
    )
    agreement = WrittenAgreement.objects.get()
    assert response.status_code == 302
    html = c.get(response["Location"]).content.decode()
    assert "Make this easier to read" in html and "Say what happens if the agreement is not kept" in html
    pdf = c.get(f"/protection/agreements/{agreement.pk}/pdf/")
    assert pdf.content.startswith(b"%PDF")


def test_plan_page_blocks_finalising_until_sibling_decisions(world):
    from safeguard.protection.tests.helpers import post
    from safeguard.protection.tests.test_conferences_plans import _icpc, _record

    hold_discussion(world, [world.toddler])
    conf = _icpc(world, world.toddler)
    post(world.client(world.chair), f"/protection/conferences/{conf['id']}/record", _record(world, conf))
    plan = Plan.objects.get()
    c = world.client(world.social_worker)
    html = c.post(f"/protection/plans/{plan.pk}/").content.decode()
    assert "The plan cannot be finalised yet" in html and "No decision yet" in html
    c.post(
        f"/protection/plan/{plan.pk}/other-children/",
        {"other_child_id": str(world.pupil.pk), "decision": "included", "reason": "Same household and same risk"},
    )
    assert "Included in this plan" in c.get(f"/protection/plans/{plan.pk}/").content.decode()


def test_reconvene_page_records_decision(world):
    hold_discussion(world, [world.pupil])
    c = world.client(world.dsl)
    from safeguard.protection.tests.helpers import post

    review = post(
        c,
        "/protection/reconvene-requests",
        {"child_id": str(world.pupil.pk), "reason": "New disclosure at school"},
        201,
    )
    sw = world.client(world.social_worker)
    assert "New disclosure at school" in sw.get("/protection/").content.decode()
    sw.post(f"/protection/reconvene/{review['id']}/", {"decision": "no_change", "reason": "Already addressed in plan"})
    assert ReconveneReview.objects.get().decision == "no_change"


def test_a_meeting_with_no_invitations_on_record_says_so_instead_of_an_empty_table(world):
    # Meetings held before invitations were recorded (imported or migrated histories) have none.
    d = propose(world, [world.half_sibling])
    Invitation.objects.filter(discussion_id=d["id"]).delete()
    html = world.client(world.social_worker).get(f"/protection/strategy-discussions/{d['id']}/").content.decode()
    assert "No invitations were recorded for this meeting." in html
    assert "Who is invited and why" not in html
