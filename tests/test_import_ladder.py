"""The import graph of backend/kompas is a one-way ladder (docs/decisions/0011-import-ladder.md).

Every import is read from the source (those inside functions too), so an upward import cannot hide
from this check by being deferred. Three rules:

- each package sits on a layer (``LAYERS``); an import never points to a higher layer. Within a
  layer packages may import one another, as long as they form no circle;
- no circle between packages, nor between modules;
- within a domain, a model imports no service or router, and a service no router.

A new package fails here until it is placed in ``LAYERS``.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "backend" / "kompas"

TOP, AGGREGATE, FEATURE, SHARED, ACCESS, REGISTRY, CORE = 7, 6, 5, 4, 3, 2, 1
LAYER_NAMES = {
    TOP: "top (wiring)",
    AGGREGATE: "aggregate",
    FEATURE: "feature",
    SHARED: "shared",
    ACCESS: "access",
    REGISTRY: "registry",
    CORE: "core",
}
# Each package (or top-level module) of backend/kompas and its layer, top to bottom.
LAYERS: dict[str, int] = {
    # wires everything; `models` is the list of every table for Alembic and the tests
    "main": TOP,
    "cli": TOP,
    "demo": TOP,
    "models": TOP,
    # whole-organisation export and import: knows every table (docs/export.md)
    "transfer": TOP,
    # read across the features, with each feature's own visibility rules (decision 0012)
    "dashboard": AGGREGATE,
    "reports": AGGREGATE,
    # a person's own data across every feature (AVG/GDPR art. 15 and 17)
    "personaldata": AGGREGATE,
    # the work the municipality does with its partners
    "rolemaps": FEATURE,
    "agenda": FEATURE,
    "questions": FEATURE,
    "successes": FEATURE,
    "experiences": FEATURE,
    "meetings": FEATURE,
    "chain": FEATURE,
    "search": FEATURE,
    "calendar": FEATURE,
    # reads the published experiences and successes (sideways, within the feature layer)
    "feeds": FEATURE,
    "commitments": FEATURE,
    "reflection": FEATURE,
    "webhooks": FEATURE,
    # what every feature shares; knows no feature
    "joint": SHARED,
    "audit": SHARED,
    # the outbox of events, written in the change's transaction (decision 0014)
    "events": SHARED,
    # who calls; knows the registry
    "auth": ACCESS,
    "users": ACCESS,
    "tokens": ACCESS,
    # the registry and the compass
    "parties": REGISTRY,
    "compass": REGISTRY,
    "organisations": REGISTRY,
    # mechanisms only
    "core": CORE,
}
# Within a domain: router -> service -> models (a lower kind imports no higher one).
KINDS = {"router": 3, "service": 2, "models": 1}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, module: str) -> Iterator[tuple[str, int]]:
    """Every module that ``path`` (module ``module``) imports, anywhere in it, with the line."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # `from kompas.x import service` imports the module kompas.x.service; `from kompas.x.y
            # import Name` the module kompas.x.y (the longest known module is taken below)
            for alias in node.names:
                yield f"{target}.{alias.name}", node.lineno


def _graph() -> tuple[set[str], list[tuple[str, str, str]]]:
    """The modules of kompas, and every import between them as (importer, imported, file:line)."""
    files = {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}
    edges = []
    for module, path in files.items():
        where = path.relative_to(ROOT.parents[1])
        for target, line in _imports(path, module):
            # the longest known module the imported name belongs to
            while target and target not in files:
                target = target.rpartition(".")[0]
            edge = (module, target, f"{where}:{line}")
            if target.startswith("kompas.") and target != module and edge not in edges:
                edges.append(edge)
    return set(files), edges


def _package(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_every_package_is_placed_on_a_layer() -> None:
    modules, _ = _graph()
    packages = {_package(m) for m in modules} - {""}
    unplaced = sorted(packages - LAYERS.keys())
    assert not unplaced, f"Place these packages in LAYERS ({__file__}): {unplaced}"
    assert not sorted(LAYERS.keys() - packages), "LAYERS names a package that no longer exists"


def test_no_import_points_up_a_layer() -> None:
    _, edges = _graph()
    upward = [
        f"{where}: {importer} imports {imported} "
        f"({LAYER_NAMES[LAYERS[_package(importer)]]} -> "
        f"{LAYER_NAMES[LAYERS[_package(imported)]]})"
        for importer, imported, where in edges
        if _package(importer) in LAYERS
        and _package(imported) in LAYERS
        and LAYERS[_package(imported)] > LAYERS[_package(importer)]
    ]
    assert not upward, "Imports that point up the ladder:\n" + "\n".join(upward)


def test_within_a_domain_router_service_models_point_down() -> None:
    _, edges = _graph()
    wrong = [
        f"{where}: {importer} imports {imported}"
        for importer, imported, where in edges
        if KINDS.get(imported.rpartition(".")[2], 0) > KINDS.get(importer.rpartition(".")[2], 9)
    ]
    assert not wrong, "A model imports a service or router, or a service a router:\n" + "\n".join(
        wrong
    )


def test_no_circle_between_packages() -> None:
    _, edges = _graph()
    graph: dict[str, set[str]] = defaultdict(set)
    sites: dict[tuple[str, str], list[str]] = defaultdict(list)
    for importer, imported, where in edges:
        a, b = _package(importer), _package(imported)
        if a and b and a != b:
            graph[a].add(b)
            sites[(a, b)].append(f"{where}: {importer} imports {imported}")
    report = _circles(graph, sites)
    assert not report, "Packages that import one another:\n" + "\n".join(report)


def _circles(graph: dict[str, set[str]], sites: dict[tuple[str, str], list[str]]) -> list[str]:
    """Each circle of ``graph`` and the imports that close it."""
    report = []
    for component in _cycles(graph):
        report.append("circle: " + ", ".join(component))
        for (a, b), where in sorted(sites.items()):
            if a in component and b in component:
                report.extend(f"  {w}" for w in where)
    return report


def test_no_circle_between_modules() -> None:
    _, edges = _graph()
    graph: dict[str, set[str]] = defaultdict(set)
    sites: dict[tuple[str, str], list[str]] = defaultdict(list)
    for importer, imported, where in edges:
        # a package's __init__ is imported with each of its modules; not a circle of its own
        if not importer.startswith(imported + "."):
            graph[importer].add(imported)
            sites[(importer, imported)].append(f"{where}: {importer} imports {imported}")
    report = _circles(graph, sites)
    assert not report, "Modules that import one another:\n" + "\n".join(report)


def test_the_check_sees_imports_inside_functions(tmp_path: Path) -> None:
    source = "def f():\n    from kompas.auth import service\n    import kompas.users.models\n"
    module = tmp_path / "probe.py"
    module.write_text(source)
    found = list(_imports(module, "kompas.probe"))
    assert ("kompas.auth.service", 2) in found
    assert ("kompas.users.models", 3) in found
