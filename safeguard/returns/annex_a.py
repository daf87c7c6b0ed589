"""Ofsted's Annex A: the child-level lists a local authority hands inspectors, as one .xlsx workbook.

One sheet per list (1 contacts … 11 adopters), the column headings exactly as Ofsted's template
names them and in its order. Lists 10 and 11 (adoption) are outside Safeguard: their sheets carry
the headings only. A column Safeguard does not record is left blank rather than guessed.

Built with openpyxl in write-only mode: rows go straight to the sheet's temporary file as they
are read, a chunk at a time (annex_a_rows), so memory stays flat however many children there are.
Dates are real Excel dates (dd/mm/yyyy); yes/no answers read "Yes"/"No"; codes (contact and
referral source, category of abuse, need code, ethnicity, reason for closure, legal status) are
the CIN census and SSDA903 codes the template expects.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO

from django.db import connection, transaction
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from safeguard.access import records
from safeguard.access.audit import audit_record
from safeguard.access.models import AuditAction
from safeguard.returns import annex_a_rows as rows
from safeguard.returns.selectors import Period

CHILD = ("Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)")
DISABILITY = ("Does the Child have a Disability",)
ALLOCATED = ("Allocated Team", "Allocated Worker")


@dataclasses.dataclass(frozen=True)
class AnnexList:
    number: int
    sheet: str
    headings: tuple[str, ...]
    rows: Callable[[rows.Context], Iterator[dict]] | None  # None: Safeguard holds nothing for it


LISTS: tuple[AnnexList, ...] = (
    AnnexList(1, "List 1 Contacts", (*CHILD, "Date of Contact", "Contact Source"), rows.contacts),
    AnnexList(
        2,
        "List 2 Early help",
        (*CHILD, "Assessment start date", "Assessment completion date", "Organisation completing assessment"),
        rows.early_help,
    ),
    AnnexList(
        3,
        "List 3 Referrals",
        (
            *CHILD,
            "Date of referral",
            "Referral Source",
            "Referral NFA?",
            "Number of Referrals in Last 12 Months",
            *ALLOCATED,
        ),
        rows.referrals,
    ),
    AnnexList(
        4,
        "List 4 Assessments",
        (
            *CHILD,
            *DISABILITY,
            "Continuous Assessment Start Date",
            "Child Seen During Continuous Assessment",
            "Continuous Assessment Date of Authorisation",
            "Was the child assessed as requiring LA children's social care support?",
            *ALLOCATED,
        ),
        rows.assessments,
    ),
    AnnexList(
        5,
        "List 5 Section 47 and ICPC",
        (
            *CHILD,
            *DISABILITY,
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            "Was an Initial Child Protection Conference deemed unnecessary?",
            "Date of Initial Child Protection Conference",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            "Number of Section 47 Enquiries in the last 12 months",
            "Number of ICPCs in the last 12 months",
            *ALLOCATED,
        ),
        rows.section47,
    ),
    AnnexList(
        6,
        "List 6 Children in need",
        (
            *CHILD,
            *DISABILITY,
            "CIN Start Date",
            "Primary Need Code",
            "Date Child Was Last Seen",
            "CIN Closure Date",
            "Reason for Closure",
            "Case Status",
            *ALLOCATED,
        ),
        rows.children_in_need,
    ),
    AnnexList(
        7,
        "List 7 Child protection",
        (
            *CHILD,
            *DISABILITY,
            "Child Protection Plan Start Date",
            "Initial Category of Abuse",
            "Latest Category of Abuse",
            "Date of the Last Statutory Visit",
            "Was the Child Seen Alone?",
            "Date of latest review conference",
            "Child Protection Plan End Date",
            "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
            "Number of Previous Child Protection Plans",
            *ALLOCATED,
        ),
        rows.cp_plans,
    ),
    AnnexList(
        8,
        "List 8 Children in care",
        (
            *CHILD,
            *DISABILITY,
            "Date Started to be Looked After",
            "Child's Category of Need",
            "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
            "Start date of current legal status",
            "Child's Legal Status",
            "Date of Latest Statutory Review",
            "Date of Last Social Work Visit",
            "What is the permanence plan for this child?",
            "Date of Last IRO Visit / Contact to the Child",
            "Date of Last Health Assessment",
            "Date of Last Dental Check",
            "Number of Placements in the Last 12 months",
            "Date Ceased to be Looked After",
            "Reason Ceased to be Looked After",
            "Start Date of Most Recent Placement",
            "Placement Type",
            "Placement Provider",
            "Placement postcode",
            "URN of Placement",
            "Placement Location",
            "LA of Placement",
            "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
            "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
            "Was the child offered a Return Interview after their last missing episode (Y/N)?",
            "Did the child accept a Return Interview after their last missing episode (Y/N)?",
            *ALLOCATED,
        ),
        rows.looked_after,
    ),
    AnnexList(
        9,
        "List 9 Care leavers",
        (
            *CHILD,
            *DISABILITY,
            *ALLOCATED,
            "Eligibility Category",
            "LA in Touch",
            "Type of Accommodation",
            "Suitability of Accommodation",
            "Activity Status",
        ),
        rows.care_leavers,
    ),
    AnnexList(
        10,
        "List 10 Adoption",
        (
            "Child Unique ID",
            "Family identifier",
            "Gender",
            "Ethnicity",
            "Date of Birth",
            "Age of Child (Years)",
            *DISABILITY,
            "Date the Child Entered Care",
            "Date of Decision that Child Should be Placed for Adoption",
            "Date of Placement Order",
            "Date of Matching Child and Prospective Adopters",
            "Date Placed for Adoption",
            "Date of Adoption Order",
            "Date of Decision that Child Should No Longer be Placed for Adoption",
            "Reason Why Child No Longer Placed for Adoption",
            "Date the child was placed for fostering in FFA or concurrent planning placement",
        ),
        None,
    ),
    AnnexList(
        11,
        "List 11 Adopters",
        (
            "Individual adopter identifier",
            "Family identifier",
            "Gender",
            "Ethnicity",
            "Disability",
            "Is the (prospective) adopter fostering for adoption?",
            "Date enquiry received",
            "Date Stage 1 started",
            "Date Stage 1 ended",
            "Date Stage 2 started",
            "Date Stage 2 ended",
            "Date application submitted",
            "Date application approved",
            "Date adopter matched with child(ren)",
            "Date child/children placed with adopter(s)",
            "No. of children placed",
            "Date of Adoption Order",
            "Date of leaving adoption process",
            "Reason for leaving adoption process",
        ),
        None,
    ),
)

DATE_FORMAT = "dd/mm/yyyy"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADING_FONT = Font(bold=True)


def _row_cells(sheet, headings: tuple[str, ...], row: dict) -> list:
    cells = []
    for heading in headings:
        value = row.get(heading)
        if isinstance(value, date):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = DATE_FORMAT
            value = cell
        cells.append(value)
    return cells


def _check_keys(annex_list: AnnexList, row: dict) -> None:
    """A value under a heading the list does not have would be lost silently: refuse it."""
    stray = set(row) - set(annex_list.headings) - set(DISABILITY) - set(ALLOCATED)
    if stray:
        raise KeyError(f"List {annex_list.number} has no column {sorted(stray)}")


@contextmanager
def _snapshot() -> Iterator[None]:
    """Read every list from one snapshot (repeatable read on PostgreSQL), so a change committed
    while the export runs cannot make list 3 disagree with list 7."""
    if connection.in_atomic_block:  # already inside the caller's transaction (tests)
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def write_workbook(output: str | Path | IO[bytes], period: Period, *, chunk_size: int = rows.CHUNK_SIZE) -> dict:
    """Write every list for `period` to `output`; return {list number: rows written}."""
    workbook = Workbook(write_only=True)
    counts: dict[int, int] = {}
    with _snapshot():
        _write_lists(workbook, rows.Context.for_period(period, chunk_size=chunk_size), counts)
    workbook.save(output)
    return counts


def _write_lists(workbook: Workbook, context: rows.Context, counts: dict[int, int]) -> None:
    for annex_list in LISTS:
        sheet = workbook.create_sheet(annex_list.sheet)
        heading_cells = []
        for heading in annex_list.headings:
            cell = WriteOnlyCell(sheet, value=heading)
            cell.font = HEADING_FONT
            heading_cells.append(cell)
        sheet.append(heading_cells)
        written = 0
        for row in annex_list.rows(context) if annex_list.rows else ():
            if not written:
                _check_keys(annex_list, row)
            sheet.append(_row_cells(sheet, annex_list.headings, row))
            written += 1
        counts[annex_list.number] = written


def annex_a_export(*, actor, period: Period, output: str | Path | IO[bytes]) -> dict:
    """Write Annex A for `period` and record the export in the audit log (who, which period, how
    many rows per list). Only the data team may (404 to anyone else); `actor` None is the command
    line, run by whoever has the server."""
    purpose = "Ofsted Annex A lists, exported on the server"
    if actor is not None:
        purpose = records.require_decision(actor, "export", records.STATUTORY_RETURNS).reason
    counts = write_workbook(output, period)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="returns.annex_a",
        purpose=purpose,
        detail={
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "rows": {str(n): c for n, c in counts.items()},
        },
    )
    return counts
