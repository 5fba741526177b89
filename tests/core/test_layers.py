"""The import graph of the portal's apps (issue 16): dependencies point down and nothing
goes round in a circle.

Layers, lowest first: ``core`` -> ``places`` -> ``accounts`` -> ``facts`` (the district's
reported figures, issue 19) -> ``notices``; above them the
domain apps (canteens, charging, parks, projects, coverage, housing_swap and any app added
later) and the ``backoffice``. A shared layer imports only layers below it; a domain app
imports the shared layers but no other domain app and not the back office; the back office
imports the shared layers but no domain app (the domain apps plug into it, and into core's
cache and navigation, with contributions: apps/core/contributions.py). Every import counts,
also one inside a function. No module of ``apps`` or ``portal`` takes part in an import
cycle."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ["core", "places", "accounts", "facts", "notices"]  # lowest first
TOP = "backoffice"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    found = {}
    for top in ("apps", "portal"):
        for path in (ROOT / top).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            found[_module_name(path)] = path
    return found


SOURCES = _sources()


def _resolve(module: str, name: str | None = None) -> str | None:
    """The portal module an import reaches (``from pkg import sub`` reaches ``pkg.sub``)."""
    if name and f"{module}.{name}" in SOURCES:
        return f"{module}.{name}"
    while module and module not in SOURCES:
        module = module.rpartition(".")[0]
    return module or None


def _imports(name: str, path: Path) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [(base, alias.name) for alias in node.names]
        else:
            continue
        for module, imported in targets:
            if module.split(".")[0] not in ("apps", "portal"):
                continue
            target = _resolve(module, imported)
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: _imports(name, path) for name, path in SOURCES.items()}


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "apps" and len(parts) > 1 else None


def _allowed(importer: str, imported: str) -> bool:
    if importer == imported or imported is None:
        return True
    if importer in SHARED:
        return imported in SHARED and SHARED.index(imported) < SHARED.index(importer)
    # a domain app or the back office: the shared layers only
    return imported in SHARED


def _violations() -> list[str]:
    found = []
    for module, targets in GRAPH.items():
        importer = _app(module)
        if importer is None:
            continue  # portal/ (settings, urls, celery) wires everything together
        for target in targets:
            if not _allowed(importer, _app(target)):
                found.append(f"{module} imports {target}")
    return sorted(found)


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, on_stack, stack, result = {}, {}, set(), [], []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for succ in GRAPH.get(node, ()):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return result


def test_the_graph_is_read():
    """The reader sees the imports it must see (the tests below would pass on an empty graph)."""
    assert "apps.core.contributions" in GRAPH["apps.backoffice.pending"]
    assert "apps.places.models" in GRAPH["apps.canteens.models"]
    assert "apps.backoffice.services" in GRAPH["apps.backoffice.tasks"]  # ``from . import services``
    assert len(GRAPH) > 100


def test_dependencies_point_down():
    assert _violations() == []


def test_the_checker_refuses_an_arrow_up():
    assert not _allowed("core", "notices")
    assert not _allowed("places", "canteens")
    assert not _allowed("backoffice", "housing_swap")
    assert not _allowed("canteens", "charging")
    assert not _allowed("eldercare", "backoffice")  # a new kind is a domain app
    assert _allowed("eldercare", "places") and _allowed("backoffice", "notices")


def test_no_import_cycles():
    assert _cycles() == []
