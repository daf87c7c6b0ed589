from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "safeguard.web"
    label = "web"
    verbose_name = "Web interface"
