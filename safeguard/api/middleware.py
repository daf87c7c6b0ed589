"""Every error the API answers is problem+json, including the ones Django or ninja write before any
router runs (405 for a method a path does not have, 404 for an unknown path, 400, 413, 500)."""

from __future__ import annotations

import json

from django.http import HttpResponse

from safeguard.api.problems import PROBLEM_CONTENT_TYPE, problem_body

API_PREFIX = "/api/"

DETAILS = {
    404: "There is nothing at this address in the API. See /api/v1/docs.",
    405: "This address does not accept that method; the Allow header lists the ones it does.",
    413: "The request body is larger than this service accepts. Nothing was saved.",
    500: "Nothing was saved. The error has been logged; try again or contact the service desk.",
}


class ApiProblemMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE)
        ):
            body = problem_body(
                response.status_code,
                detail=DETAILS.get(response.status_code, ""),
                instance=getattr(request, "request_id", ""),
            )
            replacement = HttpResponse(json.dumps(body), status=response.status_code, content_type=PROBLEM_CONTENT_TYPE)
            for header in ("Allow", "X-Request-ID", "WWW-Authenticate", "Retry-After"):
                if header in response:
                    replacement[header] = response[header]
            return replacement
        return response
