"""Standalone check of the web templates and the browser-test harness.

Run:  .venv/bin/python tests/browser/selfcheck.py [--out DIR]

Needs no Safeguard settings, database or URLs: it configures Django minimally, renders the sign-in
page (empty and with errors), a page using every component, the error pages and the signed-out
page, serves them with the static files from a local http.server on 127.0.0.1, opens each in
headless Debian chromium, saves a screenshot (DIR/<name>.png; /tmp by default, so /tmp/login.png)
and runs axe-core (WCAG 2.2 AA). Exits 0 when every page has zero violations, 1 when any has, and
77 (skipped) when chromium or Playwright is unavailable.

Not collected by pytest (no test_ prefix).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
WEB = ROOT / "safeguard" / "web"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from harness import BrowserUnavailable, format_violations, launch_chromium, run_axe  # noqa: E402


def _view(request):  # pragma: no cover - never called; the URLs only need names
    raise NotImplementedError


urlpatterns: list = []  # filled in configure(); this module is the ROOT_URLCONF


def configure() -> None:
    import django
    from django.conf import settings
    from django.urls import path

    settings.configure(
        DEBUG=False,
        SECRET_KEY="selfcheck-not-secret",
        ALLOWED_HOSTS=["*"],
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.messages",
            "django.contrib.staticfiles",
        ],
        DATABASES={},
        ROOT_URLCONF=__name__,
        STATIC_URL="/static/",
        USE_TZ=True,
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [str(WEB / "templates")],
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.messages.context_processors.messages",
                    ],
                    "libraries": {"govuk": "safeguard.web.templatetags.govuk"},
                    "string_if_invalid": "",
                },
            }
        ],
    )
    django.setup()
    urlpatterns.extend(
        [
            path("", _view, name="home"),
            path("accounts/login/", _view, name="login"),
            path("accounts/logout/", _view, name="logout"),
        ]
    )


class _User:
    """Stands in for a signed-in practitioner."""

    is_authenticated = True

    def get_full_name(self):
        return "Priya Shah"

    def get_username(self):
        return "pshah"


class _Anonymous:
    is_authenticated = False


class _Message:
    def __init__(self, text, level_tag):
        self.message, self.level_tag = text, level_tag

    def __str__(self):
        return self.message


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


def _demo_form_class():
    from django import forms

    class DateWidget(forms.MultiWidget):
        def __init__(self):
            super().__init__({"day": forms.TextInput(), "month": forms.TextInput(), "year": forms.TextInput()})

        def decompress(self, value):
            return [value.day, value.month, value.year] if value else [None, None, None]

    class DateField(forms.MultiValueField):
        widget = DateWidget

        def __init__(self, **kwargs):
            super().__init__(fields=(forms.IntegerField(), forms.IntegerField(), forms.IntegerField()), **kwargs)

        def compress(self, data_list):
            return data_list

    class DemoForm(forms.Form):
        full_name = forms.CharField(label="Full name", help_text="As it appears on official documents")
        email = forms.EmailField(label="Email address", required=False)
        nhs_number = forms.CharField(label="NHS number", help_text="For example, 485 777 3456")
        children = forms.IntegerField(label="Number of children in the household")
        password = forms.CharField(label="Password", widget=forms.PasswordInput)
        date_of_birth = DateField(label="Date of birth", help_text="For example, 27 3 2012")
        concern = forms.CharField(label="Describe the concern", widget=forms.Textarea(attrs={"rows": 5}))
        agency = forms.ChoiceField(
            label="Referring agency", choices=[("", "Choose an agency"), ("police", "Police"), ("health", "Health")]
        )
        threshold = forms.ChoiceField(
            label="Threshold decision",
            widget=forms.RadioSelect,
            choices=[("nfa", "No further action"), ("early_help", "Early help"), ("s47", "Section 47 enquiry")],
        )
        categories = forms.MultipleChoiceField(
            label="Category of abuse",
            help_text="Select all that apply",
            widget=forms.CheckboxSelectMultiple,
            choices=[
                ("neglect", "Neglect"),
                ("physical", "Physical"),
                ("emotional", "Emotional"),
                ("sexual", "Sexual"),
            ],
        )
        consent = forms.BooleanField(label="The family has been told about this referral")
        token = forms.CharField(widget=forms.HiddenInput, required=False)

    return DemoForm


def render_pages() -> dict[str, str]:
    from django.contrib.auth.forms import AuthenticationForm
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string
    from django.utils.html import format_html

    pages: dict[str, str] = {}
    anon = _request(_Anonymous())
    signed_in = _request(_User())
    nav = [
        {"href": "/", "text": "Home", "current": True},
        {"href": "/contacts/", "text": "Contacts", "current": False},
        {"href": "/people/", "text": "People", "current": False},
    ]

    pages["login"] = render_to_string("registration/login.html", {"form": AuthenticationForm()}, request=anon)

    bad = AuthenticationForm(data={"username": "pshah", "password": ""})
    bad.is_valid()
    bad.add_error(None, "Enter a correct username and password")
    pages["login-error"] = render_to_string("registration/login.html", {"form": bad, "next": "/people/"}, request=anon)

    pages["logged-out"] = render_to_string("registration/logged_out.html", {}, request=anon)
    for name in ("404", "403", "csrf_failure"):
        pages[f"error-{name}"] = render_to_string(f"errors/{name}.html", {}, request=signed_in)
    pages["error-500"] = render_to_string("errors/500.html", {})

    form_class = _demo_form_class()
    empty = form_class()
    invalid = form_class(data={"email": "not-an-email", "children": "two", "date_of_birth_day": "31"})
    invalid.is_valid()
    invalid.add_error(None, "This contact could not be saved")
    page_obj = Paginator(list(range(200)), 10).page(7)
    table_rows = [
        [
            format_html('<a class="govuk-link" href="{}">{}</a>', "/people/1/", "Alex Morgan"),
            "Neglect",
            {"text": "3", "format": "numeric"},
        ],
        ["Jordan Lee", "Emotional", {"text": "1", "format": "numeric"}],
    ]
    context = {
        "nav_items": nav,
        "messages": [_Message("Contact recorded", "success"), _Message("The screening deadline is tomorrow", "info")],
        "empty_form": empty,
        "form": invalid,
        "page_obj": page_obj,
        "summary_rows": [
            {"key": "Name", "value": "Alex Morgan", "action_href": "/change/name/"},
            {
                "key": "Date of birth",
                "value": "4 March 2014",
                "action_href": "/change/dob/",
                "action_hidden": "date of birth",
            },
            {"key": "NHS number", "value": "485 777 3456"},
        ],
        "table_head": ["Name", "Category", {"text": "Contacts this year", "format": "numeric"}],
        "table_rows": table_rows,
        "breadcrumbs": [{"text": "Home", "href": "/"}, {"text": "People", "href": "/people/"}, {"text": "Alex Morgan"}],
    }
    pages["components"] = render_to_string("selfcheck_components.html", context, request=signed_in)
    return pages


COMPONENTS_TEMPLATE = """{% extends "base.html" %}{% load govuk %}
{% block title %}Error: Components – Safeguard{% endblock %}
{% block beforeContent %}{% include "components/breadcrumbs.html" with items=breadcrumbs %}{% endblock %}
{% block content %}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
{% include "components/error_summary.html" with form=form %}
<h1 class="govuk-heading-l">Components</h1>
{% include "components/warning.html" with text="This child is subject to a child protection plan." %}
{% include "components/inset.html" with text="The referrer has been told about the decision." %}
<p class="govuk-body">
{% include "components/tag.html" with text="Open" colour="blue" %}
{% include "components/tag.html" with text="Overdue" colour="red" %}
</p>
{% include "components/notification_banner.html" with text="Strategy discussion booked" title_id="nb-1" %}
{% include "components/summary_list.html" with rows=summary_rows %}
{% include "components/table.html" with caption="Children" head=table_head rows=table_rows first_cell_is_header=True %}
{% include "components/pagination.html" with page_obj=page_obj query="status=open" %}
<h2 class="govuk-heading-m">Form with errors</h2>
<form method="post" action="/" novalidate>
{% for field in form %}{% govuk_field field %}{% endfor %}
<div class="govuk-button-group">
{% include "components/button.html" with text="Save and continue" %}
{% include "components/button.html" with text="Cancel" href="/" variant="secondary" %}
</div>
</form>
<h2 class="govuk-heading-m">Empty form</h2>
<form method="post" action="/" novalidate>
{% for field in empty_form %}
{% include "components/field.html" with field=field label_class="govuk-label--s" %}
{% endfor %}
{% include "components/button.html" with text="Start now" href="/" is_start=True %}
</form>
</div></div>
{% endblock %}
"""


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def guess_type(self, path):
        return "text/javascript" if str(path).endswith((".js", ".mjs")) else super().guess_type(path)

    def log_message(self, *args):
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    tmp = tempfile.gettempdir()
    parser.add_argument("--out", default=tmp, help=f"folder for screenshots (default {tmp})")
    parser.add_argument("--width", type=int, default=1024, help="viewport width in CSS pixels (try 320)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    configure()
    with tempfile.TemporaryDirectory(prefix="safeguard-selfcheck-") as tmp:
        site = Path(tmp)
        # A template only for this check, alongside the real ones.
        extra = site / "templates"
        extra.mkdir()
        (extra / "selfcheck_components.html").write_text(COMPONENTS_TEMPLATE, encoding="utf-8")
        from django.conf import settings

        settings.TEMPLATES[0]["DIRS"].append(str(extra))
        pages = render_pages()

        shutil.copytree(WEB / "static", site / "static")
        for name, html in pages.items():
            (site / f"{name}.html").write_text(html, encoding="utf-8")
        server, base = serve(site)

        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            print("selfcheck skipped: the playwright package is not installed")
            return 77
        failures = 0
        with sync_playwright() as pw:
            try:
                browser = launch_chromium(pw)
            except BrowserUnavailable as exc:
                print(exc)
                return 77
            context = browser.new_context(viewport={"width": args.width, "height": 768})
            for name in pages:
                page = context.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                page.on(
                    "console",
                    lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None,
                )
                page.goto(f"{base}/{name}.html", wait_until="networkidle")
                shot = out / f"{name}.png"
                page.screenshot(path=str(shot), full_page=True)
                js_ok = page.evaluate("() => document.body.classList.contains('govuk-frontend-supported')")
                violations = run_axe(page)
                status = "ok" if not violations and not errors else "FAIL"
                print(
                    f"{status:4} {name:14} axe violations: {len(violations)}  js errors: {len(errors)}  "
                    f"govuk-frontend-supported: {js_ok}  screenshot: {shot}"
                )
                if violations:
                    print(format_violations(violations, page.url))
                for e in errors:
                    print(f"     js: {e}")
                failures += bool(violations or errors)
                page.close()
            browser.close()
        server.shutdown()
    print(f"{len(pages) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
