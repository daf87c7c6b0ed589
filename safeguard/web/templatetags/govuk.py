"""GOV.UK Design System helpers for Django templates.

    {% load govuk %}
    {% govuk_field form.full_name %}
    {% govuk_field form.role label_class="govuk-fieldset__legend--m" %}
    {% govuk_field form.reference classes="govuk-input--width-10" is_page_heading=True label_class="govuk-label--l" %}
    {{ form.name|govuk_anchor }}          id the error summary links to

`govuk_field` renders components/field.html, which can also be included
directly: {% include "components/field.html" with field=form.full_name %}.

The widget decides the GOV.UK pattern (see `widget_kind`): text-like inputs,
password (with GOV.UK's show/hide button), textarea, select, radios,
checkboxes, a single checkbox, and a day/month/year date input for any
MultiWidget (named subwidgets such as day/month/year are labelled from their
names; unnamed ones as Day, Month, Year).
"""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundWidget
from django.utils.html import format_html_join

from safeguard.web.dates import error_parts

register = template.Library()

# GOV.UK input classes per widget input_type; anything unlisted is a plain govuk-input.
_INPUT_EXTRA = {
    "number": {"inputmode": "numeric", "spellcheck": "false"},
    "email": {"spellcheck": "false"},
    "password": {"spellcheck": "false", "autocapitalize": "none"},
}
_DATE_PART_WIDTH = {"day": "govuk-input--width-2", "month": "govuk-input--width-2", "year": "govuk-input--width-4"}


def widget_kind(field: forms.BoundField) -> str:
    """Name the GOV.UK pattern for a bound field's widget."""
    widget = field.field.widget
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple):  # before RadioSelect: it subclasses it
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):  # also SelectMultiple, NullBooleanSelect
        return "select"
    if isinstance(widget, forms.MultiWidget):
        return "date"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    return "input"


def _first_id(field: forms.BoundField) -> str:
    if widget_kind(field) == "date":
        subwidgets = _multiwidget_parts(field)
        if subwidgets and subwidgets[0]["attrs"].get("id"):
            return subwidgets[0]["attrs"]["id"]
    else:
        subwidgets = list(field.subwidgets)
        if subwidgets and subwidgets[0].data.get("attrs", {}).get("id"):
            return subwidgets[0].data["attrs"]["id"]
    return field.auto_id or field.html_name


def _multiwidget_parts(field: forms.BoundField) -> list[dict]:
    """The context dicts of a MultiWidget's parts (name, value, attrs with id, template_name)."""
    attrs = field.build_widget_attrs({"id": field.auto_id} if field.auto_id else {})
    attrs.pop("aria-describedby", None)  # described on the fieldset instead
    return field.field.widget.get_context(field.html_name, field.value(), attrs)["widget"]["subwidgets"]


@register.filter
def govuk_anchor(field: forms.BoundField) -> str:
    """The element id the error summary should link to (first radio, day box…)."""
    kind = widget_kind(field)
    if kind == "date" and field.errors:
        wrong = error_parts(field)
        for part in _multiwidget_parts(field):
            if part["name"].rsplit("_", 1)[-1] in wrong and part["attrs"].get("id"):
                return part["attrs"]["id"]
    if kind in ("radios", "checkboxes", "date"):
        return _first_id(field)
    return field.auto_id or field.html_name


@register.filter
def govuk_kind(field: forms.BoundField) -> str:
    return widget_kind(field)


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


