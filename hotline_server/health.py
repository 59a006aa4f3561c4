"""`GET /healthz`: the process is up, the database answers, each channel's state, and
how many texts this process could not keep because the outage spool was full.

A channel is `ok`, `silent` (nothing heard for longer than its window), `down` or
`off`; the list carries ids and kinds only, never numbers or credentials.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from tortoise import connections

from hotline_server.channels.health import channel_state
from hotline_server.context import app_context
from hotline_server.models import Channel

log = logging.getLogger(__name__)


async def healthz(request: Request) -> Response:
    not_kept = app_context(request.app).spool.not_kept
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception as exc:
        log.error("health check: database unreachable (%s)", type(exc).__name__)
        body = {"status": "error", "database": "unreachable", "spool_not_kept": not_kept}
        return JSONResponse(body, status_code=503)
    now = app_context(request.app).clock.now()
    channels = await Channel.all().order_by("hotline_id", "position", "id")
    states = [channel_state(channel, now) for channel in channels]
    answer = {"status": "ok", "database": "ok", "channels": states, "spool_not_kept": not_kept}
    return JSONResponse(answer)
