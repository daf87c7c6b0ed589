"""A user-facing validation message is written in one module only (the design's "one input definition
per write"): the page, the API and the service say the same words because they share one constant or
one input definition, not because someone typed the sentence twice and kept the copies in step."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import safeguard

ROOT = Path(safeguard.__file__).parent
SKIP_PARTS = {"tests", "migrations", "demo", "testing"}
# Calls whose string arguments are messages a person reads when what they sent is refused.
MESSAGE_CALLS = {"add", "add_error", "InvalidInput", "ValidationError", "_refuse", "_error"}
# Keyword arguments that carry a refusal message (form fields and input definitions).
MESSAGE_NAMES = ("REQUIRED", "INVALID", "MESSAGE", "REFUSED")
MESSAGE_KEYWORDS = {"required", "invalid", "required_message", "too_short", "error_messages", "message"}


def _strings(node: ast.AST) -> list[str]:
    """The text in a message argument (through dicts, lists and conditionals), but not the other
    arguments of a call inside it: `date_problem(day, what="Date of birth")` is no message itself."""
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    if isinstance(node, ast.keyword) and node.arg not in MESSAGE_KEYWORDS:
        return []
    if isinstance(node, ast.JoinedStr):
        return []
    return [text for child in ast.iter_child_nodes(node) for text in _strings(child)]


def _looks_like_a_message(text: str) -> bool:
    return len(text.split()) >= 3 and text[:1].isupper()


def _is_message_constant(node: ast.AST, tree: ast.Module) -> bool:
    """A module constant named for a refusal: FLAG_BASIS_REQUIRED = "Select the basis for the flag"."""
    return (
        isinstance(node, ast.Assign)
        and node in tree.body
        and all(isinstance(t, ast.Name) and any(w in t.id for w in MESSAGE_NAMES) for t in node.targets)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def messages_in(path: Path) -> set[str]:
    """Refusal messages written as literals in one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in MESSAGE_CALLS:
                args = node.args[1:] if name in ("add", "add_error") else node.args
                for arg in args:
                    found.update(_strings(arg))
            for keyword in node.keywords:
                if keyword.arg in MESSAGE_KEYWORDS:
                    found.update(_strings(keyword.value))
        elif _is_message_constant(node, tree):
            found.add(node.value.value)
    return {text for text in found if _looks_like_a_message(text)}


def test_no_refusal_message_is_written_in_two_modules():
    modules: dict[str, set[str]] = defaultdict(set)
    for path in sorted(ROOT.rglob("*.py")):
        if SKIP_PARTS & set(path.relative_to(ROOT).parts):
            continue
        for text in messages_in(path):
            modules[text].add(str(path.relative_to(ROOT)))
    twice = {text: sorted(paths) for text, paths in modules.items() if len(paths) > 1}
    assert not twice, "Write each message once (an input definition or a validation constant):\n" + "\n".join(
        f"  {text!r}: {', '.join(paths)}" for text, paths in sorted(twice.items())
    )


def test_the_scan_finds_messages_where_they_are_written(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        'RULE_REQUIRED = "Select the thing you mean"\n'
        "def f(errors, form):\n"
        '    errors.add("a", "Enter the first thing")\n'
        '    form.add_error("b", "Enter the second thing")\n'
        '    x = forms.CharField(error_messages={"required": "Enter the third thing"})\n'
        '    raise InvalidInput({"c": ["Enter the fourth thing"]})\n'
    )
    assert messages_in(sample) == {
        "Select the thing you mean", "Enter the first thing", "Enter the second thing",
        "Enter the third thing", "Enter the fourth thing",
    }  # fmt: skip
