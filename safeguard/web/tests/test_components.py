"""The shared GOV.UK blocks ({% load components %}) draw the Design System's markup, and stay safe.

What a user (or a screen reader) gets: the summary list's rows with keys, values and "Change" links
that say what they change; tables with their caption, column and row headers; a back link.
Whatever a practitioner typed is shown as text, never run as markup.
"""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from lxml import html as lxml_html


def render(source: str, **context) -> str:
    return Template("{% load components %}" + source).render(Context(context))


def tree(source: str, **context):
    return lxml_html.fragment_fromstring(render(source, **context), create_parent="div")


HOSTILE = '<script>alert("x")</script>'


def test_summary_list_rows_keys_values_and_change_links():
    page = tree(
        """{% summary_list id="details" %}
        {% summary_row "Name" action_href="/people/1/name/" %}{{ name }}{% endsummary_row %}
        {% if show %}{% summary_row "Hidden" %}no{% endsummary_row %}{% endif %}
        {% summary_row %}{% summary_key %}Seen by {{ who }}{% endsummary_key %}
          <a href="/x">a link</a>{% endsummary_row %}
        {% endsummary_list %}""",
        name="Ada Lovelace",
        who="Dr Kaur",
        show=False,
    )
    dl = page.find("dl")
    assert dl.get("class") == "govuk-summary-list" and dl.get("id") == "details"
    rows = dl.findall("div")
    assert [r.find("dt").text_content() for r in rows] == ["Name", "Seen by Dr Kaur"]
    assert rows[0].find("dd").text_content() == "Ada Lovelace"
    change = rows[0].find(".//dd[@class='govuk-summary-list__actions']/a")
    assert change.get("href") == "/people/1/name/" and change.text_content() == "Change name"
    assert "govuk-summary-list__row--no-actions" in rows[1].get("class")  # lines up with the row that has one
    assert rows[1].find("dd/a").get("href") == "/x"  # markup written in the block is kept


def test_table_caption_headers_rows_and_numeric_cells():
    page = tree(
        """{% table caption="Open contacts" caption_class="govuk-table__caption--s" %}
        {% th %}Child{% endth %}{% th format="numeric" %}Days{% endth %}
        {% for name, days in rows %}{% tr data_testid="row" %}
          {% th %}{{ name }}{% endth %}{% td format="numeric" %}{{ days }}{% endtd %}
        {% endtr %}
        {% empty %}{% tr %}{% td colspan=2 %}None{% endtd %}{% endtr %}{% endfor %}
        {% endtable %}""",
        rows=[("Ada", 3), ("Ben", 12)],
    )
    table = page.find("table")
    assert table.find("caption").text_content() == "Open contacts"
    assert "govuk-table__caption--s" in table.find("caption").get("class")
    assert [th.text_content() for th in table.findall("thead/tr/th")] == ["Child", "Days"]
    assert all(th.get("scope") == "col" for th in table.findall("thead/tr/th"))
    body = table.findall("tbody/tr")
    assert [r.get("data-testid") for r in body] == ["row", "row"]
    assert [(r.find("th").get("scope"), r.find("th").text_content(), r.find("td").text_content()) for r in body] == [
        ("row", "Ada", "3"),
        ("row", "Ben", "12"),
    ]
    assert "govuk-table__cell--numeric" in body[0].find("td").get("class")
    empty = tree(
        "{% table %}{% th %}A{% endth %}{% for x in rows %}{% empty %}"
        "{% tr %}{% td colspan=2 %}None{% endtd %}{% endtr %}{% endfor %}{% endtable %}",
        rows=[],
    )
    assert empty.find(".//td").get("colspan") == "2"


def test_back_link_to_a_named_page_with_a_query_or_to_an_href():
    link = tree('{% back_link "returns:index" year=y %}Back to statutory returns{% endback_link %}', y="2026").find("a")
    assert link.get("class") == "govuk-back-link"
    assert link.get("href") == "/returns/?year=2026" and link.text_content() == "Back to statutory returns"
    plain = tree("{% back_link href=back fragment=anchor %}{% endback_link %}", back="/here/", anchor="item-3")
    plain = plain.find("a")
    assert plain.get("href") == "/here/#item-3" and plain.text_content() == "Back"


