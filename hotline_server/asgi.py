"""ASGI entry point for uvicorn: `uvicorn --factory hotline_server.asgi:create`."""

from __future__ import annotations

from starlette.applications import Starlette

from hotline_server.app import build_app
from hotline_server.settings import load_settings


def create() -> Starlette:
    return build_app(load_settings())
