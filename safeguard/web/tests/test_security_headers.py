"""Every page carries a strict Content-Security-Policy, and nothing holding personal data is cached."""

import re

import pytest

from safeguard.access.models import InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.testing.factories import PersonFactory, involve, practitioner_with_role


@pytest.fixture
def worker(client, db):
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    client.force_login(worker)
    return worker


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in header.split(";")) if d}


@pytest.mark.parametrize("url", ["/sign-in/", "/", "/people/find/", "/front-door/", "/no-such-page/"])
def test_every_page_has_a_strict_policy(client, worker, url):
    response = client.get(url)
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive] and "'unsafe-eval'" not in policy[directive]
        assert "*" not in policy[directive]


def test_the_inline_scripts_carry_the_requests_nonce(client, worker):
    response = client.get("/")
    [nonce] = [s[len("'nonce-") : -1] for s in _policy(response)["script-src"] if s.startswith("'nonce-")]
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    inline = [attrs for attrs in scripts if "src=" not in attrs]
    assert inline and all(f'nonce="{nonce}"' in attrs for attrs in inline)
    assert client.get("/")["Content-Security-Policy"] != response["Content-Security-Policy"]  # fresh each time


def test_a_record_page_and_its_api_answer_are_not_stored(client, worker):
    child = PersonFactory()
    involve(child, practitioner=worker, kind=InvolvementKind.ALLOCATED_WORKER)
    for url in (f"/people/{child.pk}/", f"/api/v1/people/{child.pk}"):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], url
