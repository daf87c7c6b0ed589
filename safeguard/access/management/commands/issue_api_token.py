"""Issue an API token for a practitioner (for an agency system). The secret is shown once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from safeguard.access.errors import InvalidInput
from safeguard.access.services import api_token_issue


class Command(BaseCommand):
    help = "Issue an API token for a practitioner. The token is printed once and stored only as a hash."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What will use the token, e.g. 'Police case system'")

    def handle(self, *args, username, name, **options):
        practitioner = get_user_model().objects.filter(username=username).first()
        if practitioner is None:
            raise CommandError(f"No practitioner with username {username!r}")
        try:
            token, secret = api_token_issue(actor=practitioner, practitioner=practitioner, name=name)
        except InvalidInput as exc:
            raise CommandError("; ".join(m for ms in exc.errors.values() for m in ms)) from None
        self.stdout.write(f"Token '{token.name}' for {username} (prefix {token.prefix}):\n{secret}")
