"""The protection API's one router, its common error responses, and look-ups every route uses."""

from __future__ import annotations

from ninja import Router

from safeguard.access.errors import NotFound
from safeguard.agencies.models import Practitioner
from safeguard.api.problems import FORBIDDEN, INVALID, NOT_FOUND, UNAUTHORISED
from safeguard.people.selectors import person_lookup

router = Router(tags=["Child protection"])


ERRORS = {**UNAUTHORISED, **FORBIDDEN, **NOT_FOUND, **INVALID}


def _people(ids) -> list:
    return [person_lookup(person_id=i) for i in ids]


def _practitioner(pk):
    if pk is None:
        return None
    p = Practitioner.objects.filter(pk=pk, is_active=True).first()
    if p is None:
        raise NotFound()
    return p
