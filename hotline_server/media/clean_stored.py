"""`python -m hotline_server clean-photos`: strip the metadata of photos stored before
arrival cleaning existed.

Each stored image entry not yet marked ``cleaned`` is re-encoded by `media.clean`; the
clean file is stored under its own SHA-256 and the entry re-pointed at it (the console's
links name the message and the entry's index, so they keep working). The old file is
deleted once no message refers to it any more. Entries already cleaned are skipped: a
second run changes nothing.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hotline_server.media.clean import UncleanImage, clean_image, is_cleanable
from hotline_server.media.store import MediaStore
from hotline_server.media.usage import delete_unreferenced
from hotline_server.models import Message

log = logging.getLogger(__name__)
BATCH = 200


@dataclass
class Cleaned:
    files: int = 0
    unreadable: int = 0


async def clean_stored_photos(media_dir: Path) -> Cleaned:
    store, result, after = MediaStore(media_dir), Cleaned(), 0
    while True:
        messages = await Message.filter(id__gt=after).order_by("id").limit(BATCH)
        if not messages:
            return result
        after = messages[-1].id
        for message in messages:
            await _clean_message(store, message, result)


async def _clean_message(store: MediaStore, message: Message, result: Cleaned) -> None:
    entries: list[dict[str, Any]] = [dict(e) for e in message.media]
    old: set[str] = set()
    for entry in entries:
        if not _to_clean(entry):
            continue
        content_type = str(entry["content_type"])
        digest = str(entry["sha256"])
        path = store.path_for(digest)
        if not path.is_file():
            continue
        try:
            clean = await asyncio.to_thread(clean_image, path.read_bytes(), content_type)
        except UncleanImage:
            result.unreadable += 1
            log.warning("message %s: a stored image does not decode; left as it is", message.id)
            continue
        entry.update(sha256=await asyncio.to_thread(store.put, clean), size=len(clean))
        entry["cleaned"] = True
        old.add(digest)
        result.files += 1
    if old:
        await Message.filter(id=message.id).update(media=entries)
        await delete_unreferenced(store, old)


def _to_clean(entry: dict[str, Any]) -> bool:
    content_type = str(entry.get("content_type", ""))
    return entry.get("stored") is True and not entry.get("cleaned") and is_cleanable(content_type)
