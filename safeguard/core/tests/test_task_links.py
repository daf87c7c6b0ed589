"""Every kind of task the code raises says where its work is done."""

from __future__ import annotations

import re
from pathlib import Path

from safeguard.core.work import registered_kinds

ROOT = Path(__file__).resolve().parents[2]
RAISED = re.compile(r"(?:task_create|task_raise|notify_workers|_task)\(\s*(?:[^()]*?\s)?kind=\"([a-z_]+)\"", re.S)


def _kinds_raised_in_code() -> set[str]:
    kinds = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        kinds |= set(RAISED.findall(path.read_text()))
    return kinds


def test_every_kind_of_task_raised_has_a_registered_link():
    raised = _kinds_raised_in_code()
    assert {"contact_decision", "convene_strategy_discussion", "information_request"} <= raised  # the scan works
    assert raised - registered_kinds() == set()
