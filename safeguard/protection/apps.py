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
        from safeguard.protection.services import allocation_tasks_reassign, escalate_overdue

        schedule.register(
            "protection.reassign_allocation_tasks",
            lambda now: f"{allocation_tasks_reassign(now=now)} allocation tasks passed on from departed managers",
            "Pass 'Allocate' tasks held by managers who have left the team to its other managers or its queue",
        )
        schedule.register(
            "protection.escalate_reconvene_requests",
            lambda now: f"{escalate_overdue(now=now)} reconvene requests escalated",
            "Escalate unanswered 'consider reconvening' requests past their working-day limit",
        )
