from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "safeguard.frontdoor"
    label = "frontdoor"
    verbose_name = "Multi-agency front door"
