"""What every front door page shares: binding a form to what was posted, running a service call for a
valid form."""

from __future__ import annotations

from collections.abc import Callable

from django.forms import Form
from django.http import HttpRequest, QueryDict

from safeguard.access.errors import InvalidInput
from safeguard.frontdoor.errors import Conflict
from safeguard.web.formtools import add_service_errors


def write_form(form: Form, call: Callable[[], object]) -> bool:
    """Run a service call for a valid form; put its refusals on the form. True when it succeeded."""
    try:
        call()
    except InvalidInput as exc:
        add_service_errors(form, exc)
    except Conflict as exc:
        form.add_error(None, str(exc))
    else:
        return True
    return False


def posted(request: HttpRequest) -> QueryDict | None:
    """The data to bind a form to: bound on any POST, even an empty one (so an empty submission
    shows every error rather than the blank page again), unbound on GET."""
    return request.POST if request.method == "POST" else None
