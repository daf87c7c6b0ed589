"""Duplicate records: finding likely duplicates, merging them, and undoing a merge.

Never silent: nothing here runs on its own. A manager with change access to both records
(`access.records`, "make" on the merge) looks at the two side by side and decides.

A merge points every row that refers to the duplicate (identifiers, names, addresses,
relationships, household memberships, chronology, involvements, tasks, and any later app's
rows) at the survivor, and records exactly which rows moved in a `MergeRecord`. The duplicate
is kept with `merged_into` set (hidden from search and matching). Undoing points exactly those
rows back. Rows that cannot move are left on the duplicate and said so: a second identifier of a
type the survivor already has, and a relationship between the two records themselves.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections import defaultdict

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from safeguard.access import records
from safeguard.access.audit import audit_record
from safeguard.access.errors import InvalidInput, NotFound
from safeguard.access.models import AuditAction
from safeguard.core.models import EventType
from safeguard.core.paging import DEFAULT_PAGE_SIZE, KeysetPage, keyset_page
from safeguard.core.services import chronology_event_record
from safeguard.people.codes import IdentifierType
from safeguard.people.duplicates import forget_pair, forget_pairs_of
from safeguard.people.models import (
    LikelyDuplicate,
    MergeRecord,
    NotDuplicate,
    Person,
    PersonIdentifier,
    PersonName,
    Relationship,
)
from safeguard.people.validation import MERGE_REASON_REQUIRED

#: rows that belong to the record itself, not to the person's history: never moved
_NOT_MOVED = {"matching.personindexentry", "people.mergerecord", "people.notduplicate", "people.person"}
MIN_REVIEW_PROBABILITY = 0.8
MIN_MERGE_REASON = 10


# --- finding likely duplicates ---------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class DuplicatePair:
    first: Person
    second: Person
    match_probability: float
    explanation: list[str]

    @property
    def explanation_text(self) -> str:
        text = "; ".join(self.explanation)
        return text[:1].upper() + text[1:]


def likely_duplicates(
    *,
    actor,
    min_probability: float = MIN_REVIEW_PROBABILITY,
    cursor: str | None = None,
    size: int = DEFAULT_PAGE_SIZE,
) -> KeysetPage:
    """A page of pairs of records the actor may change that the model thinks are one person, most
    likely first.

    Read from the precomputed queue (`safeguard.people.duplicates`, refreshed by the scheduled
    work): likely relatives (given names differ outright) are not in it, and pairs a practitioner
    has marked as different people or merged are left out at once. The audit entry names the
    records on the page.
    """
    records.require(actor, "review", LikelyDuplicate)
    qs = (
        LikelyDuplicate.objects.select_related("person_a", "person_b")
        .filter(
            match_probability__gte=min_probability,
            person_a__merged_into__isnull=True,
            person_b__merged_into__isnull=True,
        )
        .exclude(Exists(NotDuplicate.objects.filter(person_a=OuterRef("person_a"), person_b=OuterRef("person_b"))))
    )
    visible = records.rows(actor, "people.person", "change")
    if visible.children:  # not every record: both must be among those the actor may change
        # The filter on each side itself (`person_a_id IN (the team's involvements)`), not
        # `IN (people matching it)`: PostgreSQL cannot estimate that hop and scanned every person
        # in the county to build it (250 ms at 1M), for a team of a few thousand. Each person once
        # (DISTINCT): the database then starts from the team's people and their pairs and sorts
        # those, instead of walking the whole queue in weight order probing the team for each pair
        # (84k pairs at 1M, most of them other teams').
        qs = qs.filter(_through(visible, "person_a"), _through(visible, "person_b"))
    page = keyset_page(qs, order=("-match_weight", "pk"), cursor=cursor, size=size)
    page.items = [
        DuplicatePair(row.person_a, row.person_b, row.match_probability, list(row.explanation)) for row in page.items
    ]
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type="people.likelyduplicate",
        purpose="possible duplicate records",
        detail={"people": [[str(p.first.pk), str(p.second.pk)] for p in page.items]},
    )
    return page


def _through(q: Q, field: str) -> Q:
    """A filter on Person, applied to the person a row's `field` names; a subquery of people in it
    names each person once (the same rows, a smaller join to start from)."""
    moved = Q(*(_through(c, field) if isinstance(c, Q) else (f"{field}__{c[0]}", _once(c[1])) for c in q.children))
    moved.connector, moved.negated = q.connector, q.negated
    return moved


def _once(value):
    """`value`, each row once when it is a subquery: `IN` means the same either way."""
    return value.distinct() if isinstance(value, QuerySet) and not value.query.combinator else value


def pair_comparison(*, actor, first_id, second_id) -> DuplicatePair:
    """Two records side by side for review, with the model's view of them. 404 unless mergeable."""
    from safeguard.matching.index import SCORING_COLUMNS, name_frequencies, row_as_record
    from safeguard.matching.models import PersonIndexEntry
    from safeguard.matching.scoring import score_pair
    from safeguard.people.duplicates import queue_model

    first, second = _pair(first_id, second_id)
    records.require(actor, "make", MergeRecord(survivor=first, merged=second))
    rows = defaultdict(list)
    for row in PersonIndexEntry.objects.filter(person_id__in=[first.pk, second.pk]).values(*SCORING_COLUMNS):
        rows[row["person_id"]].append(row_as_record(row))
    model = queue_model()  # the queue's prior, for as many people as it was scored among
    frequencies = name_frequencies([r for person_rows in rows.values() for r in person_rows])
    scored = [score_pair(a, b, model=model, frequencies=frequencies) for a in rows[first.pk] for b in rows[second.pk]]
    best = max(scored, key=lambda m: m.match_weight, default=None)
    return DuplicatePair(
        first, second, round(best.match_probability, 4) if best else 0.0, list(best.explanation) if best else []
    )


