"""Hotlines by number, cached for a few seconds (`core.model_cache`).

Every text looks up its hotline; hotlines change a few times a year.
"""

from __future__ import annotations

from hotline_server.core.model_cache import ModelCache
from hotline_server.core.phones import normalise_number
from hotline_server.models import Hotline


async def find_hotline(number: str, region: str) -> Hotline | None:
    """The active hotline with this number (any written form), or None; uncached."""
    try:
        e164 = normalise_number(number, region)
    except ValueError:
        return None
    return await Hotline.filter(number=e164, active=True).first()


class HotlineCache:
    def __init__(self, region: str, ttl: float = 10.0) -> None:
        self.region = region
        self._found: ModelCache[str, Hotline | None] = ModelCache(Hotline, ttl)

    def clear(self) -> None:
        self._found.clear()

    async def find(self, number: str) -> Hotline | None:
        """The active hotline with this number (any written form), or None."""
        return await self._found.get(number, lambda: find_hotline(number, self.region))
