"""GOV.UK summary lists, tables and back links written as template blocks, drawn by components/*.html.

    {% load components %}
    {% back_link "person_detail" person.pk %}Back to {{ person.full_name }}{% endback_link %}
    {% back_link href=back_url %}{% endback_link %}                     "Back"
    {% back_link "returns:index" year=year.code %}Back to statutory returns{% endback_link %}   ?year=…

    {% summary_list %}
      {% summary_row "Date of birth" action_href=change_url %}{{ person.date_of_birth|in_words }}{% endsummary_row %}
      {% summary_row %}{% summary_key %}{{ v.agency }}{% endsummary_key %}{{ v.view }}{% endsummary_row %}
    {% endsummary_list %}

    {% table caption="Open contacts" caption_class="govuk-table__caption--s" %}
      {% th %}Child{% endth %}{% th format="numeric" %}Days{% endth %}       column headers
      {% for c in contacts %}{% tr %}
        {% th %}{{ c.name }}{% endth %}{% td format="numeric" %}{{ c.days }}{% endtd %}   row header, cell
      {% endtr %}{% empty %}{% tr %}{% td colspan=2 %}None{% endtd %}{% endtr %}{% endfor %}
    {% endtable %}

    {% tag colour="red" %}Overdue{% endtag %}   {% warning %}…{% endwarning %}   {% inset %}…{% endinset %}
    {% button %}Save and continue{% endbutton %}
    {% button "cin:child" child.pk variant="secondary" %}Cancel{% endbutton %}

Why blocks: a row's value or a cell is often a link, a tag or a few lines, which reads best written
where it is shown. The blocks only collect; the markup is written once, in components/summary_list.html,
components/table.html, back_link.html, tag.html, button.html, warning.html and inset.html, which
views can also include with values built in Python. A block's content is rendered by the template
engine (autoescaped), so it is passed on as safe; keys, captions and hrefs given as arguments are
escaped by the component.
Other keyword arguments of summary_list, table and tr become HTML attributes (data_testid="x" is
written data-testid="x").
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.template.base import FilterExpression, NodeList, token_kwargs
from django.urls import reverse
from django.utils.safestring import mark_safe

register = template.Library()

_LIST, _ROW, _TABLE, _TR = "_govuk_summary_list", "_govuk_summary_row", "_govuk_table", "_govuk_tr"


def _parse(parser, token, end: str) -> tuple[list[FilterExpression], dict[str, FilterExpression], NodeList]:
    """Positional and keyword arguments of a block tag, and its body up to `end`."""
    bits = token.split_contents()
    name, rest = bits[0], bits[1:]
    args: list[FilterExpression] = []
    kwargs: dict[str, FilterExpression] = {}
    while rest:
        found = token_kwargs(rest, parser)  # consumes leading name=value bits
        if found:
            kwargs.update(found)
            continue
        if kwargs:
            raise template.TemplateSyntaxError(f"{name}: positional argument after a keyword argument")
        args.append(parser.compile_filter(rest.pop(0)))
    nodelist = parser.parse((end,))
    parser.delete_first_token()
    return args, kwargs, nodelist


def _resolve(kwargs: dict[str, FilterExpression], context) -> dict:
    return {key: value.resolve(context) for key, value in kwargs.items()}


def _attributes(values: dict) -> dict[str, str]:
    """Leftover keyword arguments as HTML attributes: data_testid -> data-testid."""
    return {key.replace("_", "-"): value for key, value in values.items() if value not in (None, "", False)}


def _render(context, name: str, values: dict) -> str:
    component = context.template.engine.get_template(name)
    return component.render(context.new(values))


def _state(context, key: str, tag: str) -> dict:
    try:
        return context[key]
    except KeyError:
        raise template.TemplateSyntaxError(f"{{% {tag} %}} is only allowed inside its parent block") from None


def _collect(nodelist: NodeList, context, tag: str) -> None:
    """Render a block's children for what they collect; anything else inside it would be lost, so say so."""
    stray = nodelist.render(context).strip()
    if stray:
        raise template.TemplateSyntaxError(f"{{% {tag} %}} holds only its own blocks, not {stray[:60]!r}")


def _body(nodelist: NodeList, context) -> str:
    return mark_safe(nodelist.render(context).strip())  # noqa: S308 - rendered by the engine: already escaped


