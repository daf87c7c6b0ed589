"""Check the audit log's hash chain; name the first broken entry. Exit code 1 when broken."""

from django.core.management.base import BaseCommand, CommandError

from safeguard.access.audit import ChainProblem, verify_chain


class Command(BaseCommand):
    help = "Verify the tamper-evident audit log and name the first broken entry."

    def handle(self, *args, **options):
        checked = 0
        for item in verify_chain():
            if isinstance(item, ChainProblem):
                where = f"entry {item.seq}" if item.seq is not None else "the end of the log"
                raise CommandError(
                    f"Audit log broken at {where}: {item.message}. {checked} entries before it are intact."
                )
            checked = item
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {checked} entries verified."))
