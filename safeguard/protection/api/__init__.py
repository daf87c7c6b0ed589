"""Protection pathway API: strategy discussions, section 47, conferences, plans, written agreements,
allocations, significant events and reconvening. Personal details travel only in bodies, never URLs.

One router (`router`, mounted by safeguard.api) whose operations live in a module per concept;
importing them here, in this order, registers every path on it in the order it always had.
"""

from .common import router

# The route modules, in the order their paths were always registered (isort would alphabetise them).
# isort: off
from . import strategy_discussions  # noqa: F401
from . import enquiries  # noqa: F401
from . import conferences  # noqa: F401
from . import plans  # noqa: F401
from . import agreements  # noqa: F401
from . import casework  # noqa: F401
from . import meetings  # noqa: F401
# isort: on

__all__ = ["router"]
