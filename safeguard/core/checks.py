"""System check: a live service never runs on a training clock (see core/clock.py)."""

from django.conf import settings
from django.core import checks

from safeguard.core import clock


@checks.register(checks.Tags.security, deploy=False)
def training_clock_check(app_configs=None, **kwargs):
    if getattr(settings, "SAFEGUARD_CLOCK_NOW", None) is not None and not clock.training_clock_allowed():
        return [checks.Critical(clock.TRAINING_CLOCK_REFUSED, id="safeguard.E001")]
    return []
