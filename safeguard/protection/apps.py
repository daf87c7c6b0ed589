from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "safeguard.protection"
    label = "protection"
    verbose_name = "Child protection pathway"

    def ready(self) -> None:
        from safeguard.protection import receivers  # noqa: F401
