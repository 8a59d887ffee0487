"""The structure holds: imports flow one way, from the adapters down to the base.

The layers themselves are written once, as import-linter contracts in pyproject.toml;
`make lint` runs them and so does this test, so a new back-import fails the build.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "afterword"


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    # Imports made only for type checking never run, so they cannot form a cycle at import
    # time (pipeline.models and offers.models name each other for the ORM relationship).
    return grimp.build_graph("afterword", exclude_type_checking_imports=True)


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["importlinter"]["contracts"])


def _circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of more than one node (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work: list[tuple[str, Iterable[str]]] = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(iter(children), None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                part = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    part.append(member)
                    if member == node:
                        break
                if len(part) > 1:
                    found.append(sorted(part))
    return found


def test_circle_finder_finds_a_circle_and_nothing_in_a_line() -> None:
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_import_linter_contracts_are_kept() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(linter), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_every_package_and_top_level_module_has_a_place_in_the_layers() -> None:
    (layers,) = [c for c in _contracts() if c["type"] == "layers"]
    placed = {
        name.strip()
        for layer in layers["layers"]  # type: ignore[union-attr]
        for name in str(layer).split("|")
    }
    present = {
        path.stem if path.is_file() else path.name
        for path in PACKAGE.iterdir()
        if (path.is_dir() and (path / "__init__.py").exists())
        or (path.suffix == ".py" and path.stem != "__init__")
    }
    assert present - placed == set(), "place each new package in pyproject's layers contract"
    assert placed - present == set(), "the layers contract names a package that is gone"


def test_layers_run_from_the_adapters_down_to_the_base() -> None:
    (layers,) = [c for c in _contracts() if c["type"] == "layers"]
    order = [str(layer) for layer in layers["layers"]]  # type: ignore[union-attr]
    position = {name.strip(): at for at, layer in enumerate(order) for name in layer.split("|")}
    assert position["cli"] == position["web"] < position["views"] < position["inbox"]
    assert position["playbook"] < position["pipeline"] < position["settings"] < position["db"]
    assert position["storage"] < min(position[p] for p in ("inbox", "pipeline", "offers"))


def test_packages_import_each_other_one_way(graph: grimp.ImportGraph) -> None:
    def package(module: str) -> str:
        return ".".join(module.split(".")[:2])

    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if package(module) != package(imported):
                edges.setdefault(package(module), set()).add(package(imported))
    assert _circles(edges) == []


def test_no_two_modules_import_each_other_even_through_others(graph: grimp.ImportGraph) -> None:
    edges = {
        module: set(graph.find_modules_directly_imported_by(module)) for module in graph.modules
    }
    assert _circles(edges) == []


def test_the_command_line_and_the_web_app_never_import_each_other(
    graph: grimp.ImportGraph,
) -> None:
    assert not graph.chain_exists("afterword.cli", "afterword.web", as_packages=True)
    assert not graph.chain_exists("afterword.web", "afterword.cli", as_packages=True)
