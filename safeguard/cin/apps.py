from django.apps import AppConfig


class CinConfig(AppConfig):
    name = "safeguard.cin"
    label = "cin"
    verbose_name = "Children in need casework"

    def ready(self):
        from safeguard.cin import (
            receivers,  # noqa: F401 - connects the signal receivers
            tasklinks,
        )

        tasklinks.register()
