"""Photos (and clips) citizens sent, served from the server's own copy, never the provider's.

Only users who may see the case get them; every view is in the audit log. Audio and
video may carry the sender's voice: those need the right to hear recordings as well.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from starlette.responses import FileResponse, Response

from hotline_server.auth.audit import audit
from hotline_server.auth.roles import Perm
from hotline_server.cases.filters import as_int
from hotline_server.console.case_page import load_case
from hotline_server.console.web import Console, page, refused, secure
from hotline_server.media.kinds import media_kind
from hotline_server.media.store import MediaStore
from hotline_server.models import Message

log = logging.getLogger(__name__)

MEDIA_HEADERS = {
    "Content-Disposition": "inline",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}


@page(Perm.VIEW_PHOTOS)
async def media_item(c: Console) -> Response:
    case = await load_case(c)
    message_id = as_int(str(c.request.path_params["message_id"]))
    index = as_int(str(c.request.path_params["index"]), high=99)
    if case is None or message_id is None or index is None:
        return refused(404, c.t("not_found"))
    message = await Message.filter(id=message_id, case_id=case.id).first()
    entry = stored_entry(message, index)
    if entry is None:
        return refused(404, c.t("not_found"))
    content_type = str(entry["content_type"])
    if media_kind(content_type) != "image" and not c.can(Perm.HEAR_RECORDINGS):
        return refused(403, c.t("forbidden"))
    path = MediaStore(Path(c.app.settings.media_dir)).path_for(str(entry["sha256"]))
    if not path.is_file():
        log.warning("message %s media %d: the stored copy is missing", message_id, index)
        return refused(404, c.t("not_found"))
    detail = {"message": message_id, "index": index, "sha256": entry["sha256"]}
    await audit(c.now(), c.user, "view_media", case_id=case.id, detail=detail)
    return secure(FileResponse(path, media_type=content_type, headers=MEDIA_HEADERS))


def stored_entry(message: Message | None, index: int) -> dict[str, Any] | None:
    """The media entry, if it was copied and is of a type the console shows."""
    if message is None or index >= len(message.media):
        return None
    entry = message.media[index]
    if entry.get("stored") is not True or media_kind(str(entry.get("content_type", ""))) is None:
        return None
    return entry
