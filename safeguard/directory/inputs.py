"""The directory's write, defined once: the API's request body and the page's form are made from it
(see `safeguard.core.inputs`), and the service refuses in the same words."""

from __future__ import annotations

from safeguard.core.inputs import Choice, Code, Day, Input
from safeguard.directory.models import ProfessionalKind

KIND_REQUIRED = "Choose the kind of professional, such as school or GP practice"

KNOWN_PROFESSIONAL = Input(
    "KnownProfessionalIn",
    kind=Code(ProfessionalKind, label="Who is it?", required=KIND_REQUIRED),
    agency_id=Choice(label="Agency (the school or GP practice)"),
    practitioner_id=Choice(label="Named practitioner (if known)"),
    since=Day(label="Known since", past=True),
)
