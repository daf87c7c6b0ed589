"""Parsing and validating bulk police notifications (CSV and JSON).

CSV: one line per person, grouped into notifications by `reference` (the police reference, unique
per incident). Columns: reference, kind, incident_at, dash_risk, summary, role, given_name,
family_name, date_of_birth, sex, present, normally_resides, school, and (optional) recorded_at.
Line 1 is the header, so the first person is line 2.

JSON: a list of notifications, each {reference, kind, incident_at, recorded_at, dash_risk, summary,
people: [{role, given_name, family_name, date_of_birth, sex, present, normally_resides, school}]}.
The "line" of a JSON error is the notification's position in the list, counting from 1.

`recorded_at` is when the police recorded the incident as ready for screening, in their own system
(ISO date and time; local time when no offset is given). The 24-hour screening clock starts then —
not when the file reaches Safeguard — so a late batch shows as late at once. It must not be in the
future or before the incident. When a feed cannot give it, the clock starts at the incident time.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import timedelta
from typing import Any

from django.utils import timezone

from safeguard.frontdoor.codes import DashRisk, NotificationKind, NotifiedPersonRole
from safeguard.frontdoor.validation import as_date, as_datetime
from safeguard.people.validation import Errors

CSV_COLUMNS = (
    "reference",
    "kind",
    "incident_at",
    "dash_risk",
    "summary",
    "role",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "present",
    "normally_resides",
    "school",
)
OPTIONAL_CSV_COLUMNS = ("recorded_at",)
NOTIFICATION_KEYS = ("reference", "kind", "incident_at", "recorded_at", "dash_risk", "summary")
PERSON_KEYS = ("role", "given_name", "family_name", "date_of_birth", "sex", "present", "normally_resides", "school")
# The police's system and Safeguard's may disagree by a minute or two; more than this is an error.
RECORDED_AT_CLOCK_SKEW = timedelta(minutes=5)
TRUE = {"y", "yes", "true", "1"}
FALSE = {"n", "no", "false", "0", ""}


@dataclasses.dataclass
class RowError:
    line: int
    field: str
    message: str
    reference: str = ""


@dataclasses.dataclass
class Group:
    """One notification as found in the file, with the line each part came from."""

    reference: str
    line: int  # the notification's first line
    data: dict[str, Any]
    people: list[tuple[int, str, dict[str, Any]]]  # (line, field prefix, raw person)
    errors: list[RowError] = dataclasses.field(default_factory=list)


class FileError(Exception):
    """The file cannot be read at all (not CSV/JSON, wrong columns)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _bool(value: Any, line: int, field: str, errors: list[RowError]) -> bool:
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    errors.append(RowError(line, field, "Enter yes or no"))
    return False


def parse_csv(text: str) -> list[Group]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if reader.fieldnames is None:
        raise FileError("The file is empty")
    header = [h.strip() for h in reader.fieldnames]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise FileError(f"The header line is missing the column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")
    groups: dict[str, Group] = {}
    blank = 0
    for row in reader:
        line = reader.line_num
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
        reference = row.get("reference", "")
        key = reference or f"(blank reference, line {line})"
        if not reference:
            blank += 1
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(
                reference=reference,
                line=line,
                data={k: row.get(k, "") for k in NOTIFICATION_KEYS},
                people=[],
            )
        group.people.append((line, "", {k: row.get(k, "") for k in PERSON_KEYS}))
    return list(groups.values())


def parse_json(payload: str | list) -> list[Group]:
    if isinstance(payload, str):
        try:
            payload = json.loads(payload)
        except ValueError:
            raise FileError("The file is not valid JSON") from None
    if isinstance(payload, dict) and isinstance(payload.get("notifications"), list):
        payload = payload["notifications"]
    if not isinstance(payload, list):
        raise FileError("The JSON must be a list of notifications")
    groups, seen = [], set()
    for i, item in enumerate(payload, start=1):
        if not isinstance(item, dict):
            group = Group(reference="", line=i, data={}, people=[])
            group.errors.append(RowError(i, "body", "Each notification must be a JSON object"))
            groups.append(group)
            continue
        people = item.get("people")
        group = Group(
            reference=str(item.get("reference") or "").strip(),
            line=i,
            data={k: item.get(k, "") for k in NOTIFICATION_KEYS},
            people=[],
        )
        if not isinstance(people, list):
            group.errors.append(RowError(i, "people", "List the people involved"))
            people = []
        for j, person in enumerate(people):
            group.people.append((i, f"people[{j}].", person if isinstance(person, dict) else {}))
        if group.reference and group.reference in seen:
            group.errors.append(RowError(i, "reference", "This reference appears more than once in the file"))
        seen.add(group.reference)
        groups.append(group)
    return groups


