"""Jinja2 for the console: autoescaped, with the user's language and Vietnam's clock."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette

from hotline_server.console.i18n import translate
from hotline_server.core.app_state import attach_state, state_of

TEMPLATES = Path(__file__).parent / "templates"
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def local_time(value: datetime | None, fmt: str = "%d/%m/%Y %H:%M") -> str:
    if value is None:
        return ""
    return value.astimezone(ZONE).strftime(fmt)


def build_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "svg"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["vn"] = local_time
    env.globals["translate"] = translate
    return env


def attach_environment(app: Starlette, env: Environment) -> None:
    attach_state(app, "console_env", env)


def console_environment(app: Starlette) -> Environment:
    """The templates ``build_app`` attached to ``app``."""
    return state_of(app, "console_env", Environment)
