"""Finding existing records for the details typed at intake or search.

The interface the front door and search use. Blocking in SQL over the person index
(`safeguard.matching`), scored by the trained Splink model: ranked candidates with a match
probability and a plain explanation of which fields agreed; an exact NHS number match first.

Candidates the actor may not see are returned only as "a record exists, held by <agency>"
(`Candidate.visible` False): callers must show nothing else about them, and offer
`record_enquiry` ("ask for information"), which is audited.
"""

from __future__ import annotations

import dataclasses
import functools
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.audit import audit_record
from safeguard.access.errors import InvalidInput, NotFound
from safeguard.access.models import AuditAction, EnquiryReference, Involvement
from safeguard.matching.search import search_index
from safeguard.people.models import Person
from safeguard.people.validation import (  # MIN_ENQUIRY_REASON is imported from here too
    ENQUIRY_ANSWER_REQUIRED,
    ENQUIRY_REASON_TOO_SHORT,
    MIN_ENQUIRY_REASON,
)

MAX_CANDIDATES = 10
#: below this a candidate is noise, not a possible match (an NHS number match is always shown)
MIN_PROBABILITY = 0.001
#: a record the actor may not see is mentioned ("held by …: ask for information") only at this
#: match probability or above, or when the NHS number agrees
ENQUIRY_MIN_PROBABILITY = 0.5
ENQUIRY_TOKEN_LIFETIME = timedelta(hours=24)


@dataclasses.dataclass(frozen=True)
class MatchDetails:
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    sex: str = ""
    postcode: str = ""
    address: str = ""
    nhs_number: str = ""

    def as_query(self) -> dict:
        return {
            "given_name": self.given_name or None,
            "family_name": self.family_name or None,
            "date_of_birth": self.date_of_birth,
            "sex": self.sex or None,
            "postcode": self.postcode or None,
            "address": self.address or None,
            "nhs_number": self.nhs_number or None,
        }

    def fields_used(self) -> list[str]:
        return [f.name for f in dataclasses.fields(self) if getattr(self, f.name)]


@dataclasses.dataclass(frozen=True)
class Candidate:
    person: Person
    match_probability: float
    explanation: list[str]
    visible: bool
    held_by: str  # the agency that recorded the person, for "ask for information"
    match_weight: float = 0.0
    nhs_number_agrees: bool = False
    actor: Any = dataclasses.field(default=None, repr=False, compare=False)

    @property
    def explanation_text(self) -> str:
        """ "NHS number agrees; family name similar; date of birth: day and month swapped"."""
        text = "; ".join(self.explanation)
        return text[:1].upper() + text[1:]

    @property
    def enquiry_message(self) -> str:
        return f"A record exists held by {self.held_by}: ask for information"

    @functools.cached_property
    def enquiry_token(self) -> str:
        """A random reference to the record for `record_enquiry`, for this actor only: it encodes
        nothing (a signed id would base64-decode to the person's id). Minted when first shown."""
        return enquiry_token_for(actor=self.actor, person=self.person)


def enquiry_token_for(*, actor, person: Person) -> str:
    fresh = EnquiryReference.objects.filter(
        practitioner=actor, person=person, created_at__gt=timezone.now() - ENQUIRY_TOKEN_LIFETIME / 2
    ).first()
    if fresh is None:
        fresh = EnquiryReference.objects.create(practitioner=actor, person=person)
    return fresh.token


def held_by(person: Person) -> str:
    return person.recorded_by_agency.name if person.recorded_by_agency else "another agency"


def find_candidates(
    *, actor, details: MatchDetails, limit: int = MAX_CANDIDATES, min_probability: float = MIN_PROBABILITY
) -> list[Candidate]:
    """Ranked candidates; an exact NHS number match first. Not audited here: callers audit."""
    matches = [
        m for m in search_index(details.as_query()) if m.nhs_number_agrees or m.match_probability >= min_probability
    ][: limit * 2]  # a few spare in case some are merged records
    if not matches:
        return []
    people = {
        p.pk: p
        for p in Person.objects.filter(pk__in=[m.record_id for m in matches], merged_into__isnull=True)
        .select_related("recorded_by_agency")
        .prefetch_related("identifiers")
    }
    visible_ids = set(
        records.visible(actor, "view", Person.objects.filter(pk__in=list(people))).values_list("pk", flat=True)
    )
    candidates = []
    for match in matches:
        person = people.get(match.record_id)
        if person is None:
            continue
        candidates.append(
            Candidate(
                person=person,
                match_probability=round(match.match_probability, 4),
                explanation=list(match.explanation),
                visible=person.pk in visible_ids,
                held_by=held_by(person),
                match_weight=round(match.match_weight, 2),
                nhs_number_agrees=match.nhs_number_agrees,
                actor=actor,
            )
        )
    return candidates[:limit]


def details_from_input(data: dict) -> MatchDetails:
    """MatchDetails from typed input, with field errors for what cannot be used."""
    from safeguard.matching.standardise import normalise_nhs_number, standardise_sex

    errors: dict[str, list[str]] = {}
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    if cleaned.get("nhs_number"):
        try:
            normalise_nhs_number(cleaned["nhs_number"])
        except ValueError:
            errors["nhs_number"] = ["NHS number must be 10 digits with a valid check digit, like 943 476 5919"]
    if cleaned.get("sex") and cleaned["sex"].upper() not in ("U", "UNKNOWN") and not standardise_sex(cleaned["sex"]):
        errors["sex"] = ["Sex must be M, F or left blank"]
    details = MatchDetails(
        **{
            f.name: cleaned.get(f.name) or ("" if f.name != "date_of_birth" else None)
            for f in dataclasses.fields(MatchDetails)
        }
    )
    if not errors and not any(
        getattr(details, f) for f in ("given_name", "family_name", "date_of_birth", "nhs_number", "postcode")
    ):
        errors["body"] = ["Enter a name, a date of birth, a postcode or an NHS number"]
    if errors:
        raise InvalidInput(errors)
    return details