def clean_group(group: Group) -> dict[str, Any] | None:
    """The notification ready for services.notification_create, or None with group.errors filled."""
    errs = group.errors
    data, line = group.data, group.line
    tmp = Errors()
    reference = str(data.get("reference") or "").strip()
    if not reference:
        errs.append(RowError(line, "reference", "Enter the police reference"))
    elif len(reference) > 60:
        errs.append(RowError(line, "reference", "The police reference must be 60 characters or fewer"))
    kind = str(data.get("kind") or "").strip()
    if kind not in NotificationKind.values:
        errs.append(RowError(line, "kind", "Kind must be public_protection_notice or domestic_abuse_incident"))
    incident_at = as_datetime(data.get("incident_at"), "incident_at", tmp, "Incident date and time")
    if incident_at is None and not tmp.errors:
        tmp.add("incident_at", "Enter the date and time of the incident")
    now = timezone.now()
    if incident_at and incident_at > now:
        tmp.add("incident_at", "The incident date and time must be in the past")
    recorded_at = as_datetime(data.get("recorded_at"), "recorded_at", tmp, "Date and time the police recorded it")
    if recorded_at and recorded_at > now + RECORDED_AT_CLOCK_SKEW:
        tmp.add("recorded_at", "The date and time the police recorded the incident must not be in the future")
    elif recorded_at and incident_at and recorded_at < incident_at:
        tmp.add("recorded_at", "The date and time the police recorded the incident cannot be before the incident")
    dash = str(data.get("dash_risk") or "").strip().lower()
    if dash and dash not in DashRisk.values:
        tmp.add("dash_risk", "DASH risk must be standard, medium or high")
    elif not dash and kind == NotificationKind.DOMESTIC_ABUSE_INCIDENT:
        tmp.add("dash_risk", "Enter the DASH risk level (standard, medium or high) for a domestic abuse incident")
    for field, messages in tmp.errors.items():
        errs.extend(RowError(line, field, m) for m in messages)
    people = []
    for person_line, prefix, raw in group.people:
        unknown = sorted(set(raw) - set(PERSON_KEYS)) if prefix else []
        for field in unknown:
            errs.append(RowError(person_line, f"{prefix}{field}", "This field is not accepted here"))
        ptmp = Errors()
        role = str(raw.get("role") or "").strip().lower()
        if role not in NotifiedPersonRole.values:
            errs.append(RowError(person_line, f"{prefix}role", "Role must be child or adult"))
        given = str(raw.get("given_name") or "").strip()[:100]
        family = str(raw.get("family_name") or "").strip()[:100]
        if not family:
            errs.append(RowError(person_line, f"{prefix}family_name", "Enter the person's last name"))
        if not given:
            errs.append(RowError(person_line, f"{prefix}given_name", "Enter the person's first name"))
        dob = as_date(raw.get("date_of_birth"), f"{prefix}date_of_birth", ptmp, "Date of birth")
        if dob and dob > timezone.localdate():
            ptmp.add(f"{prefix}date_of_birth", "Date of birth must be in the past")
        if role == "child" and dob is None and not ptmp.errors:
            ptmp.add(f"{prefix}date_of_birth", "Enter the child's date of birth")
        for field, messages in ptmp.errors.items():
            errs.extend(RowError(person_line, field, m) for m in messages)
        sex = str(raw.get("sex") or "").strip().upper()[:1]
        if sex and sex not in ("M", "F", "U"):
            errs.append(RowError(person_line, f"{prefix}sex", "Sex must be M, F or U"))
        people.append(
            {
                "role": role,
                "given_name": given,
                "family_name": family,
                "date_of_birth": dob,
                "sex": sex,
                "present": _bool(raw.get("present"), person_line, f"{prefix}present", errs),
                "normally_resides": _bool(raw.get("normally_resides"), person_line, f"{prefix}normally_resides", errs),
                "school": str(raw.get("school") or "").strip()[:200],
            }
        )
    if not any(p["role"] == "child" for p in people):
        errs.append(
            RowError(line, "people" if group.people and group.people[0][1] else "role", "Name at least one child")
        )
    for e in errs:
        e.reference = reference
    if errs:
        return None
    return {
        "reference": reference,
        "kind": kind,
        "incident_at": incident_at,
        "recorded_at": recorded_at,
        "dash_risk": dash,
        "summary": str(data.get("summary") or "").strip(),
        "people": people,
    }


def parse(content: str | bytes, *, filename: str = "", content_type: str = "") -> list[Group]:
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FileError("The file must be UTF-8 text") from None
    is_json = "json" in content_type or filename.lower().endswith(".json") or content.lstrip()[:1] in ("[", "{")
    return parse_json(content) if is_json else parse_csv(content)
