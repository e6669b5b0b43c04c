"""The shape of the house, read from the imports: the adapter on top, cores free of MkDocs, no circles.

Every import counts, also those inside functions (a lazy import still ties two modules together) and
those for type checking only (a reader follows them too).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from conftest import ROOT

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from pathlib import Path

PACKAGE = ROOT / "mkdocs_zigzag"
CORES = ("mkdocs_zigzag.hexo", "mkdocs_zigzag.katex", "mkdocs_zigzag.figures")
ADAPTER = (
    "mkdocs_zigzag.plugin",
    "mkdocs_zigzag.build",
    "mkdocs_zigzag.session",
    "mkdocs_zigzag.material_bridge",
    "mkdocs_zigzag.blog",
    "mkdocs_zigzag.config",
    "mkdocs_zigzag.hexo_site",
)


def _in_core(name: str) -> bool:
    """Whether the module *name* is a core package or inside one (``mkdocs_zigzag.hexo_site`` is not)."""
    return any(name == core or name.startswith(core + ".") for core in CORES)


def _imports(path: Path) -> set[str]:
    """Every module name *path* imports (``from a import b`` counts as ``a`` and ``a.b``)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _graph(modules: Mapping[str, Path], local: Iterable[str]) -> dict[str, set[str]]:
    """``module -> the local modules it imports`` (a package's ``__init__`` only where named itself)."""
    known = set(local)
    return {name: {m for m in _imports(path) if m in known and m != name} for name, path in modules.items()}


def _package_modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The import circles of *graph* (each as a path that comes back to its start)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                found.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_the_package_has_no_import_circle() -> None:
    modules = _package_modules()
    assert _cycles(_graph(modules, modules)) == []


def test_plugin_is_on_top_and_only_the_adapter_imports_the_adapter() -> None:
    modules = _package_modules()
    graph = _graph(modules, modules)
    assert [name for name, targets in graph.items() if "mkdocs_zigzag.plugin" in targets] == []
    wrong = {
        (name, target)
        for name, targets in graph.items()
        if _in_core(name)
        for target in targets
        if target in ADAPTER
    }
    assert wrong == set(), "cores import the adapter"


def test_no_core_imports_mkdocs_or_material() -> None:
    offending = {
        (name, imported)
        for name, path in _package_modules().items()
        if _in_core(name)
        for imported in _imports(path)
        if imported.split(".")[0] in ("mkdocs", "material")
    }
    assert offending == set()


def test_benchmarks_have_no_import_circle() -> None:
    modules = {path.stem: path for path in (ROOT / "benchmarks").glob("*.py")}
    assert _cycles(_graph(modules, modules)) == []


def test_core_membership_is_by_package_not_by_prefix() -> None:
    assert _in_core("mkdocs_zigzag.hexo") and _in_core("mkdocs_zigzag.hexo.permalink")
    assert not _in_core("mkdocs_zigzag.hexo_site") and not _in_core("mkdocs_zigzag.hexo_init")


def test_the_circle_finder_finds_a_circle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
