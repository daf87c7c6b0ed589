from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "safeguard.frontdoor"
    label = "frontdoor"
    verbose_name = "Multi-agency front door"

    def ready(self):
        from safeguard.frontdoor import (
            receivers,  # noqa: F401 - connects the signal receivers
            tasklinks,
        )

        tasklinks.register()