@register.simple_tag
def govuk_field_context(field, label_class="", classes="", is_page_heading=False, hint="", label=""):
    """Everything components/field.html needs to render one bound field."""
    kind = widget_kind(field)
    field_id = field.auto_id or field.html_name
    hint_text = hint or field.help_text
    hint_id = f"{field_id}_helptext" if hint_text else ""
    errors = list(field.errors)
    error_id = f"{field_id}_error" if errors else ""
    described_by = _join(hint_id, error_id)
    ctx = {
        "kind": kind,
        "field": field,
        "id": field_id,
        "label": label or field.label,
        "label_class": label_class,
        "is_page_heading": bool(is_page_heading),
        "hint": hint_text,
        "hint_id": hint_id,
        "error": " ".join(str(e) for e in errors),
        "error_id": error_id,
        "described_by": described_by,
        "widget_html": "",
        "items": [],
    }
    attrs = {}
    if described_by and kind not in ("radios", "checkboxes", "date"):
        attrs["aria-describedby"] = described_by

    if kind in ("input", "password"):
        input_type = getattr(field.field.widget, "input_type", "text")
        attrs.update(_INPUT_EXTRA.get(input_type, {}))
        attrs["class"] = _join(
            "govuk-input",
            "govuk-password-input__input govuk-js-password-input-input" if kind == "password" else "",
            classes,
            "govuk-input--error" if errors else "",
        )
        ctx["widget_html"] = field.as_widget(attrs=attrs)
    elif kind == "textarea":
        attrs["class"] = _join("govuk-textarea", classes, "govuk-textarea--error" if errors else "")
        ctx["widget_html"] = field.as_widget(attrs=attrs)
    elif kind == "select":
        attrs["class"] = _join("govuk-select", classes, "govuk-select--error" if errors else "")
        ctx["widget_html"] = field.as_widget(attrs=attrs)
    elif kind == "checkbox":
        attrs["class"] = "govuk-checkboxes__input"
        ctx["widget_html"] = field.as_widget(attrs=attrs)
    elif kind in ("radios", "checkboxes"):
        for sub in field.subwidgets:
            data = sub.data
            ctx["items"].append(
                {
                    "id": data["attrs"].get("id", ""),
                    "name": data["name"],
                    "value": "" if data["value"] is None else str(data["value"]),
                    "label": sub.choice_label,
                    "checked": bool(data.get("selected")),
                    "disabled": bool(data["attrs"].get("disabled")),
                }
            )
    elif kind == "date":
        widget = field.field.widget
        names = [n.lstrip("_") for n in getattr(widget, "widgets_names", [])]
        defaults = ["Day", "Month", "Year"]
        wrong = error_parts(field) if errors else set()
        for i, part in enumerate(_multiwidget_parts(field)):
            name = names[i] if i < len(names) else ""
            label = name.capitalize() if name and not name.isdigit() else (defaults[i] if i < 3 else str(i + 1))
            width = _DATE_PART_WIDTH.get(label.lower(), "govuk-input--width-4")
            part["attrs"] = {
                **part["attrs"],
                "class": _join(
                    "govuk-input govuk-date-input__input", width, "govuk-input--error" if label.lower() in wrong else ""
                ),
                "inputmode": part["attrs"].get("inputmode", "numeric"),
            }
            html = BoundWidget(widget, part, field.form.renderer).tag()
            ctx["items"].append({"id": part["attrs"].get("id", ""), "label": label, "html": html})
    elif kind == "hidden":
        ctx["widget_html"] = field.as_widget()
    return ctx


@register.inclusion_tag("components/field.html")
def govuk_field(field, label_class="", classes="", is_page_heading=False, hint="", label=""):
    """Render one bound field as a GOV.UK form group."""
    return {
        "field": field,
        "label": label,
        "label_class": label_class,
        "classes": classes,
        "is_page_heading": is_page_heading,
        "hint": hint,
    }


@register.filter
def add_class(bound_field, css_class: str):
    """{{ form.x|add_class:"govuk-input--width-10" }}: render a widget with extra classes."""
    existing = bound_field.field.widget.attrs.get("class", "")
    return bound_field.as_widget(attrs={"class": _join(existing, css_class)})


@register.filter
def govuk_any_action(rows) -> bool:
    """True when any summary list row has an action link (so others get --no-actions)."""
    return any(isinstance(row, dict) and (row.get("action_href") or row.get("actions")) for row in rows or [])


@register.filter
def govuk_cell(cell) -> dict:
    """Normalise a table cell: a plain value becomes {"text": value}; dicts pass through."""
    if isinstance(cell, dict):
        return cell
    return {"text": cell}


@register.filter
def govuk_row(row) -> dict:
    """Normalise a table row: a list of cells becomes {"cells": [...]}; dicts pass through."""
    if isinstance(row, dict):
        return row
    return {"cells": row, "attributes": {}}


@register.filter
def govuk_attributes(attributes) -> str:
    """Extra HTML attributes from a dict ({"data-testid": "x"} -> ' data-testid="x"'), escaped."""
    if not attributes:
        return ""
    return format_html_join("", ' {}="{}"', attributes.items())


@register.filter
def govuk_page_items(page_obj) -> list[dict]:
    """Numbered items for GOV.UK pagination: [{"number": 1, "current": False, "ellipsis": False}, …]."""
    paginator = page_obj.paginator
    items = []
    for number in paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1):
        if number == paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append({"number": number, "current": number == page_obj.number, "ellipsis": False})
    return items
