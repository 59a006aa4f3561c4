"""Phone numbers are personal data: logs at INFO, and officers without the right to
reveal them, see them masked: at most the last three digits (unit officers see none)."""

from __future__ import annotations

HIDDEN = "***"


def mask_number(number: str) -> str:
    """``+84912345678`` -> ``***678``; short or odd values are fully hidden."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) < 9:
        return HIDDEN
    return f"{HIDDEN}{digits[-3:]}"
