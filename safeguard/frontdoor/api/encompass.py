"""Operation Encompass routes: a school's notices, and acknowledging one."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from django.utils import timezone
from ninja import Query

from safeguard.api.paging import CURSOR_DESCRIPTION, LIMIT_DESCRIPTION, link_next, paged_openapi
from safeguard.api.problems import FORBIDDEN, INVALID, NOT_FOUND, UNAUTHORISED
from safeguard.core.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from safeguard.frontdoor import selectors, services

from .common import router
from .presenters import _notice_out, _notice_row_out
from .schemas_out import EncompassNoticeOut


@router.get(
    "/encompass-notices",
    response={200: list[EncompassNoticeOut], **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Operation Encompass notices: a DSL sees their school's; flagged=true for late or unacknowledged",
    description="Open notices (not yet acknowledged) soonest due first, unless include_acknowledged=true. "
    "Paged: follow the Link rel=\"next\" header.",
    openapi_extra=paged_openapi(),
)
def encompass_notices(
    request,
    response: HttpResponse,
    flagged: bool = False,
    include_acknowledged: bool = False,
    limit: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=LIMIT_DESCRIPTION),
    cursor: str = Query("", max_length=500, description=CURSOR_DESCRIPTION),
):
    page = selectors.encompass_notices_for(
        actor=request.user, flagged_only=flagged, include_acknowledged=include_acknowledged, cursor=cursor or None,
        size=limit, flat=True,
    )
    link_next(request, response, page)
    now = timezone.now()
    return [_notice_row_out(n, now) for n in page.items]


@router.post(
    "/encompass-notices/{notice_id}/acknowledge",
    response={200: EncompassNoticeOut, **UNAUTHORISED, **FORBIDDEN, **NOT_FOUND, **INVALID},
    summary="The school's designated safeguarding lead acknowledges a notice",
)
def acknowledge_notice(request, notice_id: uuid.UUID):
    notice = selectors.encompass_notice_lookup(notice_id=notice_id)
    return _notice_out(services.encompass_acknowledge(actor=request.user, notice=notice))
