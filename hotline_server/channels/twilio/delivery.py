"""`POST /twilio/sms/status`: Twilio's delivery status callbacks for the texts we sent.

Checked and parsed here; ``outbox.delivery`` writes the report (idempotent, never
backwards: callbacks arrive more than once and out of order).
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from hotline_server.context import app_context
from hotline_server.core.forms import one, read_form
from hotline_server.outbox.delivery import record_delivery
from hotline_server.outbox.status import map_status


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
    error = int(raw_error) if raw_error else None
    await record_delivery("twilio", sid, status, error, ctx.clock.now())
    return PlainTextResponse("")
