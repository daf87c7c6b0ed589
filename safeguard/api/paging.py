"""Paged API lists: `limit` and `cursor` query parameters, the next page in a `Link` header.

The body stays a plain JSON array of the items (so existing clients keep working); when there is
more, the response carries `Link: <…?cursor=…>; rel="next"` (RFC 8288) and `X-Next-Cursor`. Clients
follow `next` until it is absent. See `safeguard.core.paging` for why it is keyset paging.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse

from safeguard.core.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, KeysetPage

LIMIT_DESCRIPTION = f"Items per page (1 to {MAX_PAGE_SIZE}, default {DEFAULT_PAGE_SIZE})."
CURSOR_DESCRIPTION = "Where the page starts: the value from the previous page's Link rel=\"next\" (omit for the first)."
PAGED_RESPONSE_HEADERS = {
    "Link": {
        "description": 'The next page as `<url>; rel="next"`, present only when there are more items.',
        "schema": {"type": "string"},
    },
    "X-Next-Cursor": {
        "description": "The `cursor` value for the next page, present only when there are more items.",
        "schema": {"type": "string"},
    },
}


def paged_openapi(status: int = 200) -> dict:
    """`openapi_extra` for a paged list operation: documents the Link and X-Next-Cursor headers."""
    return {"responses": {status: {"headers": PAGED_RESPONSE_HEADERS}}}


def link_next(request, response: HttpResponse, page: KeysetPage) -> None:
    if not page.next_cursor:
        return
    query = request.GET.copy()
    query["cursor"] = page.next_cursor
    url = request.build_absolute_uri(request.path) + "?" + urlencode(sorted(query.items()))
    response["Link"] = f'<{url}>; rel="next"'
    response["X-Next-Cursor"] = page.next_cursor
