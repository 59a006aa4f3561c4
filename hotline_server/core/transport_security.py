"""Strict-Transport-Security on every answer when the server is public over https."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from hotline_server.core.asgi import HttpMiddleware

HSTS = "max-age=31536000; includeSubDomains"


class StrictTransportSecurity(HttpMiddleware):
    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).setdefault("Strict-Transport-Security", HSTS)
            await send(message)

        await self.app(scope, receive, with_header)