def _pair(first_id, second_id) -> tuple[Person, Person]:
    try:
        ids = [uuid.UUID(str(first_id)), uuid.UUID(str(second_id))]
        people = Person.objects.in_bulk(ids)
        first, second = people[ids[0]], people[ids[1]]
    except (KeyError, ValueError, TypeError):
        raise NotFound() from None
    if first.pk == second.pk or first.merged_into_id or second.merged_into_id:
        raise NotFound()
    return first, second


# --- merging and undoing ---------------------------------------------------------------


def _person_references():
    """(label, model, field name) for every foreign key to Person outside the record itself."""
    for rel in Person._meta.related_objects:
        model = rel.related_model
        label = model._meta.label_lower
        if label in _NOT_MOVED or not (rel.one_to_many or rel.one_to_one):
            continue
        yield f"{label}.{rel.field.name}", model, rel.field.name


@transaction.atomic
def person_merge(*, actor, survivor: Person, duplicate: Person, reason: str, match_probability=None) -> MergeRecord:
    """Merge `duplicate` into `survivor`. Audited; undone with `person_unmerge`."""
    survivor, duplicate = (
        Person.objects.select_for_update().get(pk=survivor.pk),
        Person.objects.select_for_update().get(pk=duplicate.pk),
    )
    if survivor.pk == duplicate.pk or survivor.merged_into_id or duplicate.merged_into_id:
        raise NotFound()
    records.require(actor, "make", MergeRecord(survivor=survivor, merged=duplicate))
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if len(reason) < MIN_MERGE_REASON:
        errors["reason"] = [MERGE_REASON_REQUIRED]
    nhs = dict(
        PersonIdentifier.objects.filter(
            person__in=[survivor, duplicate], id_type=IdentifierType.NHS_NUMBER
        ).values_list("person_id", "value")
    )
    if len(nhs) == 2:
        errors["survivor"] = ["These records have different NHS numbers: they are different people"]
    if errors:
        raise InvalidInput(errors)

    survivor_id_types = set(survivor.identifiers.values_list("id_type", flat=True))
    moved: dict[str, list] = {}
    kept: dict[str, int] = {}
    for key, model, field in _person_references():
        qs = model._default_manager.filter(**{field: duplicate})
        if model is PersonIdentifier:
            kept[key] = qs.filter(id_type__in=survivor_id_types).count()
            qs = qs.exclude(id_type__in=survivor_id_types)
        if model is Relationship:  # a relationship between the two records cannot become self-referencing
            other = "to_person" if field == "from_person" else "from_person"
            kept[key] = qs.filter(**{other: survivor}).count()
            qs = qs.exclude(**{other: survivor})
        pks = list(qs.values_list("pk", flat=True))
        if not pks:
            continue
        try:
            with transaction.atomic():
                model._default_manager.filter(pk__in=pks).update(**{field: survivor})
        except IntegrityError:
            kept[key] = kept.get(key, 0) + len(pks)
            continue
        moved[key] = [str(pk) for pk in pks]

    created: dict[str, list] = {}
    known = {(survivor.given_name.lower(), survivor.family_name.lower())} | {
        (n.given_name.lower(), n.family_name.lower()) for n in survivor.other_names.all()
    }
    if (duplicate.given_name.lower(), duplicate.family_name.lower()) not in known:
        alias = PersonName.objects.create(
            person=survivor, name_type="alias", given_name=duplicate.given_name, family_name=duplicate.family_name
        )
        created["people.personname"] = [str(alias.pk)]

    duplicate.merged_into = survivor
    duplicate.save(update_fields=["merged_into", "updated_at"])
    forget_pairs_of(duplicate.pk)
    record = MergeRecord.objects.create(
        survivor=survivor,
        merged=duplicate,
        match_probability=match_probability,
        reason=reason[:500],
        moved=moved,
        created=created,
        merged_by=actor,
    )
    _reindex(survivor, duplicate)
    chronology_event_record(
        person=survivor,
        event_type=EventType.OTHER,
        occurred_on=timezone.localdate(),
        summary="A duplicate record of this person was merged into this one",
        actor=actor,
        source=record,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="people.mergerecord",
        object_id=str(record.pk),
        person=survivor,
        purpose=f"merged a duplicate record: {reason}"[:500],
        detail={
            "event": "merge",
            "survivor": str(survivor.pk),
            "merged": str(duplicate.pk),
            "moved": {k: len(v) for k, v in moved.items()},
            "kept_on_merged": {k: v for k, v in kept.items() if v},
            "match_probability": match_probability,
        },
    )
    return record


