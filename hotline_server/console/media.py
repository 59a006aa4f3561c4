"""Voice messages, played only through the server, to roles allowed to hear them."""

from __future__ import annotations

import httpx2
from starlette.responses import Response

from hotline_server.auth.audit import audit
from hotline_server.auth.roles import Perm
from hotline_server.cases.filters import as_int
from hotline_server.channels.factory import build_telephony
from hotline_server.console.case_page import load_case
from hotline_server.console.web import Console, page, refused, secure
from hotline_server.models import Call

MAX_AUDIO_BYTES = 20 * 1024 * 1024


@page(Perm.HEAR_RECORDINGS)
async def recording(c: Console) -> Response:
    case = await load_case(c)
    call_id = as_int(str(c.request.path_params["call_id"]))
    if case is None or call_id is None:
        return refused(404, c.t("not_found"))
    call = await Call.filter(id=call_id, case_id=case.id).first()
    if call is None or not call.recording_sid:
        return refused(404, c.t("not_found"))
    settings = c.app.settings
    telephony = build_telephony(settings)
    try:
        url = telephony.recording_media_url(call.recording_sid, "wav")
    finally:
        await telephony.aclose()
    if not url.startswith(("http://", "https://")):
        return refused(404, c.t("not_found"))
    auth = (settings.twilio.account_sid, settings.twilio.auth_token.get_secret_value())
    async with httpx2.AsyncClient(timeout=15, follow_redirects=True) as client:
        answer = await client.get(url, auth=auth)
    if answer.status_code != 200 or len(answer.content) > MAX_AUDIO_BYTES:
        return refused(502, c.t("recording_unavailable"))
    await audit(c.now(), c.user, "hear_recording", case_id=case.id, detail={"call": call.id})
    media_type = answer.headers.get("content-type", "audio/wav")
    return secure(Response(answer.content, media_type=media_type))
