"""Writes the demo partnership and its families: the work behind `manage.py seed_demo`."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from safeguard.access import context
from safeguard.access.audit import audit_record_many, seal_pending
from safeguard.agencies.models import Agency, Membership, Practitioner, Team
from safeguard.agencies.roles import Role
from safeguard.demo.generator import generate
from safeguard.demo.partnership import AGENCIES, COVERS, DIRECTORY_PRACTITIONERS, PRACTITIONERS, Refs, team_agency_keys
from safeguard.demo.workload import AuditSpec
from safeguard.demo.writer import DEFAULT_BATCH_SIZE, BulkWriter
from safeguard.directory.models import Cover
from safeguard.frontdoor.models import NotifiedPerson
from safeguard.people.models import Person

DEMO_PASSWORD_ENV = "SAFEGUARD_DEMO_PASSWORD"  # noqa: S105 - the name of a variable, not a password
DEFAULT_DEMO_PASSWORD = "Safeguard-demo-2026!"  # noqa: S105 - local demo only, printed to the console
DEFAULT_SEED = 2026
DEFAULT_FAMILIES = 300
SQLITE_CACHE_KIB = 1024 * 1024  # 1 GiB, for this connection while seeding
COLLECT_EVERY = 20000  # families between cyclic garbage collections while the collector is paused


def demo_password() -> str:
    return os.environ.get(DEMO_PASSWORD_ENV) or DEFAULT_DEMO_PASSWORD


def has_people() -> bool:
    return Person.objects.exists()


def ensure_partnership(*, as_of: date, password: str) -> Refs:
    """Create (or find) the agencies, teams and demo practitioners. Safe to run twice."""
    agency_ids: dict[str, int] = {}
    team_ids: dict[str, int] = {}
    for spec in AGENCIES:
        agency, _ = Agency.objects.get_or_create(
            name=spec.name,
            defaults={
                "agency_type": spec.agency_type,
                "ods_code": spec.ods_code,
                "contact_in_hours": spec.contact_in_hours,
                "contact_out_of_hours": spec.contact_out_of_hours,
                "is_special_school": spec.is_special_school,
                "is_sexual_assault_service": spec.is_sexual_assault_service,
            },
        )
        agency_ids[spec.key] = agency.pk
        for team_spec in spec.teams:
            team, _ = Team.objects.get_or_create(
                agency=agency,
                name=team_spec.name,
                defaults={"is_front_door": team_spec.is_front_door, "email": team_spec.email,
                          "phone": team_spec.phone},
            )
            team_ids[team_spec.key] = team.pk

    # One hash for every demo account: they share the one printed password by design.
    password_hash = make_password(password)
    practitioner_ids: dict[str, int] = {}
    starts_on = min(as_of, timezone.localdate()) - timedelta(days=5 * 365)
    for spec in (*PRACTITIONERS, *DIRECTORY_PRACTITIONERS):
        practitioner, created = Practitioner.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@wrekinshire.example",
                "job_title": spec.job_title,
                "password": password_hash,
            },
        )
        practitioner_ids[spec.username] = practitioner.pk
        team_id = team_ids[spec.team_key]
        if not Membership.objects.filter(practitioner=practitioner, team_id=team_id, role=spec.role).exists():
            Membership.objects.create(practitioner=practitioner, team_id=team_id, role=spec.role, is_primary=True,
                                      starts_on=starts_on)
    for cover in COVERS:
        Cover.objects.get_or_create(
            practitioner_id=practitioner_ids[cover.username],
            agency_id=agency_ids[cover.agency_key] if cover.agency_key else None,
            area=cover.area,
        )
    return Refs(agency_ids=agency_ids, team_ids=team_ids, practitioner_ids=practitioner_ids)


@dataclass
class SeedResult:
    families: int = 0
    children: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    tables_set_aside: int = 0  # loaded without their secondary indexes and foreign keys (PostgreSQL)
    restore_seconds: float = 0.0  # building those indexes and validating those keys, inside `seconds`


def seed(
    *,
    seed: int = DEFAULT_SEED,
    as_of: date,
    families: int | None = None,
    children: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress=None,
) -> SeedResult:
    """Create the partnership and the families in one transaction: all of it, or none."""
    started = time.monotonic()
    result = SeedResult()
    _tune_sqlite()
    now = timezone.now()
    # Histories lead up to the as-of date; on today's date they stop at this moment.
    until = now if as_of >= timezone.localdate(now) else None
    audit: list[AuditSpec] = []
    with transaction.atomic():
        refs = ensure_partnership(as_of=as_of, password=demo_password())
        # Indexes and foreign keys are built once after the load, not row by row (PostgreSQL).
        writer = BulkWriter(now=now, batch_size=batch_size, set_aside=True)
        first_id = (NotifiedPerson.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        with collector_paused():
            for rows in generate(seed=seed, as_of=as_of, refs=refs, families=families, children=children,
                                 now=until, notified_person_ids_from=first_id):
                writer.add(rows)
                audit.extend(rows.audit)
                result.families += 1
                result.children += rows.children
                if result.families % COLLECT_EVERY == 0:
                    gc.collect()
                    if progress:
                        progress(result.families, result.children, time.monotonic() - started)
        writer.finish()
        result.counts = dict(writer.counts)
        if writer.set_aside is not None and writer.set_aside.tables:
            result.restore_seconds = writer.set_aside.seconds
            result.tables_set_aside = len(writer.set_aside.tables)
        result.counts["audit entries"] = write_audit_history(audit, refs)
    seal_pending()  # the whole seeded history, now committed, in `seq` order
    result.seconds = time.monotonic() - started
    return result


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while families are generated, back on afterwards.

    The generator makes millions of short-lived objects and almost no reference cycles, yet the
    collector, triggered by allocations, kept walking the writer's buffered rows (a third of the
    seeding process's CPU at 20,000 children). Objects alive before the loop (Django's registries)
    are frozen out of the collections the loop runs every COLLECT_EVERY families."""
    enabled = gc.isenabled()
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class _SeedActor:
    """The demo practitioner an audit entry names, without a query per entry for their role."""

    pk: int
    username: str
    primary_role: str
    is_authenticated: bool = True

    def get_username(self) -> str:
        return self.username


def write_audit_history(specs: list[AuditSpec], refs: Refs) -> int:
    """The seeded work's audit entries, appended through the audit log itself (the same entries
    `audit_record` writes, in batches) and sealed by its ordinary sealing step after the seed commits,
    so the chain verifies."""
    actors = {
        spec.username: _SeedActor(refs.practitioner_ids[spec.username], spec.username, spec.role)
        for spec in PRACTITIONERS
    }
    token = context.bind(context.AuditContext(channel="command"))
    try:
        return audit_record_many([
            {"actor": actors[spec.username], "action": spec.action, "object_type": spec.object_type,
             "object_id": spec.object_id, "person": spec.person_id or None, "purpose": spec.purpose,
             "detail": {"demo_history": True}}
            for spec in specs
        ])
    finally:
        context.reset(token)


def _tune_sqlite() -> None:
    """A big page cache for this connection: random UUID keys otherwise spill pages constantly."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")


def logins() -> list[tuple[str, str, str]]:
    """(username, role, agency) for each demo practitioner, in the order they are defined."""
    agency_of_team = team_agency_keys()
    agency_names = {a.key: a.name for a in AGENCIES}
    return [
        (spec.username, Role(spec.role).label, agency_names[agency_of_team[spec.team_key]])
        for spec in PRACTITIONERS
    ]


def logins_table() -> str:
    rows = [("Username", "Role", "Agency"), *logins()]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
