"""Think family API: genograms and ecomaps, risk flags and the children around a flagged adult,
health look-ups and attendances, under-18 sexual health assessments, pregnancies and births.

Anything that carries personal details to find someone is a POST (never in a URL).
One router (`router`, mounted by safeguard.api) whose operations live in a module per concept;
importing them here, in this order, registers every path on it in the order it always had.
"""

from .common import router

# The route modules, in the order their paths were always registered (isort would alphabetise them).
# isort: off
from . import network  # noqa: F401
from . import health  # noqa: F401
from . import maternity  # noqa: F401
# isort: on

__all__ = ["router"]
