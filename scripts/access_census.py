"""Count access decisions made outside safeguard/access (issue 11, "access decided in one place").

Run from the repository root: `python scripts/access_census.py [-v]`. Test code, migrations, demo and
testing fixtures are left out. Counts, by AST:
- `raise NotFound` / `raise Forbidden` statements;
- calls of `person_access_check` / `record_access_check`;
- calls of `policy.<name>(...)` (split into `can_*` and others), also through names imported from policy;
- `check_change` definitions and calls (the protection app's own access check).
"""

from __future__ import annotations

import ast
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "safeguard"
SKIP = {"access", "testing", "demo", "tests", "migrations"}


def census(verbose: bool = False) -> Counter:
    counts: Counter = Counter()
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if SKIP & set(rel.parts[:-1]):
            continue
        tree = ast.parse(path.read_text())
        from_policy = {
            a.asname or a.name
            for n in ast.walk(tree)
            if isinstance(n, ast.ImportFrom) and n.module == "safeguard.access.policy"
            for a in n.names
        }
        for node in ast.walk(tree):
            what = None
            if isinstance(node, ast.Raise) and node.exc is not None:
                exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                name = getattr(exc, "id", getattr(exc, "attr", ""))
                if name in {"NotFound", "Forbidden"}:
                    what = f"raise {name}"
            elif isinstance(node, ast.Call):
                f = node.func
                name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
                if name in {"person_access_check", "record_access_check", "check_change"}:
                    what = name
                elif getattr(getattr(f, "value", None), "id", "") == "policy" or (
                    isinstance(f, ast.Name) and name in from_policy
                ):
                    what = "policy.can_*" if name.startswith("can_") else "policy.other"
            elif isinstance(node, ast.FunctionDef) and node.name == "check_change":
                what = "def check_change"
            if what:
                counts[what] += 1
                counts[f"{what} @ {rel.parts[0]}"] += 1
                if verbose:
                    print(f"safeguard/{rel}:{node.lineno}: {what}")
    return counts


if __name__ == "__main__":
    totals = census("-v" in sys.argv)
    for key in sorted(totals):
        if "@" not in key:
            print(f"{totals[key]:5d}  {key}")
    if "--by-app" in sys.argv:
        for key in sorted(totals):
            if "@" in key:
                print(f"{totals[key]:5d}  {key}")
