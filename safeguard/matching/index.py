"""Keeping the person index in step with the people tables, and reading it.

Consistency: every save or delete of a Person, PersonName, Address or PersonIdentifier
rebuilds that person's index rows in the same transaction (signals, connected in
``MatchingConfig.ready``), so the index is right whichever code path wrote the row —
services, factories, the admin, or the API. Bulk loads that bypass signals
(``bulk_create``, ``QuerySet.update``) call :func:`reindex_people` for the people touched, or
:func:`rebuild_person_index` (``manage.py rebuild_person_index``) after seeding.

A merged record (``Person.merged_into`` set) has no index rows: it is hidden from matching.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

from django.db import OperationalError, connection, transaction

from safeguard.matching import standardise as std
from safeguard.matching.model import COMPARISONS
from safeguard.matching.models import NameFrequency, PersonIndexEntry, key_field
from safeguard.matching.scoring import CANDIDATE_KEYS, blocking_keys

#: Real-time-only lookup keys added to the engine's candidate keys (batch linkage keeps its own
#: rules). A search by name alone still finds people; and a record whose family name changed, who
#: moved and whose date of birth was mistyped is still retrieved by the parts that survived.
#: Each is selective enough at a million people (tens of rows at most for the commonest values).
REALTIME_ONLY_RULES: tuple[tuple[str, ...], ...] = (
    ("given_phonetic", "family_phonetic"),
    ("dob_unordered",),
    ("postcode", "address"),
    ("family_phonetic", "dob_month", "dob_day"),
    ("given_phonetic", "dob_month", "dob_day"),
)
NAME_ONLY_KEY = "key_given_phonetic__family_phonetic"
REALTIME_ONLY_KEYS: tuple[str, ...] = tuple("key_" + "__".join(rule) for rule in REALTIME_ONLY_RULES)
INDEX_KEYS: tuple[str, ...] = (*CANDIDATE_KEYS, *REALTIME_ONLY_KEYS)

_STANDARD_COLUMNS = (
    "given_name", "given_phonetic", "family_name", "family_phonetic", "date_of_birth",
    "dob_year", "dob_month", "dob_day", "dob_unordered", "sex", "postcode", "postcode_sector",
    "postcode_outward", "address", "nhs_number",
)
#: columns read back to score a row
SCORING_COLUMNS = ("person_id", *_STANDARD_COLUMNS, "given_canonical", "family_parts")


def _address_text(line_1: str, line_2: str) -> str:
    return " ".join(part for part in (line_1, line_2) if part)


def realtime_keys(standardised: dict[str, Any]) -> dict[str, Any]:
    """All index keys of a standardised record: the engine's plus the real-time-only ones."""
    keys = blocking_keys(standardised)
    for rule, name in zip(REALTIME_ONLY_RULES, REALTIME_ONLY_KEYS, strict=True):
        parts = [standardised.get(column) for column in rule]
        keys[name] = None if any(p is None for p in parts) else "|".join(str(p) for p in parts)
    return keys


def standardised_variants(
    *,
    given_name: str,
    family_name: str,
    date_of_birth,
    sex: str,
    nhs_number: str | None,
    other_names: Iterable[tuple[str, str, str]] = (),
    addresses: Iterable[tuple[str, str, bool]] = (),
) -> Iterator[tuple[str, bool, dict[str, Any]]]:
    """(name source, address is current, standardised record) for each name × address.

    ``other_names`` are (name_type, given, family) — a blank part means "as the main name";
    ``addresses`` are (address text, postcode, is current).
    """
    names = [("main", given_name, family_name)]
    seen = {((given_name or "").strip().upper(), (family_name or "").strip().upper())}
    for name_type, given, family in other_names:
        given, family = given or given_name, family or family_name
        key = ((given or "").strip().upper(), (family or "").strip().upper())
        if key not in seen:
            seen.add(key)
            names.append((name_type, given, family))
    places = list(addresses) or [("", "", True)]
    base = {
        **std.date_of_birth_parts(date_of_birth),
        "sex": std.standardise_sex(sex),
    }
    try:
        base["nhs_number"] = std.normalise_nhs_number(nhs_number)
    except ValueError:
        base["nhs_number"] = None
    name_parts = [
        (source, {**std.standardise_given_name(given), **std.standardise_family_name(family)})
        for source, given, family in names
    ]
    place_parts = [
        (current, {**std.standardise_postcode(postcode), "address": std.standardise_address(text)})
        for text, postcode, current in places
    ]
    for source, name in name_parts:
        for current, place in place_parts:
            yield source, current, {**base, **name, **place}


