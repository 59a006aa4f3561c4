"""Console texts: Vietnamese first, English as each user's choice."""

from __future__ import annotations

from typing import Any

from hotline_server.console.i18n_texts import TEXTS

LANGUAGES = ("vi", "en")


def translate(lang: str, key: str, **values: Any) -> str:
    """The text for `key`; an unknown key shows as itself (never an error on a page)."""
    pair = TEXTS.get(key)
    if pair is None:
        return key.split("_", 1)[1] if key.startswith(("event_", "msg_", "outcome_")) else key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text
