"""Test-time guard: every status the API answers must be declared in its OpenAPI document.

Installed as middleware by the test settings only, so the whole suite (every app's API tests)
checks the contract agency systems rely on, without any test having to remember to.
"""

from __future__ import annotations

import re
from functools import cache

API_PREFIX = "/api/v1/"


@cache
def _operations() -> list[tuple[re.Pattern, str, frozenset[int]]]:
    from safeguard.api.api import api

    schema = api.get_openapi_schema(path_prefix=API_PREFIX.rstrip("/"))
    operations = []
    for path, methods in schema["paths"].items():
        pattern = re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", path) + "/?$")
        params = path.count("{")
        for method, operation in methods.items():
            codes = frozenset(int(c) for c in operation.get("responses", {}) if str(c).isdigit())
            operations.append((params, pattern, method.upper(), codes))
    operations.sort(key=lambda op: op[0])  # literal paths win over templated ones
    return [(pattern, method, codes) for _, pattern, method, codes in operations]


def declared_statuses(method: str, path: str) -> frozenset[int] | None:
    for pattern, op_method, codes in _operations():
        if op_method == method and pattern.match(path):
            return codes
    return None


class DeclaredStatusMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX) and not request.path.endswith(("openapi.json", "/docs")):
            codes = declared_statuses(request.method, request.path)
            if codes is not None and response.status_code not in codes:
                raise AssertionError(
                    f"{request.method} {request.path} answered {response.status_code}, "
                    f"which its OpenAPI operation does not declare ({sorted(codes)})"
                )
        return response
