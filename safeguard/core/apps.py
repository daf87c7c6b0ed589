from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "safeguard.core"
    label = "core"
    verbose_name = "Shared kernel"

    def ready(self) -> None:
        from safeguard.core import integrity

        integrity.connect()
