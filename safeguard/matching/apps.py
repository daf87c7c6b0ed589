from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "safeguard.matching"
    label = "matching"
    verbose_name = "Person matching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from safeguard.core import schedule
        from safeguard.matching.index import connect_signals, refresh_stale_name_frequencies

        connect_signals()
        schedule.register(
            "refresh_name_frequencies",
            refresh_stale_name_frequencies,
            "Recount how common each given and family name is (matching evidence), once a day",
        )
        from safeguard.matching.training import scheduled_reestimation

        schedule.register(
            "reestimate_match_model",
            scheduled_reestimation,
            "Re-estimate the matching model on the partnership's people once a month; adopt it "
            "only if it decides merged and 'not duplicate' pairs at least as well",
        )
