"""Finding existing records for the details typed at intake or search.

The interface the front door and search use. Candidates the actor may not see are returned only
as "a record exists, held by <agency>" (see `Candidate.visible`). The scoring behind it is
replaced by the trained Splink model (issue 5); this first version ranks by exact agreement.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from django.db.models import Q

from safeguard.access import policy
from safeguard.people.identifiers import normalise_nhs_number
from safeguard.people.models import Person

MAX_CANDIDATES = 10


@dataclasses.dataclass(frozen=True)
class MatchDetails:
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    sex: str = ""
    postcode: str = ""
    address: str = ""
    nhs_number: str = ""


@dataclasses.dataclass(frozen=True)
class Candidate:
    person: Person
    match_probability: float
    explanation: list[str]
    visible: bool
    held_by: str  # the agency that recorded the person, for "ask for information"


def _explain(person: Person, details: MatchDetails, nhs: str) -> tuple[float, list[str]]:
    reasons, score = [], 0.0
    if nhs and person.nhs_number == nhs:
        reasons.append("NHS number agrees")
        score += 0.9
    if details.family_name and person.family_name.lower() == details.family_name.strip().lower():
        reasons.append("surname agrees")
        score += 0.3
    if details.given_name and person.given_name.lower() == details.given_name.strip().lower():
        reasons.append("first name agrees")
        score += 0.2
    if details.date_of_birth and person.date_of_birth == details.date_of_birth:
        reasons.append("date of birth agrees")
        score += 0.4
    return min(score, 0.999), reasons


def find_candidates(*, actor, details: MatchDetails) -> list[Candidate]:
    """Ranked candidates; an exact NHS number match first. Not audited here: callers audit."""
    nhs = normalise_nhs_number(details.nhs_number)
    q = Q(pk__in=[])
    if nhs:
        q |= Q(identifiers__id_type="nhs_number", identifiers__value=nhs)
    if details.family_name and details.date_of_birth:
        q |= Q(family_name__iexact=details.family_name.strip(), date_of_birth=details.date_of_birth)
    if details.given_name and details.family_name:
        q |= Q(family_name__iexact=details.family_name.strip(), given_name__iexact=details.given_name.strip())
    people = list(
        Person.objects.filter(q).distinct().prefetch_related("identifiers").select_related("recorded_by_agency")[:200]
    )
    visible_ids = set(
        Person.objects.filter(pk__in=[p.pk for p in people])
        .filter(policy.visible_people_filter(actor))
        .values_list("pk", flat=True)
    )
    candidates = []
    for person in people:
        probability, reasons = _explain(person, details, nhs)
        candidates.append(
            Candidate(
                person=person,
                match_probability=probability,
                explanation=reasons,
                visible=person.pk in visible_ids,
                held_by=person.recorded_by_agency.name if person.recorded_by_agency else "another agency",
            )
        )
    candidates.sort(key=lambda c: (-("NHS number agrees" in c.explanation), -c.match_probability))
    return candidates[:MAX_CANDIDATES]
