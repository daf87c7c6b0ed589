from django.apps import AppConfig

from safeguard.core import clock

# Before any app's models are imported, so that model defaults (`default=timezone.now`) and every
# `timezone.now()` read the service's clock, which a training copy may set (see core/clock.py).
clock.install()


class CoreConfig(AppConfig):
    name = "safeguard.core"
    label = "core"
    verbose_name = "Shared kernel"

    def ready(self) -> None:
        from safeguard.core import checks, integrity  # noqa: F401 - checks registers the training clock check

        integrity.connect()
