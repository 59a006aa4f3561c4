"""Records every request and response of the fake as bytes (``FakeTwilio.exchanges``)."""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hotline_server.core.asgi import HttpMiddleware
from hotline_server.devtools.fake_twilio.records import Exchange


class ExchangeRecorder(HttpMiddleware):
    """ASGI middleware: hands each finished HTTP exchange to ``record``."""

    def __init__(self, app: ASGIApp, record: Callable[[Exchange], None]) -> None:
        super().__init__(app)
        self.record = record

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_body = bytearray()
        response_body = bytearray()
        start: dict[str, object] = {}

        async def receive_and_keep() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                request_body.extend(message.get("body", b""))
            return message

        async def send_and_keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                response_body.extend(message.get("body", b""))
            await send(message)

        await self.app(scope, receive_and_keep, send_and_keep)
        self.record(_exchange(scope, bytes(request_body), start, bytes(response_body)))


def _exchange(scope: Scope, body: bytes, start: dict[str, object], response: bytes) -> Exchange:
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    raw_response_headers = start.get("headers", [])
    assert isinstance(raw_response_headers, list)
    response_headers = {
        k.decode("latin-1").lower(): v.decode("latin-1") for k, v in raw_response_headers
    }
    status = start.get("status", 500)
    return Exchange(
        method=scope["method"],
        path=scope["path"],
        query=scope["query_string"].decode("latin-1"),
        headers=headers,
        body=body,
        status=status if isinstance(status, int) else 500,
        response_body=response,
        response_content_type=response_headers.get("content-type", ""),
    )
