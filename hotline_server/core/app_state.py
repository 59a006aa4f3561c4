"""Typed reads of what `build_app` attaches to the Starlette app (its `state` is untyped)."""

from __future__ import annotations

from typing import TypeVar

from starlette.applications import Starlette

T = TypeVar("T")


def attach_state(app: Starlette, name: str, value: object) -> None:
    setattr(app.state, name, value)


def state_of(app: Starlette, name: str, kind: type[T]) -> T:
    """``app.state.<name>``, which must be a ``kind``: an app built elsewhere has none."""
    value = getattr(app.state, name, None)
    if not isinstance(value, kind):
        raise RuntimeError(f"the app has no {kind.__name__}: build it with build_app")
    return value
