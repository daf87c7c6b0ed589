"""Police notification routes: bulk import, the screening dashboard, and screening decisions."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from ninja import Query

from safeguard.access.errors import InvalidInput
from safeguard.api.paging import CURSOR_DESCRIPTION, LIMIT_DESCRIPTION, link_next, paged_openapi
from safeguard.api.problems import CONFLICT, INVALID, NOT_FOUND, UNAUTHORISED
from safeguard.core.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from safeguard.frontdoor import imports, selectors, services

from .common import _conflict_as_409, router
from .presenters import _notification_out, _notification_row_out
from .schemas_in import PoliceScreeningIn
from .schemas_out import NotificationImportReportOut, PoliceNotificationOut, PoliceScreeningDashboardOut

IMPORT_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {
                "schema": {"type": "string"},
                "example": ",".join(imports.CSV_COLUMNS + imports.OPTIONAL_CSV_COLUMNS),
            },
            "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
        },
    },
    "description": imports.__doc__,
}


@router.post(
    "/notifications/import",
    response={200: NotificationImportReportOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Import police notifications (CSV or JSON): good rows kept, bad rows reported by line and field",
    openapi_extra=IMPORT_DOC,
)
def import_notifications(request):
    try:
        groups = imports.parse(request.body, content_type=request.headers.get("Content-Type", ""))
    except imports.FileError as exc:
        raise InvalidInput({"body": [exc.message]}) from None
    report = services.notifications_import(actor=request.user, groups=groups)
    if report["errors"] and not report["accepted"] and not report["already_imported"]:
        raise InvalidInput({f"line {e.line}: {e.field}": [e.message] for e in report["errors"]})
    return report


@router.get(
    "/police-screening",
    response={200: PoliceScreeningDashboardOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Police notifications waiting for a referral decision, oldest first, with those over the threshold",
    description="The counts cover the whole backlog; `waiting` is one page of it. Paged: follow the Link "
    "rel=\"next\" header.",
    openapi_extra=paged_openapi(),
)
def police_screening(
    request,
    response: HttpResponse,
    limit: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=LIMIT_DESCRIPTION),
    cursor: str = Query("", max_length=500, description=CURSOR_DESCRIPTION),
):
    board = selectors.police_dashboard(actor=request.user, cursor=cursor or None, size=limit, flat=True)
    link_next(request, response, board.waiting)
    return {
        "waiting_count": board.waiting_count,
        "over_threshold_count": board.over_threshold_count,
        "threshold_hours": board.threshold_hours,
        "oldest_age_hours": board.oldest_age_hours,
        "waiting": [_notification_row_out(n, board.now) for n in board.waiting],
    }


@router.get(
    "/notifications/{notification_id}",
    response={200: PoliceNotificationOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="A police notification",
)
def get_notification(request, notification_id: uuid.UUID):
    return _notification_out(selectors.notification_for_view(actor=request.user, notification_id=notification_id))


@router.post(
    "/notifications/{notification_id}/screening",
    response={200: PoliceNotificationOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="A police officer's decision: refer to children's social care (creates a contact) or not, with reason",
)
def screen_notification(request, notification_id: uuid.UUID, payload: PoliceScreeningIn):
    notification = selectors.notification_for_view(actor=request.user, notification_id=notification_id)
    with _conflict_as_409():
        notification = services.police_screening_decide(
            actor=request.user, notification=notification, decision=payload.decision, reason=payload.reason
        )
    return _notification_out(notification)
