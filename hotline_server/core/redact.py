"""Phone numbers are personal data: logs at INFO, and officers without the right to
reveal them, see them masked."""

from __future__ import annotations


def mask_number(number: str) -> str:
    """``+84912345678`` -> ``+8491****678``; short or odd values are fully hidden."""
    if len(number) < 9:
        return "****"
    return f"{number[:5]}****{number[-3:]}"
