"""Assembles the JSON API from each app's router, with problem-details errors throughout."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from safeguard.access.errors import Forbidden, InvalidInput, NotFound, StaleVersion
from safeguard.api.auth import AUTH
from safeguard.api.problems import PROBLEM_CONTENT_TYPE, PYDANTIC_MESSAGES, field_path, problem_body
from safeguard.api.validation import InvalidInputError, SafeguardParser, check_validated_values


class SafeguardAPI(NinjaAPI):
    """The API, whose document states the media type errors are really sent with.

    django-ninja documents every response as its renderer's `application/json`; error responses
    go out as `application/problem+json` (RFC 9457), so the document says that for them.
    """

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for methods in schema["paths"].values():
            for operation in methods.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content")
                    if int(status) >= 400 and content and self.renderer.media_type in content:
                        response["content"] = {PROBLEM_CONTENT_TYPE: content[self.renderer.media_type]}
        return schema

    def get_openapi_operation_id(self, operation) -> str:
        """`<app's api module>_<function>`, whichever file of an app's api package holds the route:
        clients generate code from operation ids, so splitting a package must not rename them."""
        parts = operation.view_func.__module__.split(".")
        if "api" in parts[2:]:
            parts = parts[: parts.index("api", 2) + 1]
        return "_".join(parts + [operation.view_func.__name__])


api = SafeguardAPI(
    title="Safeguard API",
    version="1",
    description=(
        "Multi-agency child safeguarding. Every call is authorised by the need-to-know policy and "
        "written to the audit log. Records you may not see answer 404. Errors are RFC 9457 problem "
        "details with field-level messages."
    ),
    auth=AUTH,
    urls_namespace="api",
    parser=SafeguardParser(),
)
# After pydantic, before any router's code: dates, numbers and text no schema refuses by itself.
api.add_decorator(check_validated_values)


def _problem(request: HttpRequest, status: int, **kwargs):
    body = problem_body(status, instance=getattr(request, "request_id", ""), **kwargs)
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = PROBLEM_CONTENT_TYPE
    return response


def _field_errors(raw_errors) -> list[dict]:
    return [
        {
            "field": field_path(e.get("loc", ())),
            "message": PYDANTIC_MESSAGES.get(e.get("type"), e.get("msg", "Invalid")),
        }
        for e in raw_errors
    ]


@api.exception_handler(ValidationError)
def _validation(request, exc: ValidationError):
    errors = _field_errors(exc.errors)
    return _problem(request, 422, detail="Nothing was saved. Correct the fields listed.", errors=errors)


@api.exception_handler(StaleVersion)
def _stale(request, exc: StaleVersion):
    from safeguard.api.problems import etag

    response = _problem(
        request,
        412,
        detail="Someone changed this record after you read it, so nothing was saved. Read it again "
        "(its ETag is in this response), check their change, then send yours with the new If-Match.",
    )
    response["ETag"] = etag(exc.current_version)
    return response


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return _problem(request, 413, detail="The request body is larger than this service accepts. Nothing was saved.")


@api.exception_handler(InvalidInput)
def _invalid(request, exc: InvalidInput):
    errors = [{"field": f, "message": m} for f, messages in exc.errors.items() for m in messages]
    return _problem(request, 422, detail="Nothing was saved. Correct the fields listed.", errors=errors)


@api.exception_handler(NotFound)
def _not_found(request, exc):
    return _problem(request, 404, detail="No record you may see has this id.")


@api.exception_handler(Forbidden)
def _forbidden(request, exc):
    return _problem(request, 403, detail=str(exc))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _problem(request, 401, detail="Send `Authorization: Bearer <token>` or sign in.")


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 400 and isinstance(exc.__cause__, InvalidInputError):  # refused by SafeguardParser
        errors = _field_errors(exc.__cause__.errors)
        return _problem(request, 422, detail="Nothing was saved. Correct the fields listed.", errors=errors)
    if exc.status_code == 400:  # an unparseable body: report it like any other invalid field
        errors = [{"field": "body", "message": "The request body is not valid JSON"}]
        return _problem(request, 422, detail="Nothing was saved. Correct the fields listed.", errors=errors)
    if exc.status_code == 403 and "CSRF" in str(exc):  # ninja's session check, not the access policy
        return _problem(
            request,
            403,
            title="The request did not come from this site (CSRF check failed)",
            detail="Signed-in browser calls that change data must send the CSRF token "
            "(the csrftoken cookie, as the X-CSRFToken header). Agency systems use an API token instead.",
        )
    return _problem(request, exc.status_code, detail=str(exc))


def _register_routers() -> None:
    from safeguard.agencies.api import router as agencies_router
    from safeguard.challenges.api import router as challenges_router
    from safeguard.cin.api import router as cin_router
    from safeguard.directory.api import router as directory_router
    from safeguard.family.api import router as family_router
    from safeguard.frontdoor.api import router as frontdoor_router
    from safeguard.people.api import router as people_router
    from safeguard.protection.api import router as protection_router

    api.add_router("/", agencies_router)
    api.add_router("/", directory_router)
    api.add_router("/", people_router)
    api.add_router("/", frontdoor_router)
    api.add_router("/", family_router)
    api.add_router("/", protection_router)
    api.add_router("/", challenges_router)
    api.add_router("/", cin_router)


_register_routers()


def _declare_common_problems() -> None:
    """Statuses any operation can answer, whatever its router declared: the validation layer's 422
    (query parameters too), 413 for an oversized body and the session's CSRF 403 on writes."""
    from safeguard.api.problems import ProblemDetails

    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                codes = [422]
                if set(operation.methods) & {"POST", "PUT", "PATCH", "DELETE"}:
                    codes += [403, 413]
                for code in codes:
                    if code not in operation.response_models:
                        operation.response_models[code] = operation._create_response_model(ProblemDetails)


_declare_common_problems()
