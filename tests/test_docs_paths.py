"""The paths the README and docs/ name exist (a moved module leaves no stale pointer)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", ROOT / "docs" / "voice.md", ROOT / "docs" / "settings.md"]
# Where a path in the docs may be relative to: the repository or the package.
BASES = (ROOT, ROOT / "hotline_server")
GENERATED = {"bench/results/latest.md"}  # written by `make bench`, not committed


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_module_path_a_doc_names_exists(doc: Path) -> None:
    named = re.findall(r"`((?:[\w-]+/)+[\w-]+\.(?:py|toml|md))`", doc.read_text(encoding="utf-8"))
    missing = [p for p in named if p not in GENERATED and not any((b / p).exists() for b in BASES)]
    assert not missing, f"{doc.name} names paths that do not exist: {missing}"