_KEY_FIELDS = tuple((k, key_field(k)) for k in INDEX_KEYS)


def _entry_values(person_id, source: str, current: bool, record: dict[str, Any]) -> dict[str, Any]:
    """An index row's column values (by attribute name), without building a model instance."""
    keys = realtime_keys(record)
    values = {
        "person_id": person_id,
        "name_source": source[:12],
        "address_current": current,
        "given_canonical": " ".join(record["given_canonical"]) if record.get("given_canonical") else None,
        "family_parts": " ".join(record["family_parts"]) if record.get("family_parts") else None,
    }
    for column in _STANDARD_COLUMNS:
        values[column] = record.get(column)
    for key, field in _KEY_FIELDS:
        values[field] = keys[key]
    return values


def _entry(person_id, source: str, current: bool, record: dict[str, Any], model=PersonIndexEntry):
    return model(**_entry_values(person_id, source, current, record))


def _entries_for(person, names, addresses, nhs) -> list[PersonIndexEntry]:
    from django.utils import timezone

    today = timezone.localdate()
    variants = standardised_variants(
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        nhs_number=nhs,
        other_names=[(n.name_type, n.given_name, n.family_name) for n in names],
        addresses=[
            (_address_text(a.line_1, a.line_2), a.postcode, a.moved_out is None or a.moved_out >= today)
            for a in addresses
        ],
    )
    # dedupe rows that standardise identically (e.g. "Rd" and "Road")
    unique: dict[tuple, PersonIndexEntry] = {}
    for source, current, record in variants:
        key = tuple(record.get(c) for c in _STANDARD_COLUMNS)
        unique.setdefault(key, _entry(person.pk, source, current, record))
    return list(unique.values())


def reindex_people(person_ids: Iterable) -> int:
    """Rebuild the index rows of these people (in the caller's transaction). Returns rows written."""
    from safeguard.people.codes import IdentifierType
    from safeguard.people.models import Person

    ids = list({pid for pid in person_ids if pid is not None})
    if not ids:
        return 0
    with transaction.atomic():
        PersonIndexEntry.objects.filter(person_id__in=ids).delete()
        people = Person.objects.filter(pk__in=ids, merged_into__isnull=True).prefetch_related(
            "other_names", "addresses", "identifiers"
        )
        rows: list[PersonIndexEntry] = []
        for person in people:
            nhs = next((i.value for i in person.identifiers.all() if i.id_type == IdentifierType.NHS_NUMBER), None)
            rows += _entries_for(person, person.other_names.all(), person.addresses.all(), nhs)
        PersonIndexEntry.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def reindex_person(person_id) -> int:
    return reindex_people([person_id])


def _empty(entry_model) -> None:
    """TRUNCATE on PostgreSQL (fast), unless this transaction has pending FK checks on the table."""
    if connection.vendor == "postgresql":
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {entry_model._meta.db_table}")
            return
        except OperationalError:
            pass
    entry_model.objects.all()._raw_delete(entry_model.objects.db)