def person_match(*, actor, details: MatchDetails, limit: int = MAX_CANDIDATES) -> list[Candidate]:
    """find_candidates for a practitioner (API, intake), audited; 404 for roles that may not search."""
    records.require(actor, "search", Person)
    candidates = [
        c
        for c in find_candidates(actor=actor, details=details, limit=limit)
        if c.visible or c.nhs_number_agrees or c.match_probability >= ENQUIRY_MIN_PROBABILITY
    ]
    audit_match(actor=actor, details=details, candidates=candidates, purpose="person match")
    return candidates


def audit_match(*, actor, details: MatchDetails, candidates: list[Candidate], purpose: str) -> None:
    """Audit a match or search: the fields used and the records returned, never the terms."""
    audit_record(
        actor=actor,
        action=AuditAction.SEARCH,
        object_type="people.person",
        purpose=purpose,
        detail={
            "fields": details.fields_used(),
            "results": [str(c.person.pk) for c in candidates if c.visible],
            "held_elsewhere": [str(c.person.pk) for c in candidates if not c.visible],
        },
    )


def person_from_enquiry_token(token: str, *, actor) -> Person:
    """The person behind a token given to `actor` within the last day; 404 for anything else."""
    reference = (
        EnquiryReference.objects.filter(
            token=str(token or "")[:64], practitioner=actor, created_at__gt=timezone.now() - ENQUIRY_TOKEN_LIFETIME
        )
        .select_related("person__recorded_by_agency")
        .first()
    )
    if reference is None or getattr(actor, "pk", None) is None:
        raise NotFound()
    return reference.person


def _holding_team(person: Person):
    """The team to ask: one holding an active involvement, else the recorder's team in that agency."""
    involvement = Involvement.objects.active().filter(person=person, team__isnull=False).select_related("team").first()
    if involvement is not None:
        return involvement.team
    creator = person.created_by
    if creator is not None:
        membership = creator.primary_membership
        if membership is not None:
            return membership.team
    return None


@transaction.atomic
def record_enquiry(*, actor, person_id, reason: str):
    """ "A record exists held by X: ask for information" — audited, and a task for the holding team.

    Returns the task created (None when no holding team is known).
    """
    from safeguard.core.services import task_create

    records.require(actor, "search", Person)
    reason = (reason or "").strip()
    try:
        person = Person.objects.select_related("recorded_by_agency", "created_by").get(
            pk=person_id, merged_into__isnull=True
        )
    except (Person.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if len(reason) < MIN_ENQUIRY_REASON:
        raise InvalidInput({"reason": [ENQUIRY_REASON_TOO_SHORT]})
    team = _holding_team(person)
    task = None
    if team is not None:
        from safeguard.people.models import RecordEnquiry

        agency = actor.primary_agency
        enquiry = RecordEnquiry.objects.create(person=person, team=team, asked_by=actor, reason=reason)
        task = task_create(
            kind="information_enquiry",
            title=f"Information enquiry from {actor.get_full_name() or actor.get_username()}"
            f"{f' ({agency.name})' if agency else ''}",
            due_on=None,
            team=team,
            person=person,
            source=enquiry,
        )
    audit_record(
        actor=actor,
        action=AuditAction.ENQUIRY,
        object_type="people.person",
        object_id=str(person.pk),
        person=person,
        purpose=reason[:500],
        detail={"held_by": held_by(person), "task": str(task.pk) if task else ""},
    )
    return task


@transaction.atomic
def record_enquiry_answer(*, actor, enquiry, answer: str):
    """The holding team says what it told the practitioner who asked: the enquiry's task closes,
    and the practitioner who asked finds the answer on their "Your work"."""
    from safeguard.core.services import task_create, tasks_complete_for

    records.require(actor, "answer", enquiry)
    if enquiry.answered_at is not None:
        raise InvalidInput({"answer": ["This enquiry has already been answered"]})
    answer = (answer or "").strip()
    if len(answer) < 5:
        raise InvalidInput({"answer": [ENQUIRY_ANSWER_REQUIRED]})
    enquiry.answer, enquiry.answered_by, enquiry.answered_at = answer, actor, timezone.now()
    enquiry.save(update_fields=["answer", "answered_by", "answered_at"])
    tasks_complete_for(source=enquiry, kinds=["information_enquiry"], outcome=answer)
    task_create(
        kind="information_enquiry_answered",
        title=f"{enquiry.team.agency.name} answered your enquiry about a record they hold",
        due_on=None,
        assignee=enquiry.asked_by,
        source=enquiry,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="people.recordenquiry",
        object_id=str(enquiry.pk),
        person=enquiry.person,
        purpose="answered an enquiry about a record held",
    )
    return enquiry


def record_enquiry_read(*, actor, enquiry) -> None:
    """The practitioner who asked has read the answer: their task is done."""
    from safeguard.core.services import tasks_complete_for

    if enquiry.answered_at is not None:
        tasks_complete_for(source=enquiry, kinds=["information_enquiry_answered"], assignee=actor, outcome="Read")
