"""Check the audit log's chain (and, given them, its signed checkpoints); name the first broken entry.

Exit code 1 when broken. Seals committed entries still waiting first, so the check covers them."""

from django.core.management.base import BaseCommand, CommandError

from safeguard.access.audit import ChainProblem, checkpoint_problems, read_checkpoints, seal_pending, verify_chain


class Command(BaseCommand):
    help = "Verify the tamper-evident audit log and name the first broken entry."

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoints", metavar="FILE", help="signed checkpoints written by audit_checkpoint (JSON lines)"
        )
        parser.add_argument("--no-seal", action="store_true", help="do not seal waiting entries first (read only)")

    def handle(self, *args, **options):
        if not options["no_seal"]:
            seal_pending()
        checked = 0
        for item in verify_chain():
            if isinstance(item, ChainProblem):
                where = f"entry {item.seq}" if item.seq is not None else "the end of the log"
                before = "1 entry before it is" if item.intact == 1 else f"{item.intact} entries before it are"
                raise CommandError(f"Audit log broken at {where}: {item.message}. {before} intact.")
            checked = item
        if options["checkpoints"]:
            points = read_checkpoints(options["checkpoints"])
            problems = checkpoint_problems(points)
            if problems:
                raise CommandError("Audit log does not match its checkpoints: " + "; ".join(problems) + ".")
            self.stdout.write(f"Agrees with {len(points)} signed checkpoint(s).")
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {checked} entries verified."))
