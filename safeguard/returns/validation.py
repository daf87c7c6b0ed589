"""Checking a CIN census file the way the DfE will: its schema, and its own validation rules.

- Schema: lxml (libxml2) validates each child on its own, read with iterparse and cleared as it
  goes, so every invalid child is listed (not only the first) and memory stays flat at any size.
- Rules: the DfE's own package (csc-validator-be-cin) in its own interpreter
  (settings.SAFEGUARD_CIN_VALIDATOR_PYTHON, made by `make cin-validator`), run through
  dfe_validator_runner.py, which answers in JSON. Where that interpreter is missing, `available()`
  says so and callers fall back to Safeguard's own checks.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import subprocess
from functools import cache
from pathlib import Path

from django.conf import settings
from lxml import etree

SCHEMA = Path(__file__).parent / "schema" / "CIN_schema_2026_27.xsd"
RUNNER = Path(__file__).parent / "dfe_validator_runner.py"
RULESETS = {2026: "cin2026_27", 2025: "cin2025_26", 2024: "cin2024_25", 2023: "cin2023_24", 2022: "cin2022_23"}


@dataclasses.dataclass(frozen=True)
class SchemaError:
    child: str  # LAchildID, or "" for the header
    line: int
    message: str


@cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def _safe_parser_args() -> dict:
    return {"resolve_entities": False, "no_network": True, "huge_tree": False}


def schema_errors(path: str | Path, *, limit: int = 500) -> list[SchemaError]:
    """Every child (and the header) that breaks the schema, up to `limit` findings."""
    schema = _schema()
    errors: list[SchemaError] = []
    header = None
    children = 0

    def check(doc: etree._Element, child_id: str) -> None:
        if not schema.validate(doc):
            for e in schema.error_log:
                if len(errors) < limit:
                    errors.append(SchemaError(child_id, e.line, e.message))

    for _event, el in etree.iterparse(str(path), events=("end",), tag=("Header", "Child"), **_safe_parser_args()):
        if el.tag == "Header":
            header = copy.deepcopy(el)
        else:
            children += 1
            doc = etree.Element("Message")
            if header is not None:
                doc.append(copy.deepcopy(header))
            etree.SubElement(doc, "Children").append(copy.deepcopy(el))
            check(doc, el.findtext("ChildIdentifiers/LAchildID") or "")
            el.clear(keep_tail=True)
            while el.getprevious() is not None:
                del el.getparent()[0]
    if children == 0:
        doc = etree.Element("Message")
        if header is not None:
            doc.append(header)
        etree.SubElement(doc, "Children")
        check(doc, "")
    return errors


# --- the DfE's own rules ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class RuleFinding:
    rule: str
    is_error: bool  # False: a query (explain or amend), True: an error (must be fixed)
    message: str
    child: str = ""  # LAchildID; "" for a finding about the whole return
    table: str = ""
    row: int | None = None
    fields: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class RuleResult:
    ruleset: str
    findings: list[RuleFinding]
    crashed: list[str]  # "rule: error" for rules that failed to run on the file

    @property
    def errors(self) -> list[RuleFinding]:
        return [f for f in self.findings if f.is_error]

    @property
    def queries(self) -> list[RuleFinding]:
        return [f for f in self.findings if not f.is_error]


def available() -> bool:
    return Path(settings.SAFEGUARD_CIN_VALIDATOR_PYTHON).exists()


def ruleset_for(start_year: int) -> str:
    """The DfE rule set for a collection year; a later year uses the newest rules published."""
    return RULESETS.get(start_year) or RULESETS[max(y for y in RULESETS if y <= start_year)]


class ValidatorUnavailable(RuntimeError):
    pass


def run_dfe_rules(path: str | Path, *, ruleset: str, timeout: int = 1800) -> RuleResult:
    if not available():
        raise ValidatorUnavailable("The DfE validator is not installed here (make cin-validator).")
    done = subprocess.run(  # noqa: S603 - our own script and interpreter, a path we wrote
        # -I: isolated, so the script's own folder (safeguard/returns, with a selectors.py that would
        # shadow the standard library's) is not put on the validator's import path.
        [settings.SAFEGUARD_CIN_VALIDATOR_PYTHON, "-I", str(RUNNER), str(path), ruleset],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise ValidatorUnavailable(f"The DfE validator stopped: {done.stderr.strip().splitlines()[-1:]}")
    raw = json.loads(done.stdout)
    findings = [
        RuleFinding(i["rule"], i["type"] == "error", i["message"], i["child"], i["table"], i.get("row"),
                    tuple(i["fields"]))
        for i in raw["issues"]
    ] + [RuleFinding(i["rule"], i["type"] == "error", i["message"]) for i in raw["return_level"]]  # fmt: skip
    return RuleResult(raw["ruleset"], findings, [f"{c['rule']}: {c['error']}" for c in raw["crashed"]])
