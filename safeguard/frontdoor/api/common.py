"""The front door API's one router, and the mapping of a lost race to 409."""

from __future__ import annotations

import contextlib

from ninja import Router
from ninja.errors import HttpError

from safeguard.frontdoor.errors import Conflict

router = Router(tags=["Front door"])


@contextlib.contextmanager
def _conflict_as_409():
    try:
        yield
    except Conflict as exc:
        raise HttpError(409, str(exc)) from None
