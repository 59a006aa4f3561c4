"""`build_app`: the one place the ASGI app and its routes are put together."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from tortoise.contrib.starlette import RegisterTortoise
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from hotline_server.api.routes import api_mount
from hotline_server.channels.registry import webhook_routes
from hotline_server.console.routes import console_mount
from hotline_server.console.templating import attach_environment, build_environment
from hotline_server.context import AppContext, attach
from hotline_server.core.body_limit import BodyLimit
from hotline_server.core.clock import Clock, clock_from_setting
from hotline_server.core.db import tortoise_config
from hotline_server.core.key_check import check_at_start
from hotline_server.core.logs import hide_query_strings
from hotline_server.core.transport_security import StrictTransportSecurity
from hotline_server.health import healthz
from hotline_server.outage.call_replay import CallReplay
from hotline_server.outage.replay import keep_replaying
from hotline_server.settings import Settings

log = logging.getLogger(__name__)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
    return PlainTextResponse(exc.detail, status_code=exc.status_code)


async def _to_console(request: Request) -> Response:
    return RedirectResponse("/console/", status_code=303)


def _middleware(settings: Settings) -> list[Middleware]:
    """Forwarded headers only from `forwarded_allow_ips`, HSTS over https, body limits."""
    trusted = [ip.strip() for ip in settings.forwarded_allow_ips.split(",") if ip.strip()]
    stack = [Middleware(ProxyHeadersMiddleware, trusted_hosts=trusted)]
    if settings.public_base_url.startswith("https://"):
        stack.append(Middleware(StrictTransportSecurity))
    return [*stack, Middleware(BodyLimit, limit=settings.max_body_bytes)]


def build_app(settings: Settings, *, clock: Clock | None = None) -> Starlette:
    ctx = AppContext.create(settings, clock or clock_from_setting(settings.dev_clock))
    hide_query_strings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        config = tortoise_config(settings.database_url)
        async with RegisterTortoise(app, config=config, generate_schemas=False):
            await check_at_start(ctx.vault)
            replayer = asyncio.create_task(
                keep_replaying(
                    ctx.spool,
                    ctx.intake,
                    settings.spool_replay_seconds,
                    CallReplay(settings, ctx.vault, ctx.offline.spool),
                )
            )
            try:
                yield
            finally:
                replayer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await replayer
                ctx.wake.close()

    app = Starlette(
        routes=[
            Route("/healthz", healthz, methods=["GET"]),
            *webhook_routes(),
            Route("/", _to_console, methods=["GET"]),
            console_mount(settings),
            api_mount(),
        ],
        lifespan=lifespan,
        exception_handlers={HTTPException: _http_error},
        middleware=_middleware(settings),
    )
    attach(app, ctx)
    attach_environment(app, build_environment())
    return app
