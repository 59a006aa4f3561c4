"""Serve the fake on 127.0.0.1 with uvicorn, inside the running event loop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from hotline_server.devtools.fake_twilio.fake import FakeTwilio
from hotline_server.devtools.loopback import serving


@asynccontextmanager
async def running_fake_twilio(
    fake: FakeTwilio, *, host: str = "127.0.0.1", port: int = 0
) -> AsyncIterator[str]:
    """Serve ``fake.app`` (on a free port by default) and yield its base URL.

    The server runs in the current loop, so ``fake.settle()`` and ``deliver_pending()``
    see the same tasks. On exit the server stops and background work is cancelled.
    """
    try:
        async with serving(fake.app, host=host, port=port) as url:
            yield url
    finally:
        await fake.aclose()


serve = running_fake_twilio
