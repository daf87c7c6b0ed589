from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "safeguard.family"
    label = "family"
    verbose_name = "Think family"

    def ready(self) -> None:
        from safeguard.core import schedule
        from safeguard.family import rules, services, tasklinks

        rules.connect()
        tasklinks.register()
        schedule.register(
            "family.chase_gp_notifications",
            lambda now: f"{len(services.chase_unacknowledged(now=now))} GP notifications chased",
            "Chase GP practices that have not acknowledged a pregnancy notification",
        )
        schedule.register(
            "family.flag_pregnancies_without_home_visit",
            lambda now: f"{len(services.flag_pregnancies_without_home_visit(now=now))} pregnancies flagged",
            "Flag pregnancies with no antenatal home visit by the partnership's gestation",
        )
