"""The app's shared context: attached once by `build_app`, read through one typed accessor."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette

from hotline_server.app import build_app
from hotline_server.console.templating import console_environment
from hotline_server.context import AppContext, app_context
from hotline_server.settings import Settings

PACKAGE = Path(__file__).resolve().parent.parent / "hotline_server"
OWNERS = {PACKAGE / "core" / "app_state.py"}


def test_the_app_carries_its_context_and_templates(settings: Settings) -> None:
    app = build_app(settings)
    ctx = app_context(app)
    assert isinstance(ctx, AppContext) and ctx.settings is settings
    assert console_environment(app).get_template("_rows.html") is not None


def test_an_app_not_built_by_build_app_has_no_context() -> None:
    with pytest.raises(RuntimeError, match="build_app"):
        app_context(Starlette())
    with pytest.raises(RuntimeError, match="build_app"):
        console_environment(Starlette())


def test_handlers_read_the_app_state_only_through_the_accessors() -> None:
    readers = {
        path
        for path in PACKAGE.rglob("*.py")
        if "devtools" not in path.parts and "app.state" in path.read_text(encoding="utf-8")
    }
    assert readers == OWNERS