@transaction.atomic
def person_unmerge(*, actor, merge: MergeRecord, reason: str = "") -> MergeRecord:
    """Undo a merge: exactly the rows that moved go back, rows the merge created are removed."""
    merge = MergeRecord.objects.select_for_update().select_related("survivor", "merged").get(pk=merge.pk)
    survivor, duplicate = merge.survivor, merge.merged
    if merge.undone_at is not None or duplicate.merged_into_id != survivor.pk:
        raise NotFound()
    # After the merge everything (involvements included) sits on the survivor: change access to it decides.
    records.require(actor, "undo", merge)
    for key, pks in merge.moved.items():
        label, field = key.rsplit(".", 1)
        model = apps.get_model(label)
        pk_field = model._meta.pk
        values = [pk_field.to_python(pk) for pk in pks]
        model._default_manager.filter(pk__in=values, **{field: survivor}).update(**{field: duplicate})
    for label, pks in merge.created.items():
        model = apps.get_model(label)
        model._default_manager.filter(pk__in=[model._meta.pk.to_python(pk) for pk in pks]).delete()
    duplicate.merged_into = None
    duplicate.save(update_fields=["merged_into", "updated_at"])
    merge.undone_by, merge.undone_at = actor, timezone.now()
    merge.save(update_fields=["undone_by", "undone_at"])
    _reindex(survivor, duplicate)
    for person in (survivor, duplicate):
        chronology_event_record(
            person=person,
            event_type=EventType.OTHER,
            occurred_on=timezone.localdate(),
            summary="A merge of two records of this person was undone",
            actor=actor,
            source=merge,
        )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="people.mergerecord",
        object_id=str(merge.pk),
        person=survivor,
        purpose=f"undid a merge{': ' + reason.strip() if reason.strip() else ''}"[:500],
        detail={"event": "unmerge", "survivor": str(survivor.pk), "merged": str(duplicate.pk)},
    )
    return merge


@transaction.atomic
def mark_not_duplicate(*, actor, first: Person, second: Person) -> NotDuplicate:
    records.require(actor, "make", MergeRecord(survivor=first, merged=second))
    a, b = sorted([first, second], key=lambda p: str(p.pk))
    row, _ = NotDuplicate.objects.get_or_create(person_a=a, person_b=b, defaults={"decided_by": actor})
    forget_pair(a.pk, b.pk)
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="people.notduplicate",
        object_id=str(row.pk),
        person=a,
        purpose="decided two records are different people",
        detail={"event": "not_duplicate", "people": [str(a.pk), str(b.pk)]},
    )
    return row


def _reindex(*people: Person) -> None:
    from safeguard.matching.index import reindex_people

    reindex_people([p.pk for p in people])
