"""Display in the users' words: {% load words %} then {{ day|in_words }}, {{ code|role_label }}…

Thin wrappers over safeguard/web/presenters.py, so pages and PDFs format the same way.
"""

from django import template
from django.utils import timezone

from safeguard.web import presenters

register = template.Library()


@register.filter
def in_words(value, arg: str = ""):
    """ "Friday 4 December 2026"; `|in_words:"time"` adds the time, `|in_words:"short"` drops the weekday.

    Nothing for no date (like Django's `date` filter), so `|in_words|default:"Not known"` works."""
    if value in (None, ""):
        return ""
    return presenters.date_in_words(value, weekday=arg != "short", time=arg == "time")


@register.filter
def role_label(code):
    return presenters.role_label(code)


@register.filter
def record_kind(object_type):
    return presenters.record_kind(object_type)


@register.simple_tag
def now_in_words() -> str:
    """The time now as pages write it: "Monday 30 November 2026, 2:52pm" (printed pages say when)."""
    return presenters.date_in_words(timezone.now(), time=True)
