from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "safeguard.challenges"
    label = "challenges"
    verbose_name = "Professional challenge"

    def ready(self) -> None:
        from django.utils import timezone

        from safeguard.challenges.services import challenges_escalate_overdue
        from safeguard.core import schedule

        schedule.register(
            "challenges.escalate_overdue_stages",
            lambda now: f"{challenges_escalate_overdue(today=timezone.localdate(now))} challenges escalated",
            "Move professional challenges whose stage is overdue to the next stage",
        )
