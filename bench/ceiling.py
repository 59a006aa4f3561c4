"""The ceiling: a bare Starlette app on the same uvicorn setup as the hotline.

Every route reads the body and answers fixed TwiML, so the bench's webhook phases
can be read as a share of what the framework and server do at all on this machine.
`uvicorn --factory bench.ceiling:create` (the bench starts it as it starts the web).
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

TWIML = (
    '<?xml version="1.0" encoding="UTF-8"?><Response><Message>'
    "Công an đã nhận phản ánh, mã HT-7K3Q.</Message></Response>"
)


async def _answer(request: Request) -> Response:
    await request.body()
    return Response(TWIML, media_type="application/xml")


async def _healthz(request: Request) -> Response:
    return Response("ok", media_type="text/plain")


def create() -> Starlette:
    return Starlette(
        routes=[
            Route("/healthz", _healthz, methods=["GET"]),
            Route("/{path:path}", _answer, methods=["POST", "GET"]),
        ]
    )
