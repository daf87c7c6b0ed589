"""Every app's access rules, registered into `safeguard.access.records.RULES` on import."""

from safeguard.access.rules import challenges, cin, family, frontdoor, people, protection  # noqa: F401
