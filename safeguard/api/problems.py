"""RFC 9457 problem details: the one error shape of the API, with field-level messages."""

from __future__ import annotations

from ninja import Schema

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ProblemFieldError(Schema):
    field: str
    message: str


class ProblemDetails(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    instance: str = ""
    errors: list[ProblemFieldError] = []


# Statuses every authenticated operation can answer, declared once and merged into each route.
UNAUTHORISED = {401: ProblemDetails}
NOT_FOUND = {404: ProblemDetails}
INVALID = {422: ProblemDetails}
FORBIDDEN = {403: ProblemDetails}
CONFLICT = {409: ProblemDetails}
STALE = {412: ProblemDetails}

TITLES = {
    400: "Bad request",
    401: "Sign in or send a valid API token",
    403: "You may see this record but not do that to it",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "The record has changed since you read it",
    413: "Request body too large",
    422: "Some of the details are not valid",
    429: "Too many requests",
    428: "Send If-Match with the version you read",
    500: "Something went wrong",
}

# Friendlier words for pydantic's error types.
PYDANTIC_MESSAGES = {
    "missing": "This field is required",
    "date_from_datetime_parsing": "Enter a real date, like 2015-03-27",
    "date_parsing": "Enter a real date, like 2015-03-27",
    "date_type": "Enter a real date, like 2015-03-27",
    "datetime_from_date_parsing": "Enter a real date and time, like 2026-03-27T14:30:00",
    "datetime_parsing": "Enter a real date and time, like 2026-03-27T14:30:00",
    "uuid_parsing": "Enter a valid record id",
    "uuid_type": "Enter a valid record id",
    "string_type": "Enter text",
    "bool_type": "Enter true or false",
    "bool_parsing": "Enter true or false",
    "int_parsing": "Enter a whole number",
    "int_type": "Enter a whole number",
    "list_type": "Enter a list",
    "extra_forbidden": "This field is not accepted here",
    "json_invalid": "The request body is not valid JSON",
    "model_attributes_type": "The request body must be a JSON object",
    "dict_type": "The request body must be a JSON object",
}


def problem_body(
    status: int, *, detail: str = "", errors: list[dict] | None = None, instance: str = "", title: str = ""
) -> dict:
    return {
        "type": "about:blank",
        "title": title or TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": instance,
        "errors": errors or [],
    }


def field_path(loc: tuple | list) -> str:
    """('body', 'payload', 'identifiers', 0, 'value') -> 'identifiers[0].value'."""
    parts = list(loc)
    while parts and parts[0] in ("body", "query", "path", "header", "cookie", "form"):
        parts.pop(0)
    if len(parts) > 1 and parts[0] in ("payload", "data", "body", "filters", "params"):
        parts.pop(0)
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "body"


def etag(version: int) -> str:
    return f'"{version}"'


def if_match_version(request) -> int | None:
    """The version in an If-Match header ("3", W/"3" or 3); None without one or with `*`.

    A value that is no version at all can match nothing: -1, refused as stale."""
    value = request.headers.get("If-Match", "").strip()
    if not value or value == "*":
        return None
    value = value.removeprefix("W/").strip().strip('"')
    return int(value) if value.isdigit() and len(value) < 10 else -1
