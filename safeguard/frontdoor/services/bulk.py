"""Bulk intake of police notifications, keeping good rows and reporting every bad one."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from safeguard.access import records
from safeguard.frontdoor.models import (
    Notification,
)

from .police import notification_create


def notifications_import(*, actor, groups, progress=None):
    """Accept every valid notification, report every bad line with its field, and skip references
    already imported (so re-importing a file creates nothing twice). Each notification commits
    on its own, so one bad row never loses the good ones."""
    from safeguard.frontdoor.imports import RowError, clean_group

    records.require(actor, "import", Notification)
    report = {"accepted": [], "already_imported": [], "errors": []}
    for group in groups:
        cleaned = clean_group(group)
        if cleaned is None:
            lines = {e.line for e in group.errors}
            for other_line, _, _ in group.people:
                if other_line not in lines and not group.people[0][1]:
                    group.errors.append(
                        RowError(
                            other_line,
                            "reference",
                            "Not imported: another line of this incident has errors",
                            group.reference,
                        )
                    )
                    lines.add(other_line)
            report["errors"].extend(group.errors)
        elif Notification.objects.filter(source_reference=cleaned["reference"]).exists():
            report["already_imported"].append(cleaned["reference"])
        else:
            try:
                with transaction.atomic():
                    notification_create(actor=actor, data=cleaned)
            except IntegrityError:
                report["already_imported"].append(cleaned["reference"])
            else:
                report["accepted"].append(cleaned["reference"])
        if progress is not None:
            progress(1)
    report["errors"].sort(key=lambda e: e.line)
    return report