class _Loader:
    """Writes index rows in batches: COPY with the Meta indexes rebuilt at the end (PostgreSQL), or
    bulk_create."""

    def __init__(self, model, *, now, batch_size: int, drop_indexes: bool = True):
        self.model = model
        self.batch_size = batch_size
        self.copy = connection.vendor == "postgresql"
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.attnames = [f.attname for f in fields]
        self.defaults = {f.attname: now if f.attname == "indexed_at" else f.get_default() for f in fields}
        quote = connection.ops.quote_name
        self.copy_sql = (
            f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
        )
        self.indexes = []
        if self.copy and drop_indexes:
            try:  # refused if this transaction still has pending checks on the table: keep them then
                with transaction.atomic(), connection.schema_editor(atomic=False) as editor:
                    for index in model._meta.indexes:
                        editor.remove_index(model, index)
                self.indexes = list(model._meta.indexes)
            except OperationalError:
                pass

    def write(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if not self.copy:
            self.model.objects.bulk_create([self.model(**row) for row in rows], batch_size=self.batch_size)
            return
        attnames, defaults = self.attnames, self.defaults
        with connection.cursor() as cursor, cursor.cursor.copy(self.copy_sql) as copy:
            for row in rows:
                copy.write_row([row[a] if a in row else defaults[a] for a in attnames])

    def finish(self) -> None:
        if self.indexes:
            with connection.cursor() as cursor:
                # The rows' deferred foreign-key checks must run before an index can be built.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            with connection.schema_editor(atomic=False) as editor:
                for index in self.indexes:
                    editor.add_index(self.model, index)
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _analyse(model) -> None:
    """Fresh planner statistics for a table just refilled (PostgreSQL; autovacuum may be off)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def rebuild_person_index(*, batch_size: int = 5000, progress=None, apps=None) -> dict[str, Any]:
    """Rebuild the whole index from the people tables with bulk reads and bulk writes.

    Reads people, names, addresses and NHS numbers in primary-key batches as plain tuples and
    writes plain rows (no model instances): `COPY` on PostgreSQL, with the lookup indexes dropped
    for the load and built once afterwards (much faster than maintaining 15 b-trees row by row),
    `bulk_create` elsewhere. Then the table is analysed: the duplicate scan that usually follows
    plans its joins from those statistics (without them it took hours at 100k people). ``apps``
    is a migration's app registry (historical models) when called from a migration.
    """
    from django.utils import timezone

    from safeguard.people.codes import IdentifierType

    real_models = apps is None  # not a migration's historical registry (its schema editor is open)
    if apps is None:
        from django.apps import apps
    Person = apps.get_model("people", "Person")  # noqa: N806
    PersonName = apps.get_model("people", "PersonName")  # noqa: N806
    Address = apps.get_model("people", "Address")  # noqa: N806
    PersonIdentifier = apps.get_model("people", "PersonIdentifier")  # noqa: N806
    Entry = apps.get_model("matching", "PersonIndexEntry")  # noqa: N806

    started = time.perf_counter()
    today = timezone.localdate()
    people_done = rows_done = 0
    with transaction.atomic():
        _empty(Entry)
        loader = _Loader(Entry, now=timezone.now(), batch_size=batch_size, drop_indexes=real_models)
        live = Person.objects.filter(merged_into__isnull=True).order_by("pk")
        last = None
        while True:
            page = live.filter(pk__gt=last) if last is not None else live
            people = list(page.values_list("pk", "given_name", "family_name", "date_of_birth", "sex")[:batch_size])
            if not people:
                break
            # The page's related rows are read by a key range, not `person_id IN (5,000 ids)`: PostgreSQL
            # answers such a list with a scan of the whole table, once per page (quadratic in the county).
            first, last = last, people[-1][0]
            in_page = {"person_id__lte": last, **({"person_id__gt": first} if first is not None else {})}
            names: dict[Any, list] = {}
            for pid, name_type, given, family in PersonName.objects.filter(**in_page).values_list(
                "person_id", "name_type", "given_name", "family_name"
            ):
                names.setdefault(pid, []).append((name_type, given, family))
            places: dict[Any, list] = {}
            for pid, line_1, line_2, postcode, moved_out in Address.objects.filter(**in_page).values_list(
                "person_id", "line_1", "line_2", "postcode", "moved_out"
            ):
                places.setdefault(pid, []).append(
                    (_address_text(line_1, line_2), postcode, moved_out is None or moved_out >= today)
                )
            nhs = dict(
                PersonIdentifier.objects.filter(**in_page, id_type=IdentifierType.NHS_NUMBER).values_list(
                    "person_id", "value"
                )
            )
            rows: list[dict[str, Any]] = []
            for pid, given, family, dob, sex in people:
                seen = set()
                for source, current, record in standardised_variants(
                    given_name=given, family_name=family, date_of_birth=dob, sex=sex, nhs_number=nhs.get(pid),
                    other_names=names.get(pid, ()), addresses=places.get(pid, ()),
                ):
                    key = tuple(record.get(c) for c in _STANDARD_COLUMNS)
                    if key not in seen:
                        seen.add(key)
                        rows.append(_entry_values(pid, source, current, record))
            loader.write(rows)
            people_done += len(people)
            rows_done += len(rows)
            if progress:
                progress(people_done, rows_done)
        loader.finish()
        try:
            apps.get_model("matching", "NameFrequency")
        except LookupError:
            pass  # migration 0002 runs before the table exists; 0003 fills it
        else:
            refresh_name_frequencies(apps=apps)
    _analyse(Entry)
    return {"people": people_done, "rows": rows_done, "seconds": round(time.perf_counter() - started, 2)}


#: The columns whose term frequencies the model uses (each ``Level.tf_column``).
FREQUENCY_COLUMNS: tuple[str, ...] = tuple(dict.fromkeys(
    level.tf_column for spec in COMPARISONS for level in spec.levels if level.tf_column
))
#: Scheduled refresh: recount when the counts are older than this.
FREQUENCY_MAX_AGE = timedelta(hours=24)


def refresh_name_frequencies(*, apps=None, now=None) -> int:
    """Recount how many people hold each standardised given and family name (the scorer's term
    frequencies), replacing the table in one transaction. Returns the rows written."""
    from django.db.models import Count
    from django.utils import timezone

    if apps is None:
        from django.apps import apps
    Entry = apps.get_model("matching", "PersonIndexEntry")  # noqa: N806
    Frequency = apps.get_model("matching", "NameFrequency")  # noqa: N806
    now = now or timezone.now()
    rows = []
    for column in FREQUENCY_COLUMNS:
        named = Entry.objects.filter(**{f"{column}__isnull": False})
        total = named.values("person_id").distinct().count()
        counts = named.values_list(column).annotate(people=Count("person_id", distinct=True)).order_by()
        rows += [Frequency(column=column, value=value, people=people, share=people / total, refreshed_at=now)
                 for value, people in counts]
    with transaction.atomic():
        Frequency.objects.all().delete()
        Frequency.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def refresh_stale_name_frequencies(now) -> int | None:
    """Scheduled job: recount when the counts are more than a day old (or missing)."""
    from django.db.models import Max

    last = NameFrequency.objects.aggregate(last=Max("refreshed_at"))["last"]
    if last is not None and now - last < FREQUENCY_MAX_AGE:
        return None
    return refresh_name_frequencies(now=now)


def name_frequencies(records: Iterable[dict[str, Any]], *, using: str = "default") -> dict[str, dict[str, float]]:
    """Term frequencies (column -> value -> share of people) of the names in these standardised
    records, read from :class:`NameFrequency` in one query. Names not counted yet are absent, and
    a column counted over fewer people than ``MIN_RECORDS_FOR_TERM_FREQUENCIES`` is left out."""
    from django.db.models import Q

    from safeguard.matching import model

    wanted = {column: {r.get(column) for r in records} - {None} for column in FREQUENCY_COLUMNS}
    q = Q()
    for column, values in wanted.items():
        if values:
            q |= Q(column=column, value__in=values)
    found: dict[str, dict[str, float]] = {column: {} for column in FREQUENCY_COLUMNS}
    if not q:
        return found
    rows = NameFrequency.objects.using(using).filter(q).values_list("column", "value", "people", "share")
    for column, value, people, share in rows:
        if round(people / share) >= model.MIN_RECORDS_FOR_TERM_FREQUENCIES:  # people / share = people counted
            found[column][value] = share
    return found


def row_as_record(row: dict[str, Any]) -> dict[str, Any]:
    """An index row (from ``.values(*SCORING_COLUMNS)``) as the standardised record the scorer takes."""
    record = {c: row.get(c) for c in _STANDARD_COLUMNS}
    record["record_id"] = row["person_id"]
    record["given_canonical"] = row["given_canonical"].split(" ") if row.get("given_canonical") else None
    record["family_parts"] = row["family_parts"].split(" ") if row.get("family_parts") else []
    if record["given_name"] is not None and record["given_canonical"] is None:
        record["given_canonical"] = [record["given_name"]]
    return record


# --- signals --------------------------------------------------------------------------


_deleting = threading.local()


def _people_being_deleted() -> set:
    if not hasattr(_deleting, "ids"):
        _deleting.ids = set()
    return _deleting.ids


def _on_person_change(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    reindex_person(instance.pk)


def _on_person_pre_delete(sender, instance, **kwargs):
    _people_being_deleted().add(instance.pk)


def _on_person_deleted(sender, instance, **kwargs):
    _people_being_deleted().discard(instance.pk)
    PersonIndexEntry.objects.filter(person_id=instance.pk).delete()


def _on_part_change(sender, instance, **kwargs):
    if kwargs.get("raw") or instance.person_id in _people_being_deleted():
        return  # a cascade from deleting the person: nothing to reindex
    reindex_person(instance.person_id)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save, pre_delete

    from safeguard.people.models import Address, Person, PersonIdentifier, PersonName

    post_save.connect(_on_person_change, sender=Person, dispatch_uid="matching_index_person")
    pre_delete.connect(_on_person_pre_delete, sender=Person, dispatch_uid="matching_index_person_pre_delete")
    post_delete.connect(_on_person_deleted, sender=Person, dispatch_uid="matching_index_person_delete")
    for model in (PersonName, Address, PersonIdentifier):
        uid = f"matching_index_{model._meta.model_name}"
        post_save.connect(_on_part_change, sender=model, dispatch_uid=uid + "_save")
        post_delete.connect(_on_part_change, sender=model, dispatch_uid=uid + "_delete")
