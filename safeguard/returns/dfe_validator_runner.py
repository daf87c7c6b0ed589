"""Run the DfE's CIN census rules on one file and print what they found as JSON.

Runs under the validator's own interpreter (.venv-cin-validator, pandas 1.5), never inside
Django: `python -I dfe_validator_runner.py FILE RULESET`. It uses the same steps as the package's
`python -m cin_validator run` command, whose output is a printed (and truncated) DataFrame, and
adds what that command hides: each issue's rule type (error or query) and any rule that crashed
on the data (the package prints those and carries on, so a crash would look like a pass).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import re
import sys
import xml.etree.ElementTree as ET

CRASH = re.compile(r"^Error with rule (?P<rule>\S+): (?P<error>.*)$")


def _text(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return "" if text in ("nan", "<NA>", "NaT", "None") else text


def main(path: str, ruleset: str) -> dict:
    from cin_validator import cin_validator

    registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry
    kinds = {str(rule.code): rule.rule_type.value.lower() for rule in registry.values()}
    # The file is the one Safeguard has just written (no entities, no DTD), and the package itself
    # reads with ElementTree: the same parser, so the rules see what the DfE's tool would see.
    root = ET.parse(path).getroot()  # noqa: S314
    data = cin_validator.process_data(cin_validator.convert_data(root))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        validator = cin_validator.CinValidator(data, registry)
    crashed = [m.groupdict() for m in map(CRASH.match, printed.getvalue().splitlines()) if m]

    issues: dict[tuple, dict] = {}
    for row in validator.full_issue_df.to_dict("records"):
        code = _text(row.get("rule_code"))
        key = (code, _text(row.get("child_id")), _text(row.get("tables_affected")), _text(row.get("row_id")))
        issue = issues.setdefault(
            key,
            {
                "rule": code,
                "type": kinds.get(code, "error"),
                "message": _text(row.get("rule_description")).strip(),
                "child": key[1],
                "table": key[2],
                "row": int(float(key[3])) if key[3] else None,  # the table's row, in document order
                "fields": [],
            },
        )
        column = _text(row.get("columns_affected"))
        if column and column not in issue["fields"]:
            issue["fields"].append(column)
    return_level = [
        {"rule": _text(r["rule_code"]), "type": kinds.get(_text(r["rule_code"]), "error"),
         "message": _text(r["rule_description"]).strip()}
        for r in validator.multichild_issues.drop_duplicates().to_dict("records")
    ]  # fmt: skip
    return {"ruleset": ruleset, "issues": list(issues.values()), "return_level": return_level, "crashed": crashed}


if __name__ == "__main__":
    json.dump(main(sys.argv[1], sys.argv[2]), sys.stdout)
