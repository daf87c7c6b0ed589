"""The "ask for information" token says nothing about the hidden record, and is only the asker's."""

import base64
import binascii
import contextlib
from datetime import date, timedelta

import pytest
from django.utils import timezone

from safeguard.access.errors import NotFound
from safeguard.access.models import EnquiryReference, InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.people.matching import MatchDetails, find_candidates, person_from_enquiry_token
from safeguard.testing.factories import AgencyFactory, PersonFactory, TeamFactory, involve, practitioner_with_role


@pytest.fixture
def hidden_and_token(db):
    police = AgencyFactory(name="Fictionshire Police")
    team = TeamFactory(agency=police, name="Public protection unit")
    hidden = PersonFactory(given_name="Jayden", family_name="Marsh", date_of_birth=date(2011, 6, 2),
                           recorded_by_agency=police)
    involve(hidden, team=team, kind=InvolvementKind.TEAM_EPISODE)
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    [candidate] = find_candidates(
        actor=worker, details=MatchDetails(given_name="Jayden", family_name="Marsh", date_of_birth=date(2011, 6, 2))
    )
    assert not candidate.visible
    return hidden, worker, candidate.enquiry_token


def _decodings(token: str) -> list[bytes]:
    out = []
    for part in [token, *token.replace(":", ".").split(".")]:
        padded = part + "=" * (-len(part) % 4)
        for decode in (base64.urlsafe_b64decode, base64.b64decode):
            with contextlib.suppress(binascii.Error, ValueError):
                out.append(decode(padded))
    return out


def test_the_token_does_not_decode_to_the_persons_id(hidden_and_token):
    hidden, worker, token = hidden_and_token
    ids = {str(hidden.pk), hidden.pk.hex, str(hidden.pk).upper()}
    assert not any(i in token for i in ids)
    for decoded in _decodings(token):
        assert hidden.pk.bytes not in decoded
        assert not any(i.encode() in decoded for i in ids)
    assert person_from_enquiry_token(token, actor=worker) == hidden


def test_the_token_works_only_for_who_was_given_it_and_only_for_a_day(hidden_and_token):
    hidden, worker, token = hidden_and_token
    with pytest.raises(NotFound):
        person_from_enquiry_token(token, actor=practitioner_with_role(Role.SOCIAL_WORKER))
    EnquiryReference.objects.filter(token=token).update(created_at=timezone.now() - timedelta(hours=25))
    with pytest.raises(NotFound):
        person_from_enquiry_token(token, actor=worker)
