"""Content-Security-Policy helpers (the policy itself is in settings, applied by django-csp)."""

from __future__ import annotations

import base64
import hashlib


def style_hashes(*styles: str) -> list[str]:
    """CSP source expressions allowing exactly these inline <style> texts (the diagrams' SVG styles)."""
    return [f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in styles]
