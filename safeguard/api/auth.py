"""API authentication: a practitioner's bearer token (agency systems) or the browser session."""

from __future__ import annotations

from ninja.security import HttpBearer, SessionAuth

from safeguard.access.services import api_token_authenticate


class PractitionerToken(HttpBearer):
    openapi_description = "A practitioner's API token: `Authorization: Bearer sg_...`"

    def authenticate(self, request, token: str):
        practitioner = api_token_authenticate(token)
        if practitioner is not None:
            request.user = practitioner
        return practitioner


class PractitionerSession(SessionAuth):
    """The signed-in browser session (CSRF-checked for writes)."""


AUTH = [PractitionerToken(), PractitionerSession()]
