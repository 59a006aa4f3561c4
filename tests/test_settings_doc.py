"""docs/settings.md is the table generated from the settings model: every setting is in
it, with its meaning, and the file is not stale."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from hotline_server.devtools.settings_doc import settings_doc
from hotline_server.settings import Settings

DOC = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def _names(model: type[BaseModel], prefix: str = "") -> set[str]:
    names: set[str] = set()
    for name, info in model.model_fields.items():
        nested = info.annotation
        if isinstance(nested, type) and issubclass(nested, BaseModel) and name != "demo_hotlines":
            names |= _names(nested, f"{prefix}{name}.")
        else:
            names.add(prefix + name)
    return names


def test_every_setting_has_a_row_with_its_meaning() -> None:
    rows = re.findall(r"^\| `([\w.]+)` \| `HOTLINE_\w+` \|.*\| (.+) \|$", DOC.read_text(), re.M)
    documented = {name for name, meaning in rows if meaning.strip()}
    assert documented == _names(Settings)


def test_the_table_is_current() -> None:
    message = "run: python -m hotline_server.devtools.settings_doc > docs/settings.md"
    assert DOC.read_text(encoding="utf-8") == settings_doc(), message
