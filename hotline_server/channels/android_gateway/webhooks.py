"""`POST /android/{channel}/events`: every webhook the hotline phone's gateway app sends.

Each request is checked (signature with the channel's signing key, timestamp within
five minutes of the real time: the app signs with the phone's clock, whatever the
server's dev clock says), then handled by its event. A retried event (same envelope
id) changes nothing: a text is stored once (the envelope id is its provider id),
a status report is taken once (a webhook receipt). Answers are 2xx at once; the
worker sends the citizen's answer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from tortoise import connections

from hotline_server.channels.android_gateway.envelope import BadEnvelope, Envelope, parse_envelope
from hotline_server.channels.android_gateway.signature import is_valid
from hotline_server.channels.android_gateway.status import GATEWAY_EVENT
from hotline_server.channels.records import ChannelLink, switched_on, touch
from hotline_server.context import AppContext, app_context
from hotline_server.core.db import database_down
from hotline_server.core.forms import read_body
from hotline_server.core.model_cache import ModelCache
from hotline_server.core.phones import BadNumber
from hotline_server.core.receipts import first_time
from hotline_server.models import Channel, ChannelKind, Medium
from hotline_server.outbox.delivery import apply_report
from hotline_server.texts.inbound import InboundMessage
from hotline_server.texts.intake import take_inbound

log = logging.getLogger(__name__)
PROVIDER = ChannelKind.ANDROID_GATEWAY.value
_CHANNELS: ModelCache[tuple[int, str], tuple[ChannelLink, str] | None] = ModelCache(Channel, 10.0)
Handler = Callable[[AppContext, ChannelLink, str, Envelope], Awaitable[None]]


def _ok() -> Response:
    return JSONResponse({"ok": True})


async def android_events(request: Request) -> Response:
    ctx = app_context(request.app)
    raw = await read_body(request, ctx.settings.max_body_bytes, "application/json")
    found = await _channel(ctx, str(request.path_params["channel"]))
    if found is None:
        return PlainTextResponse("no such channel", status_code=404)
    link, hotline_number = found
    headers = request.headers
    key = link.credentials.get("signing_key", "")
    if not is_valid(key, raw, headers.get("x-timestamp"), headers.get("x-signature"), time.time()):
        log.warning("channel %s: webhook with a wrong signature or stale timestamp", link.id)
        return PlainTextResponse("invalid signature", status_code=403)
    try:
        envelope = parse_envelope(raw)
        handler = HANDLERS.get(envelope.event)
        if handler is not None:
            await handler(ctx, link, hotline_number, envelope)
    except BadEnvelope as exc:
        raise HTTPException(400, str(exc)) from None
    return _ok()


async def _channel(ctx: AppContext, public_id: str) -> tuple[ChannelLink, str] | None:
    """The phone's channel (unless switched off), its credentials opened, and its hotline's
    number; cached for a few seconds, cleared when a channel is saved."""

    async def load() -> tuple[ChannelLink, str] | None:
        channel = (
            await switched_on(public_id=public_id, kind=ChannelKind.ANDROID_GATEWAY)
            .select_related("hotline")
            .first()
        )
        if channel is None:
            return None
        return ChannelLink.of(channel, ctx.box), str(channel.hotline.number)

    return await _CHANNELS.get((id(ctx.box), public_id), load)


async def _received(ctx: AppContext, link: ChannelLink, hotline: str, env: Envelope) -> None:
    sim = env.sim_number()
    if link.sim_slot is not None and sim is not None and sim != link.sim_slot:
        log.info("channel %s: text on SIM %s is not the hotline's; not taken", link.id, sim)
        return
    sender = env.text("sender", 64) or env.text("phoneNumber", 64)
    if not sender:
        raise BadEnvelope("no sender")
    msg = InboundMessage(
        provider=PROVIDER, provider_id=env.id, medium=Medium.SMS, sender=sender,
        hotline_number=hotline, body=env.text("message", 20_000) or "",
        channel_id=link.id, answer_by_worker=True,
    )  # fmt: skip
    try:
        await take_inbound(ctx.intake, msg)
    except BadNumber:
        raise BadEnvelope("malformed sender") from None
    except Exception as exc:
        if not database_down(exc):
            raise
        await ctx.spool.append(msg)  # the real answer is texted once it is replayed
        return
    ctx.wake.wake()


async def _once(ctx: AppContext, link: ChannelLink, env: Envelope) -> bool:
    """False when this envelope was handled before (the app sent it again)."""
    return await first_time(f"{PROVIDER}:{link.id}:{env.id}", ctx.clock.now())


async def _report(ctx: AppContext, link: ChannelLink, hotline: str, env: Envelope) -> None:
    message_id = env.text("messageId", 64)
    if not message_id or not await _once(ctx, link, env):
        return
    status = GATEWAY_EVENT[env.event]
    if await apply_report(link.id, PROVIDER, message_id, status, ctx.clock.now()):
        ctx.wake.wake()  # the next channel takes it at once


async def _ping(ctx: AppContext, link: ChannelLink, hotline: str, env: Envelope) -> None:
    await touch(connections.get("default"), link.id, "last_ping_at", ctx.clock.now())


HANDLERS: dict[str, Handler] = {
    "sms:received": _received,
    "sms:sent": _report,
    "sms:delivered": _report,
    "sms:failed": _report,
    "sms:cancelled": _report,
    "system:ping": _ping,
}
