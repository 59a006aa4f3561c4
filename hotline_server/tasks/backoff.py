"""Retry delays: exponential with full jitter, capped."""

from __future__ import annotations

import random


def retry_delay(attempt: int, base: float, cap: float, rand: random.Random | None = None) -> float:
    """Seconds before retry number `attempt` (1-based): uniform in [ceiling/2, ceiling]."""
    ceiling = min(cap, base * 2.0 ** max(0, attempt - 1))
    source = rand or random.Random()  # noqa: S311 - jitter, not security
    jitter: float = source.random()
    return ceiling / 2 + jitter * ceiling / 2