class BackLinkNode(template.Node):
    def __init__(self, args, kwargs, nodelist):
        self.args, self.kwargs, self.nodelist = args, kwargs, nodelist

    def render(self, context):
        values = _resolve(self.kwargs, context)
        href = values.pop("href", "")
        fragment = values.pop("fragment", "")
        if self.args:
            name, *args = (arg.resolve(context) for arg in self.args)
            href = reverse(name, args=args)
        if values:
            href += "?" + urlencode({key: value for key, value in values.items() if value is not None})
        if fragment:
            href += f"#{fragment}"
        return _render(context, "components/back_link.html", {"href": href, "text": _body(self.nodelist, context)})


@register.tag
def back_link(parser, token):
    """A GOV.UK back link to a URL name (with its arguments) or to href=…; the body is its text."""
    return BackLinkNode(*_parse(parser, token, "endback_link"))


class SummaryListNode(template.Node):
    def __init__(self, args, kwargs, nodelist):
        self.kwargs, self.nodelist = kwargs, nodelist

    def render(self, context):
        values = _resolve(self.kwargs, context)
        rows: list[dict] = []
        with context.push({_LIST: rows}):
            _collect(self.nodelist, context, "summary_list")
        classes = values.pop("classes", "")
        return _render(
            context,
            "components/summary_list.html",
            {"rows": rows, "classes": classes, "attributes": _attributes(values)},
        )


class SummaryRowNode(template.Node):
    def __init__(self, args, kwargs, nodelist):
        self.args, self.kwargs, self.nodelist = args, kwargs, nodelist

    def render(self, context):
        rows = _state(context, _LIST, "summary_row")
        row = _resolve(self.kwargs, context)
        parts: dict = {}
        with context.push({_ROW: parts}):
            row["value"] = _body(self.nodelist, context)
        if self.args:
            row["key"] = self.args[0].resolve(context)
        elif "key" not in row:
            row["key"] = parts.get("key", "")
        rows.append(row)
        return ""


