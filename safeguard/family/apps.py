from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "safeguard.family"
    label = "family"
    verbose_name = "Think family"

    def ready(self) -> None:
        from safeguard.family import rules

        rules.connect()
