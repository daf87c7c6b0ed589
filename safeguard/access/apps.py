from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "safeguard.access"
    label = "access"
    verbose_name = "Access policy and audit"

    def ready(self) -> None:
        from safeguard.access import signals  # noqa: F401
        from safeguard.core import schedule

        def seal_audit_log(now=None):
            from safeguard.access.audit import seal_pending

            return seal_pending()

        schedule.register(
            "seal_audit_log",
            seal_audit_log,
            "Seal audit entries whose writer's own sealing step was skipped or failed",
        )

        def purge_expired(now=None):
            from django.utils import timezone

            from safeguard.access.purge import purge_expired

            return purge_expired(now=now or timezone.now())

        schedule.register(
            "purge_expired_access_records",
            purge_expired,
            "Forget enquiry references past their day and sign-in address counters past their window",
        )
