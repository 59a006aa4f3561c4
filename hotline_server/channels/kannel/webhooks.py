"""Kannel's calls to us: a text from smsbox (`get-url`/`post-url`) and a delivery report
(`dlr-url`). Both answer an empty 200 once what they carry is stored; smsbox's service
has `max-messages = 0`, so nothing in an answer would reach the phone anyway.
"""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from hotline_server.channels.kannel.lookup import find_endpoint, message_endpoint
from hotline_server.channels.kannel.mo import BadMo, field, parse_mo, query_bytes
from hotline_server.channels.kannel.status import dlr_status
from hotline_server.context import app_context
from hotline_server.core.db import database_down
from hotline_server.core.forms import read_body
from hotline_server.core.phones import BadNumber
from hotline_server.models import Medium, Message
from hotline_server.outbox.delivery import apply_report
from hotline_server.texts.inbound import InboundMessage
from hotline_server.texts.intake import take_inbound

log = logging.getLogger(__name__)
PROVIDER = "kannel"


def _refused() -> Response:
    return Response("forbidden", status_code=403, media_type="text/plain")


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


async def receive_text(request: Request) -> Response:
    """`GET|POST /kannel/{channel}/receive?secret=...&id=%I...`: a text from a phone."""
    ctx = app_context(request.app)
    raw_query: bytes = request.scope["query_string"]
    try:
        secret = field(query_bytes(raw_query), "secret", required=False)
    except BadMo:
        return _refused()
    endpoint = await find_endpoint(ctx, request.path_params["channel"])
    if endpoint is None or not endpoint.admits(secret, _client(request)):
        log.warning("Kannel text with a wrong secret or from a foreign address refused")
        return _refused()
    body = (
        await read_body(request, ctx.settings.max_body_bytes, None)
        if request.method == "POST"
        else None
    )
    try:
        mo = parse_mo(raw_query, body, request.headers)
    except BadMo as exc:
        raise HTTPException(400, str(exc)) from None
    msg = InboundMessage(
        provider=PROVIDER,
        provider_id=mo.message_id,
        medium=Medium.SMS,
        sender=mo.sender,
        hotline_number=endpoint.hotline_number,
        body=mo.text,
        channel_id=endpoint.channel_id,
        answer_by_worker=True,  # smsbox sends nothing back: the worker answers at once
    )
    try:
        await take_inbound(ctx.intake, msg)
    except BadNumber as exc:
        raise HTTPException(400, f"malformed sender: {exc}") from None
    except Exception as exc:
        if not database_down(exc):
            raise
        await ctx.spool.append(msg)  # once replayed, the worker texts the answer
        return Response(status_code=200)
    ctx.wake.wake()  # the worker sends the answer now, not at its next poll
    return Response(status_code=200)


async def delivery_report(request: Request) -> Response:
    """`GET /kannel/status?secret=...&id=<ours>&d=%d`: what became of a text we sent."""
    ctx = app_context(request.app)
    try:
        fields = query_bytes(request.scope["query_string"])
        secret, our_id = field(fields, "secret", required=False), field(fields, "id")
        status = dlr_status(field(fields, "d"))
    except BadMo:
        return _refused()
    message = await Message.filter(provider=PROVIDER, provider_sid=our_id).first()
    endpoint = await message_endpoint(ctx, message) if message else None
    if message is None or endpoint is None or not endpoint.admits(secret, _client(request)):
        log.warning("Kannel delivery report with a wrong secret or for no text refused")
        return _refused()
    if status is None:
        raise HTTPException(400, "unknown delivery report type")
    if await apply_report(endpoint.channel_id, PROVIDER, our_id, status, ctx.clock.now()):
        ctx.wake.wake()  # undelivered: the hotline's next channel takes it at once
    return Response(status_code=200)