def test_what_a_practitioner_typed_is_shown_as_text_never_run():
    out = render(
        """{% summary_list %}{% summary_row key %}{{ v }}{% endsummary_row %}
        {% summary_row "K" action_href=v %}x{% endsummary_row %}{% endsummary_list %}
        {% table caption=v %}{% th %}{{ v }}{% endth %}{% tr %}{% td %}{{ v }}{% endtd %}{% endtr %}{% endtable %}
        {% back_link href=v %}{{ v }}{% endback_link %}""",
        v=HOSTILE,
        key=HOSTILE,
    )
    assert "<script>" not in out
    # key, value, caption, header, cell, link text, and the two hrefs (kept as escaped attribute values)
    assert out.count("&lt;script&gt;") == 8
    assert out.count('href="&lt;script&gt;') == 2


def test_markup_left_in_a_block_is_an_error_not_silently_dropped():
    with pytest.raises(TemplateSyntaxError, match="holds only its own blocks"):
        render("{% table %}<tr><td>lost</td></tr>{% endtable %}")
    with pytest.raises(TemplateSyntaxError, match="only allowed inside"):
        render("{% summary_row 'A' %}b{% endsummary_row %}")


def test_the_pages_request_is_not_needed():
    """The blocks render inside any template context, with or without a request (e.g. PDFs)."""
    request = RequestFactory().get("/")
    out = Template("{% load components %}{% back_link 'home' %}Back to your work{% endback_link %}").render(
        Context({"request": request})
    )
    assert 'href="/"' in out


def test_tag_button_warning_and_inset_blocks():
    page = tree(
        """{% tag colour=colour %}Overdue by {{ n }} days{% endtag %}
        {% button variant="secondary" name="action" value="save" %}Save {{ what }}{% endbutton %}
        {% button "returns:index" %}Statutory returns{% endbutton %}
        {% warning %}Check the {{ what }}{% endwarning %}{% inset %}Told on {{ n }}{% endinset %}""",
        colour="red",
        n=3,
        what=HOSTILE,
    )
    assert page.find("strong").get("class") == "govuk-tag govuk-tag--red"
    assert page.find("strong").text_content() == "Overdue by 3 days"
    button = page.find("button")
    assert button.get("class") == "govuk-button govuk-button--secondary" and button.get("type") == "submit"
    assert (button.get("name"), button.get("value")) == ("action", "save")
    assert button.text_content().strip() == "Save " + HOSTILE and button.find("script") is None
    link = page.find("a")
    assert link.get("href") == "/returns/" and link.get("role") == "button" and "govuk-button" in link.get("class")
    warning = page.find_class("govuk-warning-text")[0]
    assert warning.find_class("govuk-visually-hidden")[0].text_content() == "Warning"
    assert warning.find("script") is None
    assert page.find_class("govuk-inset-text")[0].text_content() == "Told on 3"


def test_error_summary_for_problems_that_are_not_one_forms():
    listed = tree(
        """{% error_summary title="The plan cannot be finalised yet" %}{% for e in errors %}
        {% error_item "#other-children" %}{{ e }}{% enderror_item %}{% endfor %}{% enderror_summary %}""",
        errors=["Decide about Ben", HOSTILE],
    )
    summary = listed.find_class("govuk-error-summary")[0]
    assert summary.get("data-module") == "govuk-error-summary" and summary.find("div").get("role") == "alert"
    assert summary.find(".//h2").text_content() == "The plan cannot be finalised yet"
    links = summary.findall(".//ul/li/a")
    assert [(a.get("href"), a.text_content()) for a in links] == [
        ("#other-children", "Decide about Ben"),
        ("#other-children", HOSTILE),
    ]
    assert summary.find(".//script") is None
    one = tree("{% error_summary %}The validator did not run: {{ why }}{% enderror_summary %}", why="no Python")
    assert one.find(".//h2").text_content() == "There is a problem"
    assert one.find(".//p").text_content() == "The validator did not run: no Python"
