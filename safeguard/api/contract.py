"""Test-time guard: every API response must be what its OpenAPI operation documents.

Installed as middleware by the test settings only, so the whole suite (every app's API tests, and the
schemathesis run) checks the contract agency systems rely on, without any test having to remember to:
the status is one the operation declares, the body is sent with the declared media type
(`application/json`, or `application/problem+json` for errors), and the body validates against the
declared schema (JSON Schema 2020-12, formats such as date and uuid checked).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from django.http.request import RawPostDataException
from jsonschema import Draft202012Validator, FormatChecker

API_PREFIX = "/api/v1/"


@dataclass(frozen=True)
class DocumentedOperation:
    method: str
    path: str
    responses: dict  # status -> the document's response object
    request_body: dict  # media type -> the document's request body schema (empty without a body)

    @property
    def statuses(self) -> frozenset[int]:
        return frozenset(int(c) for c in self.responses if str(c).isdigit())


@cache
def document() -> dict:
    from safeguard.api.api import api

    return api.get_openapi_schema(path_prefix=API_PREFIX.rstrip("/"))


@cache
def _operations() -> list[tuple[re.Pattern, DocumentedOperation]]:
    operations = []
    for path, methods in document()["paths"].items():
        pattern = re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", path) + "/?$")
        for method, operation in methods.items():
            responses = {int(c): r for c, r in operation.get("responses", {}).items() if str(c).isdigit()}
            request_body = {k: v["schema"] for k, v in operation.get("requestBody", {}).get("content", {}).items()}
            documented = DocumentedOperation(method.upper(), path, responses, request_body)
            operations.append((path.count("{"), pattern, documented))
    operations.sort(key=lambda op: op[0])  # literal paths win over templated ones
    return [(pattern, op) for _, pattern, op in operations]


def documented_operation(method: str, path: str) -> DocumentedOperation | None:
    """The operation answering `method path`, as the router picks it: the path first (a literal
    path wins over a templated one), then the method. None for a method the path does not have
    (a 405, answered before any operation runs)."""
    matched = None
    for pattern, operation in _operations():
        if matched is None and pattern.match(path):
            matched = operation.path
        if operation.path == matched and operation.method == method:
            return operation
    return None


def declared_statuses(method: str, path: str) -> frozenset[int] | None:
    operation = documented_operation(method, path)
    return operation.statuses if operation else None


@cache
def _validator(media_schema_json: str) -> Draft202012Validator:
    # The document's components ride along so `#/components/schemas/...` references resolve.
    schema = {**json.loads(media_schema_json), "components": document()["components"]}
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _schema_errors(schema: dict, data) -> list[str]:
    validator = _validator(json.dumps(schema, sort_keys=True))
    return [f"{'/'.join(str(p) for p in e.absolute_path) or 'body'}: {e.message}" for e in validator.iter_errors(data)]


def request_breaches(method: str, path: str, content_type: str, body: bytes) -> list[str]:
    """What is wrong with a request body the API *accepted*, against the document.

    Only for accepted requests: a body the document does not allow but the API took means the
    document describes a different body (as when two apps' `DecisionIn` shared one name).
    """
    operation = documented_operation(method, path)
    media_type = content_type.split(";")[0].strip()
    if operation is None or media_type not in operation.request_body or not body:
        return []
    try:
        data = json.loads(body)
    except ValueError:
        return []
    errors = _schema_errors(operation.request_body[media_type], data)
    return [f"{method} {path} accepted a request body its document does not allow: {e}" for e in errors][:10]


def contract_breaches(method: str, path: str, status: int, content_type: str, body: bytes) -> list[str]:
    """What is wrong with this response against the document (empty when it keeps the contract)."""
    operation = documented_operation(method, path)
    if operation is None:
        return []
    where = f"{method} {path} answered {status}"
    if status not in operation.responses:
        return [f"{where}, which its OpenAPI operation does not declare ({sorted(operation.statuses)})"]
    content = operation.responses[status].get("content")
    if not content:  # declared without a body (e.g. a file download): nothing more to check
        return []
    media_type = content_type.split(";")[0].strip()
    if media_type not in content:
        return [f"{where} as {media_type or 'no content type'}; the document says {sorted(content)}"]
    if not media_type.endswith("json"):  # a file (a PDF): its media type is all the document states
        return []
    try:
        data = json.loads(body)
    except ValueError:
        return [f"{where} with a body that is not JSON"]
    return [f"{where}: {error}" for error in _schema_errors(content[media_type]["schema"], data)][:10]


class DeclaredStatusMiddleware:
    """Fails the test whose API call breaks the documented contract (status, media type, schema)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A 5xx is already a failure, raised with its own traceback; the guard adds nothing to it.
        if (
            request.path.startswith(API_PREFIX)
            and not request.path.endswith(("openapi.json", "/docs"))
            and response.status_code < 500
        ):
            body = b"" if getattr(response, "streaming", False) else response.content
            breaches = contract_breaches(
                request.method, request.path, response.status_code, response.get("Content-Type", ""), body
            )
            if 200 <= response.status_code < 300:
                try:
                    request_body = request.body
                except RawPostDataException:  # read as a stream (a file upload): not a JSON body
                    request_body = b""
                breaches += request_breaches(request.method, request.path, request.content_type or "", request_body)
            if breaches:
                raise AssertionError("The API broke its OpenAPI contract:\n" + "\n".join(breaches))
        return response
