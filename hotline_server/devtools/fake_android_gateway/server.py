"""Serve the fake gateway on 127.0.0.1 inside the running loop, and post its webhooks."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import httpx2
import uvicorn

from hotline_server.devtools.fake_android_gateway.fake import FakeGateway
from hotline_server.devtools.fake_android_gateway.webhooks import PostFn

STARTUP_TIMEOUT = 10.0
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
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    config = uvicorn.Config(
        fake.app, lifespan="off", ws="none", log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        async with asyncio.timeout(STARTUP_TIMEOUT):
            while not server.started:
                if task.done():
                    task.result()
                await asyncio.sleep(0.01)
        bound_host, bound_port = sock.getsockname()[:2]
        yield f"http://{bound_host}:{bound_port}"
    finally:
        server.should_exit = True
        await task
        await fake.aclose()
        sock.close()
