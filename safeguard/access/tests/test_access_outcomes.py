"""Web pages answer the policy's outcomes the same way whichever view raised them."""

import pytest
from django.test import RequestFactory

from safeguard.access.errors import Forbidden, InvalidInput, NotFound
from safeguard.access.middleware import AccessOutcomeMiddleware


def _middleware():
    return AccessOutcomeMiddleware(lambda request: None)


@pytest.mark.django_db
def test_a_record_not_seen_is_404_and_a_change_not_allowed_is_403_on_the_sites_own_pages():
    request = RequestFactory().get("/people/some-child/")
    not_found = _middleware().process_exception(request, NotFound())
    assert not_found.status_code == 404
    forbidden = _middleware().process_exception(request, Forbidden("view-only access to Jo Bloggs's record"))
    assert forbidden.status_code == 403
    page = forbidden.content.decode()
    assert "You do not have permission to do this" in page
    assert "Jo Bloggs" not in page  # the error page never echoes the exception message


def test_other_errors_are_left_to_the_view_or_the_500_page():
    request = RequestFactory().get("/")
    assert _middleware().process_exception(request, InvalidInput({"x": ["bad"]})) is None
    assert _middleware().process_exception(request, ValueError()) is None
