"""Front door API: contacts (with Idempotency-Key), matching, screening, information requests,
threshold views and decisions, challenges, police notifications, triage and Operation Encompass.

One router (`router`, mounted by safeguard.api) whose operations live in a module per concept;
importing them here, in this order, registers every path on it in the order it always had.
"""

from .common import router

# The route modules, in the order their paths were always registered (isort would alphabetise them).
# isort: off
from . import contacts  # noqa: F401
from . import screening  # noqa: F401
from . import decisions  # noqa: F401
from . import police  # noqa: F401
from . import triage  # noqa: F401
from . import encompass  # noqa: F401
# isort: on

__all__ = ["router"]
