from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "safeguard.matching"
    label = "matching"
    verbose_name = "Person matching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from safeguard.matching.index import connect_signals

        connect_signals()
