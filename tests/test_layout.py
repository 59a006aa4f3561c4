"""The README's layout table matches the tree, and the rooms keep their boundaries."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "hotline_server"


def _layout_paths() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", section, re.M)


def _package_folders() -> set[str]:
    return {
        init.parent.relative_to(ROOT).as_posix() + "/"
        for init in PACKAGE.rglob("__init__.py")
        if init.parent != PACKAGE
    }


def test_every_package_folder_is_in_the_layout_table() -> None:
    missing = _package_folders() - set(_layout_paths())
    assert not missing, f"README ## Layout lacks {sorted(missing)}"


def test_every_path_in_the_layout_table_exists() -> None:
    paths = _layout_paths()
    assert paths, "README has no ## Layout table"
    absent = [p for p in paths if not (ROOT / p).exists()]
    assert not absent, f"README ## Layout names paths that do not exist: {absent}"
    assert len(paths) == len(set(paths))


def _imports(folder: Path) -> set[str]:
    found: set[str] = set()
    for source in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return found


def test_api_and_console_read_cases_through_cases_not_each_other() -> None:
    api, console = _imports(PACKAGE / "api"), _imports(PACKAGE / "console")
    assert not {m for m in api if m.startswith("hotline_server.console")}
    assert not {m for m in console if m.startswith("hotline_server.api")}


def test_provider_webhooks_write_through_capabilities() -> None:
    """Webhooks check, parse, call a capability and answer: no model writes of their own."""
    writes = re.compile(
        r"\.save\(|\b[A-Z]\w+\.(create|bulk_create|get_or_create|update_or_create)\("
        r"|\)\.(update|delete)\("
    )
    offenders = [
        f"{source.relative_to(ROOT)}:{number}"
        for source in (PACKAGE / "channels").glob("*/*.py")
        if source.stem not in ("adapter", "client", "http", "tokens")  # the sending side
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
        if writes.search(line)
    ]
    assert not offenders, offenders
