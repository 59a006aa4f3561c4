"""Console texts: Vietnamese first, English as each user's choice (`texts.toml`)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("vi", "en")


@cache
def texts() -> dict[str, tuple[str, str]]:
    """The packaged texts, loaded once: key → (Vietnamese, English)."""
    raw = resources.files("hotline_server.console").joinpath("texts.toml").read_text("utf-8")
    pairs: dict[str, tuple[str, str]] = {}
    for key, pair in tomllib.loads(raw).items():
        match pair:
            case [str(vietnamese), str(english)]:
                pairs[key] = (vietnamese, english)
            case _:
                raise ValueError(f"console text {key!r} is not [Vietnamese, English]")
    return pairs


def translate(lang: str, key: str, **values: Any) -> str:
    """The text for `key`; an unknown key shows as itself (never an error on a page)."""
    pair = texts().get(key)
    if pair is None:
        return key.split("_", 1)[1] if key.startswith(("event_", "msg_", "outcome_")) else key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text
