from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "safeguard.access"
    label = "access"
    verbose_name = "Access policy and audit"

    def ready(self) -> None:
        from safeguard.access import signals  # noqa: F401
