"""`POST /twilio/sms`: Twilio's text webhook, translated to the medium-neutral intake."""

from __future__ import annotations

import logging
from dataclasses import replace

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from hotline_server.channels.twilio.twiml import message_twiml, twiml_response
from hotline_server.context import AppContext, app_context
from hotline_server.core.db import database_down
from hotline_server.core.forms import one, read_form
from hotline_server.core.phones import BadNumber, parse_sender
from hotline_server.i18n import SmsText, sms_text
from hotline_server.models import Medium
from hotline_server.texts.inbound import InboundMessage, Media
from hotline_server.texts.intake import take_inbound

log = logging.getLogger(__name__)
MAX_MEDIA = 10


def inbound_from_twilio(form: FormData, account_sid: str) -> InboundMessage:
    if one(form, "AccountSid", required=False) not in ("", account_sid):
        raise HTTPException(403, "wrong account")
    sid = one(form, "MessageSid", required=False) or one(form, "SmsSid", max_len=64)
    if not sid.isalnum() or len(sid) > 64:
        raise HTTPException(400, "malformed MessageSid")
    sender = one(form, "From", max_len=64)
    medium = Medium.WHATSAPP if sender.lower().startswith("whatsapp:") else Medium.SMS
    return InboundMessage(
        provider="twilio",
        provider_id=sid,
        medium=medium,
        sender=sender,
        hotline_number=one(form, "To", max_len=64).removeprefix("whatsapp:"),
        body=one(form, "Body", required=False, max_len=20_000),
        media=_media(form),
    )


def _media(form: FormData) -> tuple[Media, ...]:
    raw = one(form, "NumMedia", required=False) or "0"
    if not raw.isdigit() or int(raw) > MAX_MEDIA:
        raise HTTPException(400, "malformed NumMedia")
    return tuple(
        Media(
            url=one(form, f"MediaUrl{i}"),
            content_type=one(form, f"MediaContentType{i}", required=False) or "",
        )
        for i in range(int(raw))
    )


async def sms_webhook(request: Request) -> Response:
    ctx = app_context(request.app)
    form = await read_form(request, ctx.settings.max_body_bytes)
    if not ctx.signature.is_valid(request, form):
        log.warning("text webhook with a missing or wrong signature rejected")
        return PlainTextResponse("invalid signature", status_code=403)
    msg = inbound_from_twilio(form, ctx.settings.twilio.account_sid)
    try:
        result = await take_inbound(ctx.intake, msg)
    except BadNumber as exc:
        raise HTTPException(400, f"malformed From: {exc}") from None
    except Exception as exc:
        if not database_down(exc):
            raise
        return twiml_response(message_twiml(await spool_text(ctx, msg)))
    return twiml_response(message_twiml(result.reply))


async def spool_text(ctx: AppContext, msg: InboundMessage) -> str | None:
    """The database is down: keep the text on disk, answer without a case code (and
    promise nothing when the spool is full and the text could not be kept)."""
    if not await ctx.spool.append(replace(msg, deferred_reply=True)):
        return None
    sender = parse_sender(msg.sender, ctx.settings.default_region, msg.medium)
    return sms_text(SmsText.ACK_DEFERRED) if sender.can_reply else None
