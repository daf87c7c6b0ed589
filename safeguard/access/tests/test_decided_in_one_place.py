"""Access is decided in safeguard/access only: no other module asks what roles the actor holds,
compares the actor with a record's owner, clinician or raiser, asks access.policy directly (its
`can_*`, `decide`, `visible_people_filter`…), uses the retired per-record helpers
(`person_access_check`, `record_access_check`, protection's `check_change`) or refuses with its own
`Forbidden`. Every question goes to access.records (`require`/`allows`/`visible`) about the record;
its rules (safeguard/access/rules/) ask the policy. `policy.Action`/`policy.Decision` values are data.

Role *names* used as data elsewhere are not decisions about the actor and are not flagged: who the
invitation rules invite (protection/rules.py), which role answers for a kind of professional in the
directory, whom a task or a challenge escalation is routed to, labels and choice lists.
"""

from __future__ import annotations

import ast
from pathlib import Path

import safeguard

ROOT = Path(safeguard.__file__).parent
# Whole areas outside the rule: the rule's home, test code, and fixtures that seed fictional staff.
EXCLUDED_DIRS = {"access", "testing", "demo", "tests", "migrations"}
# agencies/models.py defines Practitioner.roles and has_role themselves.
EXCLUDED_FILES = {"agencies/models.py"}

# (file, expression) -> why it is not an access decision. Keep this short.
ALLOWED = {
    ("core/services.py", "w.pk != actor.pk"): "routing: a task is not handed to the practitioner whose entry raised it",
    ("core/services.py", "m.pk != actor.pk"): "routing: nor is the urgent copy for managers",
    ("protection/views/challenges.py", "p.pk != request.user.pk"): "pick-list: the raiser is not offered as owner",
    ("frontdoor/receivers.py", "actor.roles"): "the census referral source code follows the referrer's role",
}


def _is_actor(node: ast.AST) -> bool:
    """`actor`, `user`, `request.user`, or their `.pk`/`.id`."""
    if isinstance(node, ast.Name):
        return node.id in {"actor", "user"}
    if isinstance(node, ast.Attribute):
        if node.attr in {"pk", "id"}:
            return _is_actor(node.value)
        return node.attr == "user" and isinstance(node.value, ast.Name) and node.value.id == "request"
    return False


# A record's people, compared with the actor in a query (`Q(owner=actor)`): the rule's queryset twin
# (`records.visible`) says which rows are the actor's.
PEOPLE_FIELDS = {"owner", "raised_by", "clinician"}


def _is_query(node: ast.AST) -> bool:
    """`Q(...)`, `.filter(...)`, `.exclude(...)` (a create that records who did it is no decision)."""
    if not isinstance(node, ast.Call):
        return False
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    return name in {"Q", "filter", "exclude"}


def _is_people_field(name: str | None) -> bool:
    return bool(name) and name.split("__")[0].removesuffix("_id") in PEOPLE_FIELDS


# Asking the policy directly (rather than access.records about the record) or the old per-person helpers.
BYPASSES = {"person_access_check", "record_access_check", "check_change"}


def _policy_names(tree: ast.AST) -> set[str]:
    """Names imported from access.policy (`from safeguard.access.policy import decide`)."""
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "safeguard.access.policy"
        for alias in node.names
    }


def _decisions(tree: ast.AST):
    from_policy = _policy_names(tree) - {"Action", "Decision"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            on_policy = (
                isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "policy"
            )
            if on_policy and name not in {"Action", "Decision"} or isinstance(func, ast.Name) and name in from_policy:
                yield node, "asks the policy directly (ask access.records about the record)"
            elif name in BYPASSES:
                yield node, f"checks access with {name}() (ask access.records about the record)"
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if getattr(exc, "id", getattr(exc, "attr", "")) == "Forbidden":
                yield node, "refuses with Forbidden itself (records.require decides 403 or 404)"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "has_role":
            yield node, "asks has_role()"
        elif isinstance(node, ast.Attribute) and node.attr == "roles" and _is_actor(node.value):
            yield node, "reads the actor's roles"
        elif _is_query(node) and any(_is_people_field(k.arg) and _is_actor(k.value) for k in node.keywords):
            yield node, "compares the actor with a record's people (in a query)"
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            about_none = any(isinstance(o, ast.Constant) and o.value is None for o in operands)
            if not about_none and any(_is_actor(o) for o in operands):
                yield node, "compares the actor with a record's people"


def _findings() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if EXCLUDED_DIRS & set(relative.parts[:-1]) or relative.as_posix() in EXCLUDED_FILES:
            continue
        for node, what in _decisions(ast.parse(path.read_text(), filename=str(path))):
            source = ast.unparse(node).split("\n")[0]
            if (relative.as_posix(), source) not in ALLOWED:
                found.append(f"safeguard/{relative.as_posix()}:{node.lineno}: {what}: {source}")
    return found


def test_no_module_outside_access_decides_access_itself():
    findings = _findings()
    assert not findings, "Decide these in safeguard/access (policy or records):\n" + "\n".join(findings)


def test_the_allow_list_has_no_stale_entries():
    """Every allowed exception still exists; a fixed one must leave the list."""
    present = set()
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if any(relative == file for file, _ in ALLOWED):
            tree = ast.parse(path.read_text())
            present |= {(relative, ast.unparse(node).split("\n")[0]) for node, _ in _decisions(tree)}
    assert set(ALLOWED) <= present, sorted(set(ALLOWED) - present)


def test_the_scan_catches_a_direct_policy_question_and_a_home_made_refusal():
    code = (
        "from safeguard.access.policy import decide\n"
        "if policy.can_record_contact(actor) or decide(actor, p, 'view'): raise Forbidden('no')\n"
        "person_access_check(actor=actor, person=p)\n"
        "policy.Action('view')\n"
    )
    found = [what for _, what in _decisions(ast.parse(code))]
    assert sorted(found) == sorted([
        "asks the policy directly (ask access.records about the record)",
        "asks the policy directly (ask access.records about the record)",
        "refuses with Forbidden itself (records.require decides 403 or 404)",
        "checks access with person_access_check() (ask access.records about the record)",
    ])  # fmt: skip


def test_the_scan_catches_an_owner_comparison_and_a_role_question():
    code = "if action.owner_id != actor.pk or request.user.has_role('gp') or 'gp' in actor.roles: pass"
    assert {what for _, what in _decisions(ast.parse(code))} == {
        "asks has_role()",
        "reads the actor's roles",
        "compares the actor with a record's people",
    }


def test_the_scan_catches_an_owner_filter_in_a_query():
    code = (
        "Challenge.objects.filter(Q(raised_by=actor) | Q(owner_id=request.user.pk))\n"
        "Task.objects.filter(assignee=actor)\n"
    )
    found = [what for _, what in _decisions(ast.parse(code))]
    assert found == ["compares the actor with a record's people (in a query)"] * 2


def test_the_access_apps_own_writes_ask_records_not_the_policy():
    """Break-glass, its review and API tokens are decided by the rules like every other record."""
    tree = ast.parse((ROOT / "access" / "services.py").read_text())
    findings = [ast.unparse(node).split("\n")[0] for node, _ in _decisions(tree)]
    assert not findings, findings
