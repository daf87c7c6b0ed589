"""Input definitions for protection's writes, one module per aggregate (see safeguard/core/inputs.py)."""
