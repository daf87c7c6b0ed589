from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "safeguard.challenges"
    label = "challenges"
    verbose_name = "Professional challenge"
