"""No test computes a moment when pytest imports or collects it.

The suite may reach a test many minutes after collection on a busy machine; a moment computed in
a module's body, a class body, a default argument or a decorator (``parametrize``) is stale by
then. Moments belong inside the test or a fixture, or come from the held clock (``wall_clock``).
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
CLOCK_READS = {
    ("time", "time"),
    ("time", "time_ns"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
}
# Our own functions that read the clock: a token minted at import expires while the suite runs.
CLOCK_FUNCTIONS = {"utcnow", "today", "create_access_token"}


def reads_the_clock(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return (func.value.id, func.attr) in CLOCK_READS
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute):
        return (func.value.attr, func.attr) in CLOCK_READS
    if isinstance(func, ast.Attribute):
        return func.attr in CLOCK_FUNCTIONS
    return isinstance(func, ast.Name) and func.id in CLOCK_FUNCTIONS


def evaluated_at_import(tree: ast.Module) -> list[ast.Call]:
    """The nodes Python evaluates when the module is imported: everything outside function bodies
    (decorators and default arguments included), but not lambdas, which run later."""
    found: list[ast.Call] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for part in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
                if part is not None:
                    visit(part)
            return
        if isinstance(node, ast.Lambda):
            return
        if isinstance(node, ast.Call) and reads_the_clock(node):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def test_the_scan_finds_a_moment_in_a_parametrize_list():
    source = (
        "import time, pytest\n"
        "@pytest.mark.parametrize('nbf', [int(time.time()) + 600])\n"
        "def test_x(nbf): pass\n"
        "def test_y(): return time.time()\n"
        "CASES = [lambda: time.time()]\n"
        "SOON = date.today()\n"
        "TOKEN, _ = create_access_token(settings, user_id=1, organisation_id=2)\n"
    )
    found = evaluated_at_import(ast.parse(source))
    assert [node.lineno for node in found] == [2, 6, 7]


def test_no_test_module_reads_the_clock_at_import_or_collection():
    offenders = [
        f"{path.relative_to(TESTS.parent)}:{node.lineno}"
        for path in sorted(TESTS.rglob("*.py"))
        for node in evaluated_at_import(ast.parse(path.read_text(), filename=str(path)))
    ]
    assert offenders == [], "a moment computed at import or collection: " + ", ".join(offenders)
