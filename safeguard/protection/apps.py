from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "safeguard.protection"
    label = "protection"
    verbose_name = "Child protection pathway"

    def ready(self) -> None:
        from safeguard.core.status import register_status_provider
        from safeguard.protection import receivers, tasklinks  # noqa: F401
        from safeguard.protection.status import protection_status_provider

        register_status_provider(protection_status_provider)
        tasklinks.register()

        from safeguard.protection.services import register_handoffs

        register_handoffs()

        from safeguard.core import schedule
        from safeguard.protection.services import escalate_overdue

        schedule.register(
            "protection.escalate_reconvene_requests",
            lambda now: f"{escalate_overdue(now=now)} reconvene requests escalated",
            "Escalate unanswered 'consider reconvening' requests past their working-day limit",
        )
