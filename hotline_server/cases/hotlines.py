"""Hotlines by number, cached for a few seconds.

Every text looks up its hotline; hotlines change a few times a year. A change
saved through the ORM in this process clears the cache at once (Tortoise's
post_save / post_delete signals); other processes see it within `ttl` seconds.
"""

from __future__ import annotations

import time
import weakref
from typing import Any

from tortoise.signals import post_delete, post_save

from hotline_server.core.phones import normalise_number
from hotline_server.models import Hotline

_CACHES: weakref.WeakSet[HotlineCache] = weakref.WeakSet()


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
        self.ttl = ttl
        self._found: dict[str, tuple[float, Hotline | None]] = {}
        _CACHES.add(self)

    def clear(self) -> None:
        self._found.clear()

    async def find(self, number: str) -> Hotline | None:
        """The active hotline with this number (any written form), or None."""
        hit = self._found.get(number)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        hotline = await find_hotline(number, self.region)
        if len(self._found) > 10_000:
            self._found.clear()
        self._found[number] = (time.monotonic() + self.ttl, hotline)
        return hotline


@post_save(Hotline)
async def _saved(sender: type[Hotline], instance: Hotline, *args: Any) -> None:
    for cache in list(_CACHES):
        cache.clear()


@post_delete(Hotline)
async def _deleted(sender: type[Hotline], instance: Hotline, *args: Any) -> None:
    for cache in list(_CACHES):
        cache.clear()
