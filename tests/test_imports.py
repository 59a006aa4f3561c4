"""The import graph: no cycle (``TYPE_CHECKING`` imports included), and the web app and the
worker run without the development tools."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("hotline_server", "ivr_flows")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def _imported(node: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            anchor = module.split(".")[: len(module.split(".")) - node.level + is_package]
            base = ".".join([*anchor, *([base] if base else [])])
        yield base
        yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph() -> dict[str, set[str]]:
    """Each module of the packages and the modules of the packages it imports, anywhere in
    its source (function bodies and ``if TYPE_CHECKING:`` blocks included)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        targets = {
            name
            for node in ast.walk(tree)
            for name in _imported(node, module, is_package)
            if name in modules and name != module
        }
        graph[module] = targets
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle (a path that comes back to its start), or [] when there is none."""
    done: set[str] = set()
    for root in sorted(graph):
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        path, on_path = [root], {root}
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                on_path.discard(node)
                done.add(node)
            elif child in on_path:
                return [*path[path.index(child) :], child]
            elif child not in done:
                stack.append((child, iter(sorted(graph[child]))))
                path.append(child)
                on_path.add(child)
    return []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


def test_the_graph_sees_type_checking_and_relative_imports() -> None:
    graph = import_graph()
    assert "hotline_server.models.enums" in graph["hotline_server.models"]
    assert len(graph) > 150 and "ivr_flows" in graph["hotline_server.calls.turn"]


def test_no_import_cycle() -> None:
    assert find_cycle(import_graph()) == []


def _devtools_loaded(imports: str) -> list[str]:
    """The ``hotline_server.devtools`` modules a fresh interpreter holds after ``imports``."""
    script = (
        f"import sys; {imports}; "
        "print(sorted(m for m in sys.modules if m.startswith('hotline_server.devtools')))"
    )
    env = {**os.environ, "HOTLINE_DEV_MODE": "true"}  # the shipped settings are not dev mode
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    loaded: list[str] = ast.literal_eval(done.stdout.strip())
    return loaded


def test_the_web_app_and_the_worker_do_not_load_the_development_tools() -> None:
    imports = "import hotline_server.asgi, hotline_server.worker; hotline_server.asgi.create()"
    assert _devtools_loaded(imports) == []
    assert "hotline_server.devtools" in _devtools_loaded("import hotline_server.devtools.simulate")
