"""The README's table of task kinds names exactly the kinds the worker has handlers for."""

from __future__ import annotations

import re
from pathlib import Path

from hotline_server.tasks.handlers import HANDLERS

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_lists_every_task_kind() -> None:
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| kind | what it does |") :].split("\n\n", 1)[0]
    listed = re.findall(r"^\| `(\w+)` \|", table, re.M)
    assert sorted(listed) == sorted(HANDLERS)
    assert len(listed) == len(set(listed))
