"""Lookups of rows that rarely change, kept for a few seconds in each process.

A save or delete through the ORM in this process clears every cache of that model at
once (Tortoise's post_save / post_delete signals); other processes see the change
within the cache's `ttl` seconds.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, Generic, TypeVar

from tortoise.models import Model
from tortoise.signals import Signals

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
MAX_KEYS = 10_000

_CACHES: dict[type[Model], weakref.WeakSet[ModelCache[Any, Any]]] = {}


class ModelCache(Generic[K, V]):
    """What ``load`` found for each key, for ``ttl`` seconds (a None found is kept too)."""

    def __init__(self, model: type[Model], ttl: float, also: tuple[type[Model], ...] = ()) -> None:
        """Cleared when a row of ``model`` (or of a model in ``also``) is saved or deleted."""
        self.ttl = ttl
        self._found: dict[K, tuple[float, V]] = {}
        for each in (model, *also):
            caches = _CACHES.get(each)
            if caches is None:
                caches = _CACHES[each] = weakref.WeakSet()
                each.register_listener(Signals.post_save, _changed)
                each.register_listener(Signals.post_delete, _changed)
            caches.add(self)

    def clear(self) -> None:
        self._found.clear()

    async def get(self, key: K, load: Callable[[], Awaitable[V]]) -> V:
        hit = self._found.get(key)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        value = await load()
        if len(self._found) > MAX_KEYS:
            self._found.clear()
        self._found[key] = (time.monotonic() + self.ttl, value)
        return value


async def _changed(sender: type[Model], *args: Any) -> None:
    for cache in list(_CACHES.get(sender, ())):
        cache.clear()
