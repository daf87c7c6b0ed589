"""The duplicate review queue, precomputed: pairs of records the matching model thinks are one person.

Scoring every candidate pair on each request made the review page take seconds at a county's size
(and grow with it). The scheduled work (`refresh_likely_duplicates`, registered in
`PeopleConfig.ready`) scores pairs into `LikelyDuplicate` instead:

- a full scan the first time, and whenever the matching model changes: every pair of index rows
  sharing one of the batch engine's blocking keys (`CANDIDATE_KEYS`; a key value shared by more
  than `MAX_KEY_GROUP` rows is skipped), streamed a key at a time;
- afterwards only people whose index rows were written since the last run started (new people, new
  names, addresses or identifiers, unmerged records): their pairs are dropped and scored again.

A pair keeps the best score over the two people's name × address rows that share a key, as the
page used to. Likely relatives (given names differ outright) and pairs a manager marked as
different people are not stored. `person_merge` and `mark_not_duplicate` remove pairs at once.

Pairs are scored with the prior for the number of people in the index
(`matching.population.model_for_population`): with one fixed prior, strangers who share a given
name and a date of birth grow with the square of the county and flooded the queue (697,059 pairs at
1M people). A full scan writes its pairs in batches as it goes (memory bounded by a batch, not the
queue) and then removes the pairs it did not find again.
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from safeguard.core.clock import real_now
from safeguard.people.models import DuplicateScan, LikelyDuplicate, NotDuplicate

#: Lowest probability stored: the page shows pairs from 0.8 (`merging.MIN_REVIEW_PROBABILITY`);
#: keeping a margin below lets a manager widen the view without a rescan.
MIN_STORED_PROBABILITY = 0.5
#: A key shared by more index rows than this is weak evidence, and pairs grow with its square
#: (the demo county has one postcode district: date of birth + district is almost date of birth).
MAX_KEY_GROUP = 25
#: Changed people rescored per transaction.
CHUNK = 2000
#: A full scan writes the pairs it has found once it holds this many.
WRITE_BATCH = 5000
#: Index rows written while the last run was starting may commit a moment later: look back this far.
OVERLAP = timedelta(minutes=5)


def model_version(population: int) -> str:
    """Which model file scores pairs now, and for about how many people: a change (a re-estimated
    model adopted, or the index doubled or halved, so every pair's prior moved) means a full rescan."""
    from safeguard.matching.model import DEFAULT_MODEL_PATH
    from safeguard.matching.population import population_band
    from safeguard.matching.search import model_path

    path = model_path()
    band = f"|people~2^{population_band(population)}"
    try:
        return f"{path}:{path.stat().st_mtime}{band}"
    except OSError:
        return f"{DEFAULT_MODEL_PATH}:{DEFAULT_MODEL_PATH.stat().st_mtime}{band}"


def queue_model(population: int | None = None):
    """The model the queue is scored with: the current one, its prior for the people indexed (at the
    last scan, when not given), so a pair's probability on the comparison page is the queue's."""
    from safeguard.matching.population import model_for_population
    from safeguard.matching.search import current_model

    if population is None:
        last = DuplicateScan.objects.first()
        population = last.people if last and last.people else indexed_people()
    return model_for_population(current_model(), population)


def indexed_people() -> int:
    """The population being de-duplicated: people with rows in the person index (merged records
    have none)."""
    from safeguard.matching.models import PersonIndexEntry

    return PersonIndexEntry.objects.values("person_id").distinct().count()


def ordered(first_id, second_id) -> tuple:
    """The two ids in the order a pair is stored (`NotDuplicate` sorts by the text of the id)."""
    return (first_id, second_id) if str(first_id) < str(second_id) else (second_id, first_id)


def refresh_likely_duplicates(*, full: bool = False, now: datetime | None = None, chunk: int = CHUNK) -> dict[str, Any]:
    """Bring the likely duplicates up to date. Idempotent: a second run with nothing changed scores nothing."""
    from safeguard.matching.models import PersonIndexEntry

    # The real clock, not a training one: the mark says which index rows this run has seen, and
    # index rows are written in real time. A run `--as-of` next week must not mark the week between
    # as scanned (changes made in it would never be rescored).
    started = real_now()
    clock = time.perf_counter()
    population = indexed_people()
    version = model_version(population)
    last = DuplicateScan.objects.first()
    full = full or last is None or last.model_version != version
    if full:
        pairs = _full_scan(population)
        people = population
    else:
        people = pairs = 0
        changed = PersonIndexEntry.objects.filter(indexed_at__gte=last.started_at - OVERLAP)
        for anchors in _in_chunks(changed, chunk):
            people += len(anchors)
            pairs += _rescore(anchors, population)
    DuplicateScan.objects.update_or_create(
        pk=1,
        defaults={"started_at": started, "finished_at": real_now(), "model_version": version,
                  "people": population, "pairs": pairs, "full": full},
    )
    return {"full": full, "people": people, "population": population, "pairs": pairs,
            "seconds": round(time.perf_counter() - clock, 2)}


def scheduled_refresh(now) -> dict[str, Any]:
    """Scheduled job: rescore people changed since the last run (everyone, the first time)."""
    return refresh_likely_duplicates(now=now)


def _key_fields() -> list[str]:
    """The batch engine's blocking rules (`CANDIDATE_KEYS`), not the real-time search's wider keys
    (a name alone, a date of birth alone): over a whole county those pair everyone born on the same
    day, tens of millions of pairs, nearly all of them strangers."""
    from safeguard.matching.models import key_field
    from safeguard.matching.scoring import CANDIDATE_KEYS

    return [key_field(k) for k in CANDIDATE_KEYS]


class _Scorer:
    """Scores row pairs and keeps, per pair of people, the best-scoring pair of their rows that may
    go on the queue (probable enough, not likely relatives, not marked as different people)."""

    def __init__(self, dismissed: set[tuple], population: int):
        self.model = queue_model(population)
        self.dismissed = dismissed
        self.best: dict[tuple, Any] = {}
        self.frequencies: dict = {}
        comparisons = {c.name: c for c in self.model.comparisons}
        self.given = comparisons.get("given_name")

    def relatives(self, left: dict, right: dict) -> bool:
        """The queue's relatives rule (`Match.likely_relative`) from the given-name comparison alone,
        before scoring the rest: most pairs sharing a home are parents, children and siblings."""
        if self.given is None or self.given.is_null(left, right):
            return False
        level = next((lv for lv in self.given.levels if lv.test is None or lv.test(left, right)), None)
        if level is None or level.label != "else":
            return False
        nhs = left.get("nhs_number")
        return not (nhs and nhs == right.get("nhs_number"))

    def add(self, left: dict, right: dict) -> None:
        from safeguard.matching.scoring import score_pair

        key = ordered(left["record_id"], right["record_id"])
        if key in self.dismissed or self.relatives(left, right):
            return
        match = score_pair(left, right, model=self.model, frequencies=self.frequencies)
        if match.match_probability < MIN_STORED_PROBABILITY or match.likely_relative:
            return
        if key not in self.best or match.match_weight > self.best[key].match_weight:
            self.best[key] = match

    def rows(self, now: datetime | None = None) -> list[LikelyDuplicate]:
        now = now or timezone.now()
        return [
            LikelyDuplicate(
                person_a_id=a, person_b_id=b, match_probability=round(m.match_probability, 4),
                match_weight=m.match_weight, explanation=list(m.explanation), scored_at=now,
            )
            for (a, b), m in self.best.items()
        ]


def _upsert(rows: list[LikelyDuplicate]) -> None:
    """Write pairs found by a full scan; a pair already written by this scan (under another key or
    pair of rows) keeps its best score, one left from an earlier scan is replaced."""
    if not rows:
        return
    fields = [LikelyDuplicate._meta.get_field(name) for name in
              ("person_a", "person_b", "match_probability", "match_weight", "explanation", "scored_at")]
    table = connection.ops.quote_name(LikelyDuplicate._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    update = ", ".join(f"{c} = excluded.{c}" for c in ("match_probability", "match_weight", "explanation", "scored_at"))
    sql = (  # names from the model's own metadata; every value is a parameter
        f"INSERT INTO {table} ({columns}) VALUES {{values}} "  # noqa: S608
        f"ON CONFLICT (person_a_id, person_b_id) DO UPDATE SET {update} "
        f"WHERE excluded.match_weight > {table}.match_weight OR {table}.scored_at < excluded.scored_at"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            batch = rows[start : start + 1000]
            params = [f.get_db_prep_save(f.value_from_object(row), connection) for row in batch for f in fields]
            cursor.execute(sql.format(values=", ".join([one] * len(batch))), params)


def _full_scan(population: int) -> int:
    """Score every candidate pair in the partnership, key by key, streaming each key's small groups
    in order (one pass per key), writing the pairs found every `WRITE_BATCH` (memory bounded by a
    batch); then the pairs not found again are removed. The page reads the old queue meanwhile.

    A pair of rows sharing several keys is scored once, under the first key they share."""
    from safeguard.matching.index import SCORING_COLUMNS
    from safeguard.matching.models import NameFrequency, PersonIndexEntry

    fields = _key_fields()
    big = {
        f: set(PersonIndexEntry.objects.filter(**{f"{f}__isnull": False}).values(f).annotate(n=Count("id"))
               .filter(n__gt=MAX_KEY_GROUP).order_by().values_list(f, flat=True))
        for f in fields
    }
    dismissed = set(NotDuplicate.objects.values_list("person_a", "person_b"))
    scorer = _Scorer(dismissed, population)
    scorer.frequencies = _all_frequencies(NameFrequency)
    stamp = timezone.now()

    def flush() -> None:
        _upsert(scorer.rows(stamp))
        scorer.best.clear()

    for i, field in enumerate(fields):
        shared = (
            PersonIndexEntry.objects.filter(**{f"{field}__isnull": False}).values(field)
            .annotate(n=Count("id")).filter(n__gt=1, n__lte=MAX_KEY_GROUP).order_by().values(field)
        )
        rows = (
            PersonIndexEntry.objects.filter(**{f"{field}__in": shared})
            .order_by(field).values("id", *SCORING_COLUMNS, *fields)
        )
        group: list[dict] = []
        value = None
        for row in rows.iterator(chunk_size=5000):
            if row[field] != value:
                _score_group(group, fields[:i], big, scorer)
                group, value = [], row[field]
            group.append(row)
            if len(scorer.best) >= WRITE_BATCH:
                flush()
        _score_group(group, fields[:i], big, scorer)
    flush()
    LikelyDuplicate.objects.filter(scored_at__lt=stamp).delete()
    return LikelyDuplicate.objects.filter(scored_at__gte=stamp).count()


def _score_group(group: list[dict], earlier: list[str], big: dict, scorer: _Scorer) -> None:
    from safeguard.matching.index import row_as_record

    if len(group) < 2:
        return
    records = [row_as_record(row) for row in group]
    for x in range(len(group)):
        for y in range(x + 1, len(group)):
            a, b = group[x], group[y]
            if a["person_id"] == b["person_id"]:
                continue
            if any(a[f] is not None and a[f] == b[f] and a[f] not in big[f] for f in earlier):
                continue  # scored under an earlier key
            scorer.add(records[x], records[y])


def _all_frequencies(model) -> dict[str, dict[str, float]]:
    """Every counted name's share (a full scan reads them all once rather than per pair)."""
    from safeguard.matching import model as match_model

    found: dict[str, dict[str, float]] = defaultdict(dict)
    for column, value, people, share in model.objects.values_list("column", "value", "people", "share"):
        if round(people / share) >= match_model.MIN_RECORDS_FOR_TERM_FREQUENCIES:
            found[column][value] = share
    return found


def _in_chunks(rows, size: int):
    """The distinct people of these index rows, `size` at a time in id order."""
    people = rows.order_by("person_id").values_list("person_id", flat=True).distinct()
    last = None
    while True:
        page = list((people.filter(person_id__gt=last) if last is not None else people)[:size])
        if not page:
            return
        yield page
        last = page[-1]


def _candidate_row_pairs(anchors: set) -> set[tuple[int, int]]:
    """(anchor row, other row) ids sharing a candidate key in a group of at most `MAX_KEY_GROUP`
    rows, the other person different (each pair once, from the anchor sorting first if both are)."""
    from safeguard.matching.models import PersonIndexEntry

    row_pairs: set[tuple[int, int]] = set()
    for field in _key_fields():
        values = list(
            PersonIndexEntry.objects.filter(person_id__in=anchors, **{f"{field}__isnull": False})
            .order_by().values_list(field, flat=True).distinct()
        )
        groups: dict[str, list[tuple[int, str, bool]]] = defaultdict(list)
        for i in range(0, len(values), 5000):
            small = list(
                PersonIndexEntry.objects.filter(**{f"{field}__in": values[i : i + 5000]})
                .values(field).annotate(n=Count("id")).filter(n__gt=1, n__lte=MAX_KEY_GROUP)
                .order_by().values_list(field, flat=True)
            )
            for row_id, person_id, value in PersonIndexEntry.objects.filter(**{f"{field}__in": small}).values_list(
                "id", "person_id", field
            ):
                groups[value].append((row_id, str(person_id), person_id in anchors))
        for members in groups.values():
            for ra, pa, anchored in members:
                if not anchored:
                    continue
                for rb, pb, other_anchored in members:
                    if pa == pb or (other_anchored and pb < pa):
                        continue  # the same person, or found from the other side
                    row_pairs.add((ra, rb))
    return row_pairs


def _rescore(anchor_ids: list, population: int) -> int:
    """Score the pairs of these (changed) people and replace their stored pairs in one transaction."""
    from safeguard.matching.index import SCORING_COLUMNS, name_frequencies, row_as_record
    from safeguard.matching.models import PersonIndexEntry

    anchors = set(anchor_ids)
    row_pairs = _candidate_row_pairs(anchors)
    row_ids = sorted({r for pair in row_pairs for r in pair})
    records: dict[int, dict] = {}
    for i in range(0, len(row_ids), 5000):
        for row in PersonIndexEntry.objects.filter(id__in=row_ids[i : i + 5000]).values("id", *SCORING_COLUMNS):
            records[row["id"]] = row_as_record(row)
    with transaction.atomic():
        LikelyDuplicate.objects.filter(Q(person_a__in=anchor_ids) | Q(person_b__in=anchor_ids)).delete()
        # read inside the transaction, just before writing: a decision taken meanwhile is respected
        dismissed = set(
            NotDuplicate.objects.filter(Q(person_a__in=anchor_ids) | Q(person_b__in=anchor_ids))
            .values_list("person_a", "person_b")
        )
        scorer = _Scorer(dismissed, population)
        scorer.frequencies = name_frequencies(records.values())
        for a, b in row_pairs:
            scorer.add(records[a], records[b])
        rows = scorer.rows()
        LikelyDuplicate.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


def forget_pairs_of(*person_ids) -> None:
    """A merged record's pairs are moot: remove them from the queue now, not at the next run."""
    LikelyDuplicate.objects.filter(Q(person_a__in=person_ids) | Q(person_b__in=person_ids)).delete()


def forget_pair(first_id, second_id) -> None:
    a, b = ordered(first_id, second_id)
    LikelyDuplicate.objects.filter(person_a_id=a, person_b_id=b).delete()
