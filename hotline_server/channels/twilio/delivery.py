"""`POST /twilio/sms/status`: delivery status callbacks for the texts we sent.

Idempotent on the SID and never moves a status backwards (callbacks arrive more
than once and out of order). A permanent error is recorded; 21610 (the citizen
replied STOP to the carrier) marks the citizen opted out.
"""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from hotline_server.channels.port import UNSUBSCRIBED_CODE
from hotline_server.context import app_context
from hotline_server.core.forms import one, read_form
from hotline_server.models import Citizen, Message
from hotline_server.outbox.status import map_status, moves_forward

log = logging.getLogger(__name__)


async def sms_status(request: Request) -> Response:
    ctx = app_context(request.app)
    form = await read_form(request, ctx.settings.max_body_bytes)
    if not ctx.signature.is_valid(request, form):
        return PlainTextResponse("invalid signature", status_code=403)
    sid = one(form, "MessageSid", max_len=64)
    status = map_status(one(form, "MessageStatus", max_len=32))
    raw_error = one(form, "ErrorCode", required=False, max_len=10)
    if status is None or (raw_error and not raw_error.isdigit()):
        raise HTTPException(400, "malformed MessageStatus or ErrorCode")
    message = await Message.filter(provider="twilio", provider_sid=sid).first()
    if message is None:
        log.warning("status callback for unknown text %s", sid)
        return PlainTextResponse("")
    error = int(raw_error) if raw_error else None
    if moves_forward(message.status, status):
        message.status = status
        message.error_code = error or message.error_code
        message.updated_at = ctx.clock.now()
        await message.save(update_fields=["status", "error_code", "updated_at"])
        log.info("text %s is %s%s", sid, status, f" (error {error})" if error else "")
    if error == UNSUBSCRIBED_CODE and message.citizen_id is not None:  # type: ignore[attr-defined]
        await Citizen.filter(id=message.citizen_id).update(opted_out=True)  # type: ignore[attr-defined]
    return PlainTextResponse("")
