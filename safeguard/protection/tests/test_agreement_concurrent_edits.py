"""Two practitioners editing one draft agreement: the second save is refused, nothing typed is lost."""

from __future__ import annotations

from safeguard.protection.models import WrittenAgreement

FIRST = "Mum will take Sam to school every day this term. Dad will not visit the house."
THEIRS = "Mum will take Sam to school every day. Grandma will collect Sam on Fridays."
MINE = "Mum will take Sam to school every day. Dad will phone before he visits."


def _open(c, url):
    html = c.get(url).content.decode()
    assert 'name="version"' in html
    return html


def test_a_save_over_a_draft_changed_meanwhile_is_409_and_keeps_what_was_typed(world):
    c = world.client(world.social_worker)
    new = c.post(
        f"/protection/children/{world.pupil.pk}/agreements/new/", {"parties": "Alice Fictional", "body": FIRST}
    )
    url = new["Location"]
    agreement = WrittenAgreement.objects.get()
    assert agreement.version == 1
    _open(c, url)  # both open the draft at version 1
    theirs = c.post(url, {"parties": "Alice Fictional", "body": THEIRS, "version": "1"})
    assert theirs.status_code == 302
    mine = c.post(url, {"parties": "Alice Fictional", "body": MINE, "version": "1"})
    assert mine.status_code == 409
    html = mine.content.decode()
    assert "Someone else saved this agreement after you opened it" in html
    assert MINE in html and THEIRS in html  # my text in the form, theirs shown beside it
    assert 'name="version" value="2"' in html
    agreement.refresh_from_db()
    assert (agreement.body, agreement.version) == (THEIRS, 2)
    # Having seen theirs, saving again (now at version 2) is accepted.
    again = c.post(url, {"parties": "Alice Fictional", "body": MINE, "version": "2"})
    assert again.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.body, agreement.version) == (MINE, 3)
