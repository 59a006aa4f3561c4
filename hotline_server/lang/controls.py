"""Control characters a text may carry but nothing downstream wants."""

from __future__ import annotations

import re

# C0 controls and DEL, except tab and newline (carriage returns become newlines).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def strip_controls(text: str) -> str:
    """``text`` without NUL and the other C0 controls (PostgreSQL refuses NUL in text)."""
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
