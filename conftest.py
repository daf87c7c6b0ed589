"""Shared fixtures: a small partnership (agencies, teams, practitioners in each role)."""

import pytest


@pytest.fixture(autouse=True)
def _isolated_caches():
    from safeguard.core.models import NonWorkingDay

    NonWorkingDay.clear_cache()
    yield
    NonWorkingDay.clear_cache()