class SummaryKeyNode(template.Node):
    def __init__(self, args, kwargs, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        _state(context, _ROW, "summary_key")["key"] = _body(self.nodelist, context)
        return ""


@register.tag
def summary_list(parser, token):
    """A GOV.UK summary list of the {% summary_row %}s inside it."""
    return SummaryListNode(*_parse(parser, token, "endsummary_list"))


@register.tag
def summary_row(parser, token):
    """One row: its key as the argument (or a {% summary_key %} block inside), its value as the body.

    action_href=…, action_text=… (default "Change"), action_hidden=… (default: the key) add a link."""
    return SummaryRowNode(*_parse(parser, token, "endsummary_row"))


@register.tag
def summary_key(parser, token):
    """A row's key when it needs markup or tags of its own."""
    return SummaryKeyNode(*_parse(parser, token, "endsummary_key"))


class TableNode(template.Node):
    def __init__(self, args, kwargs, nodelist):
        self.kwargs, self.nodelist = kwargs, nodelist

    def render(self, context):
        values = _resolve(self.kwargs, context)
        table = {"head": [], "rows": [], "caption": values.pop("caption", "")}
        with context.push({_TABLE: table, _TR: None}):
            _collect(self.nodelist, context, "table")
        return _render(
            context,
            "components/table.html",
            {
                "caption": table["caption"],
                "caption_class": values.pop("caption_class", table.get("caption_class", "")),
                "head": table["head"],
                "rows": table["rows"],
                "classes": values.pop("classes", ""),
                "attributes": _attributes(values),
            },
        )


class CaptionNode(template.Node):
    def __init__(self, args, kwargs, nodelist):
        self.kwargs, self.nodelist = kwargs, nodelist

    def render(self, context):
        table = _state(context, _TABLE, "caption")
        table["caption"] = _body(self.nodelist, context)
        table.update(_resolve(self.kwargs, context))  # caption_class=…
        return ""


class RowNode(template.Node):
    def __init__(self, args, kwargs, nodelist):
        self.kwargs, self.nodelist = kwargs, nodelist

    def render(self, context):
        table = _state(context, _TABLE, "tr")
        cells: list[dict] = []
        with context.push({_TR: cells}):
            _collect(self.nodelist, context, "tr")
        table["rows"].append({"cells": cells, "attributes": _attributes(_resolve(self.kwargs, context))})
        return ""


class CellNode(template.Node):
    def __init__(self, args, kwargs, nodelist, *, header: bool):
        self.kwargs, self.nodelist, self.header = kwargs, nodelist, header

    def render(self, context):
        table = _state(context, _TABLE, "th" if self.header else "td")
        cell = _resolve(self.kwargs, context)
        cell["text"] = _body(self.nodelist, context)
        row = context.get(_TR)
        if row is None:
            if not self.header:
                raise template.TemplateSyntaxError("{% td %} is only allowed inside {% tr %}")
            table["head"].append(cell)
        else:
            cell["header"] = self.header
            row.append(cell)
        return ""


@register.tag
def table(parser, token):
    """A GOV.UK table: caption=… (or a {% caption %} block), {% th %}s for the head, then {% tr %}s."""
    return TableNode(*_parse(parser, token, "endtable"))


@register.tag
def caption(parser, token):
    return CaptionNode(*_parse(parser, token, "endcaption"))


@register.tag
def tr(parser, token):
    return RowNode(*_parse(parser, token, "endtr"))


@register.tag
def td(parser, token):
    """A cell: format="numeric", classes=…, colspan=…."""
    return CellNode(*_parse(parser, token, "endtd"), header=False)


@register.tag
def th(parser, token):
    """A column header (outside {% tr %}) or a row header (inside it)."""
    return CellNode(*_parse(parser, token, "endth"), header=True)


_ERRORS = "_govuk_error_summary"


class ErrorSummaryNode(template.Node):
    def __init__(self, args, kwargs, nodelist):
        self.kwargs, self.nodelist = kwargs, nodelist

    def render(self, context):
        values = _resolve(self.kwargs, context)
        items: list[dict] = []
        with context.push({_ERRORS: items}):
            text = _body(self.nodelist, context)
        if items and text:
            raise template.TemplateSyntaxError("{% error_summary %} holds either error_items or one paragraph")
        return _render(
            context, "components/error_summary.html", {"custom": True, "items": items, "text": text, **values}
        )


class ErrorItemNode(template.Node):
    def __init__(self, args, kwargs, nodelist):
        self.args, self.nodelist = args, nodelist

    def render(self, context):
        href = self.args[0].resolve(context) if self.args else ""
        _state(context, _ERRORS, "error_item").append({"href": href, "text": _body(self.nodelist, context)})
        return ""


@register.tag
def error_summary(parser, token):
    """A GOV.UK error summary for problems that are not one form's (forms: components/error_summary.html)."""
    return ErrorSummaryNode(*_parse(parser, token, "enderror_summary"))


@register.tag
def error_item(parser, token):
    """One problem in an {% error_summary %}: the link to where it is fixed, then its message."""
    return ErrorItemNode(*_parse(parser, token, "enderror_item"))


class TextComponentNode(template.Node):
    """A component whose text is the block's body; keyword arguments go to the component as they are."""

    def __init__(self, component: str, args, kwargs, nodelist):
        self.component, self.args, self.kwargs, self.nodelist = component, args, kwargs, nodelist

    def render(self, context):
        values = _resolve(self.kwargs, context)
        if self.args:  # a URL name and its arguments, as for back_link
            name, *args = (arg.resolve(context) for arg in self.args)
            values["href"] = reverse(name, args=args)
        values["text"] = _body(self.nodelist, context)
        return _render(context, self.component, values)


def _text_component(name: str, component: str, doc: str) -> None:
    def compile_tag(parser, token):
        return TextComponentNode(component, *_parse(parser, token, f"end{name}"))

    compile_tag.__doc__ = doc
    register.tag(name, compile_tag)


_text_component("tag", "components/tag.html", '{% tag colour="red" %}Overdue{% endtag %}: a GOV.UK tag.')
_text_component("warning", "components/warning.html", "{% warning %}…{% endwarning %}: GOV.UK warning text.")
_text_component("inset", "components/inset.html", "{% inset %}…{% endinset %}: GOV.UK inset text.")
_text_component(
    "button",
    "components/button.html",
    '{% button %}Save{% endbutton %}; {% button "cin:child" child.pk variant="secondary" %}Back{% endbutton %} '
    "(a link styled as a button; or href=…). See components/button.html for name, value, type, is_start, "
    "prevent_double_click and classes.",
)
