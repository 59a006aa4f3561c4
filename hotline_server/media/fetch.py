"""`fetch_media`: copy a received message's media from the provider into the store (MMS
through the telephony adapter, Zalo photos from Zalo's hosts, `channels.zalo.media`).

Each entry of ``Message.media`` (``{url, content_type}``) gets ``sha256``, ``size`` and
``stored: true`` once copied, or ``refused: <reason>`` when it never will be (too large,
a type the console does not show, gone at the provider, an image that does not decode).
Images are stored as `media.clean` re-encodes them, without metadata, and ``sha256`` is
the clean file's (``cleaned: true``). The provider URL stays on the entry for the record
(and for deleting the provider's copy at retention); pages link only to the console's
own route.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from hotline_server.channels import MediaTooLarge, TelephonyError
from hotline_server.channels.zalo.media import fetch_zalo_media
from hotline_server.media.clean import UncleanImage, clean_image, is_cleanable
from hotline_server.media.kinds import content_matches, media_kind
from hotline_server.media.store import MediaStore
from hotline_server.models import ChannelKind, Message, Task
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.payloads import FetchMedia
from hotline_server.tasks.runner import PermanentFailure

log = logging.getLogger(__name__)
Entry = dict[str, Any]


class Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def fetch_media(ctx: TaskContext, task: Task, payload: FetchMedia) -> None:
    message = await Message.get_or_none(id=payload.message_id)
    if message is None:
        raise PermanentFailure("message is gone")
    store = MediaStore(Path(ctx.settings.media_dir))
    entries: list[Entry] = [dict(e) for e in message.media]
    retry: TelephonyError | None = None
    for index, entry in enumerate(entries):
        if entry.get("stored") or entry.get("refused"):
            continue
        try:
            entries[index] = await _copy(ctx, store, message.provider, entry)
        except Refused as exc:
            entries[index] = {**entry, "refused": exc.reason}
        except TelephonyError as exc:
            retry = retry or exc
    await Message.filter(id=message.id).update(media=entries)
    refused = [str(e["refused"]) for e in entries if e.get("refused")]
    stored = sum(1 for e in entries if e.get("stored"))
    log.info("message %s media: %d stored, %d refused", message.id, stored, len(refused))
    if retry is not None:
        raise retry
    if refused:
        raise PermanentFailure("media refused: " + ", ".join(refused))


async def _copy(ctx: TaskContext, store: MediaStore, provider: str, entry: Entry) -> Entry:
    limit = ctx.settings.media_max_bytes
    url = str(entry.get("url", ""))
    try:
        if provider == ChannelKind.ZALO:
            zalo_api = ctx.settings.zalo.openapi_base_url
            data, fetched_type = await fetch_zalo_media(url, zalo_api, limit)
        else:
            data, fetched_type = await ctx.telephony.fetch_media(url)
    except MediaTooLarge as exc:
        raise Refused("too_large") from exc
    except TelephonyError as exc:
        if exc.permanent:
            raise Refused("unavailable") from exc
        raise
    content_type = fetched_type or str(entry.get("content_type", "")).lower()
    if len(data) > limit:
        raise Refused("too_large")
    if media_kind(content_type) is None:
        raise Refused("unsupported_type")
    if not content_matches(data, content_type):
        raise Refused("content_mismatch")
    if is_cleanable(content_type):
        try:
            data = await asyncio.to_thread(clean_image, data, content_type)
        except UncleanImage as exc:
            raise Refused("unreadable_image") from exc
    digest = await asyncio.to_thread(store.put, data)
    return {
        **entry,
        "content_type": content_type,
        "sha256": digest,
        "size": len(data),
        "stored": True,
        "cleaned": is_cleanable(content_type),
    }
