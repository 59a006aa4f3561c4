"""Serve the fake gateway on 127.0.0.1 inside the running loop, and post its webhooks."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import httpx2

from hotline_server.devtools.fake_android_gateway.fake import FakeGateway
from hotline_server.devtools.fake_android_gateway.webhooks import PostFn
from hotline_server.devtools.loopback import serving

WEBHOOK_TIMEOUT = 30.0  # the app's whole-request timeout


def http_poster(client: httpx2.AsyncClient) -> PostFn:
    async def post(url: str, body: bytes, headers: Mapping[str, str]) -> int:
        answer = await client.post(url, content=body, headers=dict(headers))
        return answer.status_code

    return post


@asynccontextmanager
async def running_fake_gateway(
    fake: FakeGateway, *, host: str = "127.0.0.1", port: int = 0
) -> AsyncIterator[str]:
    """Serve ``fake.app`` (on a free port by default) and yield its base URL."""
    try:
        async with serving(fake.app, host=host, port=port) as url:
            yield url
    finally:
        await fake.aclose()
