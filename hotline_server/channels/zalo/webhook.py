"""``POST /zalo/webhook/{channel}``: the OA's events, checked, parsed and handed to the intake.

Nothing is stored unless the signature holds, the app id is the channel's and the event
is recent. Zalo wants an answer within 2 s and retries: the answer is ``{"error": 0}``
as soon as the text is stored (events are taken once by ``msg_id``); replies go out
from the worker through the send path, like every text on a channel without inline
replies.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from hotline_server.channels.records import ChannelLink, switched_on
from hotline_server.channels.zalo.events import (
    BadEvent,
    EventKind,
    ZaloEvent,
    parse_event,
    timestamp_of,
)
from hotline_server.channels.zalo.signature import HEADER, valid_signature
from hotline_server.context import AppContext, app_context
from hotline_server.core.crypto import SecretBox
from hotline_server.core.db import database_down
from hotline_server.core.forms import read_body
from hotline_server.i18n import SmsText, sms_text
from hotline_server.models import ChannelKind, Hotline, Medium
from hotline_server.texts.inbound import InboundMessage, Media
from hotline_server.texts.intake import take_inbound
from hotline_server.texts.zalo_info import take_shared_info

log = logging.getLogger(__name__)
OK = {"error": 0, "message": "Success"}


async def zalo_webhook(request: Request) -> Response:
    ctx = app_context(request.app)
    body = await read_body(request, ctx.settings.max_body_bytes, "application/json")
    public_id = request.path_params["channel"]
    channel = await switched_on(public_id=public_id, kind=ChannelKind.ZALO).first()
    if channel is None:
        return PlainTextResponse("no such channel", status_code=404)
    link = ChannelLink.of(channel, SecretBox(ctx.settings.phone_key.get_secret_value()))
    event = _checked_event(ctx, link, body, request.headers.get(HEADER))
    if isinstance(event, Response):
        return event
    if event is None or event.kind in (EventKind.FOLLOW, EventKind.UNFOLLOW):
        return JSONResponse(OK)
    hotline = await Hotline.get(id=link.hotline_id)
    msg = inbound_from_zalo(event, link, hotline.number)
    try:
        if event.kind == EventKind.SUBMIT_INFO:
            await take_shared_info(ctx.intake, msg, event.info)
        else:
            await take_inbound(ctx.intake, msg)
    except Exception as exc:
        if not database_down(exc):
            raise
        # Zalo retries an event that is not answered 2xx: nothing is lost by refusing it.
        log.warning("zalo event %s not taken: database unreachable", event.event_id)
        return PlainTextResponse("try again", status_code=503)
    return JSONResponse(OK)


def _checked_event(
    ctx: AppContext, link: ChannelLink, body: bytes, header: str | None
) -> ZaloEvent | Response | None:
    app_id = str(link.options.get("app_id", ""))
    try:
        timestamp = timestamp_of(body)
        if not valid_signature(
            header, app_id, body, timestamp, link.credentials.get("oa_secret_key", "")
        ):
            log.warning(
                "zalo event with a missing or wrong signature rejected (channel %s)", link.id
            )
            return PlainTextResponse("invalid signature", status_code=403)
        event = parse_event(body)
    except BadEvent as exc:
        return PlainTextResponse(f"malformed event: {exc}", status_code=400)
    if event is None:
        return None
    if event.app_id != app_id:
        return PlainTextResponse("another app's event", status_code=403)
    max_age = timedelta(hours=ctx.settings.zalo.event_max_age_hours)
    if abs(ctx.clock.now() - event.at) > max_age:
        log.warning("zalo event %s refused: older than %s", event.event_id, max_age)
        return PlainTextResponse("stale event", status_code=403)
    return event


def inbound_from_zalo(event: ZaloEvent, link: ChannelLink, hotline_number: str) -> InboundMessage:
    body, note = event.text, ""
    if event.kind == EventKind.LOCATION and event.location is not None:
        lat, lon = event.location
        body = f"{body}\n{sms_text(SmsText.ZALO_LOCATION)}: {lat:.6f}, {lon:.6f}".strip()
    elif event.kind == EventKind.FILE:
        body = f"{body}\n{sms_text(SmsText.ZALO_FILE_NOT_TAKEN)}".strip()
        note = sms_text(SmsText.ZALO_FILE_REFUSED)
    elif event.kind == EventKind.STICKER and not body:
        body = "(sticker)"
    return InboundMessage(
        provider=ChannelKind.ZALO,
        provider_id=event.event_id[:64],
        medium=Medium.ZALO,
        sender="zalo:" + event.user_id,
        hotline_number=hotline_number,
        body=body,
        media=tuple(Media(url, "image/jpeg") for url in event.image_urls),
        channel_id=link.id,
        answer_by_worker=True,  # the answer goes out from the worker, on the OA's API
        reply_note=note,
    )
