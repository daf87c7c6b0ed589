"""Binds a request id and the client address for every audit entry written during the request."""

from __future__ import annotations

import re
import uuid

from django.conf import settings

from safeguard.access import context

REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def client_ip(request) -> str:
    if settings.SAFEGUARD_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()[:45]
    return request.META.get("REMOTE_ADDR", "")[:45]


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        supplied = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = supplied if REQUEST_ID_RE.match(supplied) else uuid.uuid4().hex
        channel = "api" if request.path.startswith("/api/") else "web"
        token = context.bind(context.AuditContext(request_id=request_id, client_ip=client_ip(request), channel=channel))
        request.request_id = request_id
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request_id
        return response


class AccessOutcomeMiddleware:
    """Web pages answer the access policy's outcomes one way, whichever view raised them: a record
    that does not exist *or* that the actor may not see is a 404 (never 403, which would confirm it
    exists); a change the actor may not make to a record they can see is a 403. Both through the
    site's own error pages (``handler404`` / ``handler403``). The API's routers answer the same
    outcomes as problem details (``api.problems``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.core.exceptions import PermissionDenied
        from django.core.handlers.exception import response_for_exception
        from django.http import Http404

        from safeguard.access.errors import Forbidden, NotFound

        if isinstance(exception, NotFound):
            return response_for_exception(request, Http404())
        if isinstance(exception, Forbidden):
            return response_for_exception(request, PermissionDenied())
        return None


class NoStoreMiddleware:
    """Pages and API answers may hold personal data: no browser, proxy or shared cache keeps them
    (``Cache-Control: no-store``). Static files are served earlier, by WhiteNoise, with long caching;
    a view that sets its own Cache-Control keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils.cache import add_never_cache_headers

        response = self.get_response(request)
        if "Cache-Control" not in response:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private; Expires now
        return response
