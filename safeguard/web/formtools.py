"""Shared form plumbing for every app's pages: service errors onto the form, and POST data."""

from __future__ import annotations

from safeguard.access.errors import InvalidInput


def posted(request):
    """The submitted data for a POST (even an empty one, so its errors show), else None."""
    return request.POST if request.method == "POST" else None


def add_service_errors(form, exc: InvalidInput, rename: dict[str, str | None] | None = None) -> None:
    """Put a service's field-level errors on the form, so the error summary links to each field.

    `rename` maps a service field to a form field (None: show it at the top of the form). Errors
    for fields the form does not have also go at the top, so none is ever lost.
    """
    for field, field_messages in exc.errors.items():
        field = (rename or {}).get(field, field)
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)
