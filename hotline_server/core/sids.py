"""Provider-shaped identifiers for what we make up ourselves (the log-only adapter, the
fakes, the simulator): two letters and 32 hex digits, like Twilio's SIDs."""

from __future__ import annotations

import secrets


def new_sid(prefix: str) -> str:
    """``new_sid("SM")`` -> ``SM`` and 32 hex digits."""
    return prefix + secrets.token_hex(16)
