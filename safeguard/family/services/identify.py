"""Identifying someone a health setting sees: the subject's details and the one confident match."""

from __future__ import annotations

import dataclasses
from datetime import date

from safeguard.people.identifiers import normalise_nhs_number
from safeguard.people.matching import MatchDetails, find_candidates
from safeguard.people.models import Person, PersonIdentifier
from safeguard.people.validation import FAMILY_NAME_REQUIRED, Errors

# A demographic match must be at least this likely, and the only one that is, to be shown.
CONFIDENT_MATCH = 0.9


class ReferralNotReceived(Exception):
    """No front door receiver took the referral: nothing was saved; the clinician should phone."""


@dataclasses.dataclass(frozen=True)
class Subject:
    """How a health setting identifies a person: NHS number, or name and date of birth."""

    nhs_number: str = ""
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    postcode: str = ""


def _subject_errors(subject: Subject, prefix: str = "") -> None:
    errors = Errors()
    if subject.nhs_number:
        if not normalise_nhs_number(subject.nhs_number) or len(normalise_nhs_number(subject.nhs_number)) != 10:
            errors.add(f"{prefix}nhs_number", "Enter a 10-digit NHS number")
    elif not (subject.family_name.strip() and subject.date_of_birth):
        errors.add(f"{prefix}nhs_number", "Enter an NHS number, or a last name and date of birth")
        if not subject.family_name.strip():
            errors.add(f"{prefix}family_name", FAMILY_NAME_REQUIRED)
        if not subject.date_of_birth:
            errors.add(f"{prefix}date_of_birth", "Enter a date of birth")
    errors.raise_if_any()


def identify(*, actor, subject: Subject) -> Person | None:
    """The one person confidently matching the subject, or None. No access decision: callers show
    only the minimal view and audit the look-up."""
    _subject_errors(subject)
    if subject.nhs_number:
        row = PersonIdentifier.objects.select_related("person").filter(
            id_type="nhs_number", value=normalise_nhs_number(subject.nhs_number)
        )
        return row[0].person if row else None
    candidates = find_candidates(
        actor=actor,
        details=MatchDetails(
            given_name=subject.given_name,
            family_name=subject.family_name,
            date_of_birth=subject.date_of_birth,
            postcode=subject.postcode,
        ),
    )
    confident = [c for c in candidates if c.match_probability >= CONFIDENT_MATCH]
    return confident[0].person if len(confident) == 1 else None
