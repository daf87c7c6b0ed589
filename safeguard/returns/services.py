"""Statutory returns leave Safeguard only through here: each export is allowed by the policy and
written to the audit log (as an export, with what it held) before its first byte goes out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from safeguard.access import policy, records
from safeguard.access.audit import audit_record
from safeguard.access.models import AuditAction, AuditEntry
from safeguard.returns import cin_census
from safeguard.returns.periods import CollectionYear

CIN_CENSUS = "returns.children_in_need_census"  # "Children in need census" in the audit log
CIN_CENSUS_REPORT = "returns.children_in_need_census_checks"


def _allow(actor, action: str) -> policy.Decision:
    """A named data officer, or (actor None) someone with the server's command line."""
    if actor is None:
        return policy.Decision(True, "statutory return run on the server's command line")
    return records.require_decision(actor, action, records.STATUTORY_RETURNS)


def next_serial_no(year: CollectionYear) -> int:
    """The file's serial number: one more than the census files already exported for the year."""
    done = AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type=CIN_CENSUS, object_id=year.code)
    return done.count() + 1


def cin_census_export(
    *, actor, year: CollectionYear, as_at: date | None = None, chunk_size: int = cin_census.DEFAULT_CHUNK, **kwargs
) -> tuple[cin_census.Census, Iterator[bytes]]:
    """Allow, audit, then hand back the census and its file as a stream of pieces."""
    decision = _allow(actor, "export")
    census = cin_census.Census.for_year(year, as_at=as_at, serial_no=next_serial_no(year))
    audit_record(
        actor=actor, action=AuditAction.EXPORT, object_type=CIN_CENSUS, object_id=year.code,
        purpose=decision.reason, detail={"as_at": census.as_at.isoformat(), "serial_no": census.serial_no},
    )  # fmt: skip
    return census, cin_census.stream(census, chunk_size=chunk_size, **kwargs)


def cin_census_report_viewed(*, actor, year: CollectionYear, detail: dict | None = None) -> policy.Decision:
    """The pre-submission report names children: opening it is a view of their records."""
    decision = _allow(actor, "view")
    audit_record(
        actor=actor, action=AuditAction.VIEW, object_type=CIN_CENSUS_REPORT, object_id=year.code,
        purpose=decision.reason, detail=detail or {},
    )  # fmt: skip
    return decision
