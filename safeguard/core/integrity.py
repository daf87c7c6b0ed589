"""The net under every save: text a column cannot hold is a field error, never a database 500.

Services validate what they own (codes, names, lengths) with the field's path; this catches what
any of them missed, for the API and the web forms alike: a value longer than its column (SQLite
would silently store it, PostgreSQL raises), a NUL byte (PostgreSQL refuses it) or a lone surrogate.
"""

from __future__ import annotations

from django.db import models
from django.db.models.signals import pre_save

from safeguard.access.errors import InvalidInput


def _check_text(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw:
        return
    from safeguard.api.validation import text_problem

    errors: dict[str, list[str]] = {}
    for field in sender._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        if update_fields is not None and field.name not in update_fields:
            continue
        value = getattr(instance, field.attname, None)
        if not isinstance(value, str):
            continue
        problem = text_problem(value, limit=field.max_length or 1_000_000)
        if problem:
            errors[field.name] = [problem]
    if errors:
        raise InvalidInput(errors)


def connect() -> None:
    pre_save.connect(_check_text, dispatch_uid="safeguard-text-integrity")


class RefuseUnstorableQueryMiddleware:
    """A web page's query string (filters, paging) with a NUL byte or a lone surrogate answers 400
    through the site's error page, before any view can hand it to the database. Forms get their
    field-level error from Django's form fields (which refuse NUL) and the save-time net above;
    the API refuses such input itself, naming the parameter (``api.validation``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            from django.core.exceptions import BadRequest

            from safeguard.api.validation import text_problem

            for key, values in request.GET.lists():
                if any(text_problem(v, limit=2_000) for v in [key, *values]):
                    raise BadRequest("The address holds a character or a value that is not allowed")
        return self.get_response(request)
