"""Which stored files messages still refer to; deleting the ones nobody does."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from hotline_server.media.store import MediaStore
from hotline_server.models import Message

BATCH = 500


async def referenced(digests: set[str]) -> set[str]:
    """The digests of ``digests`` that some message's media entry still names."""
    found: set[str] = set()
    after = 0
    while digests - found:
        rows = await (
            Message.filter(id__gt=after).order_by("id").limit(BATCH).values_list("id", "media")
        )
        if not rows:
            break
        after = int(str(rows[-1][0]))
        for _, media in rows:
            found.update(str(e.get("sha256")) for e in media or [] if e.get("sha256") in digests)
    return found


async def delete_unreferenced(store: MediaStore, digests: Iterable[str]) -> int:
    """Delete the files of ``digests`` no message refers to; returns how many were deleted."""
    candidates = set(digests)
    deleted = 0
    for digest in candidates - await referenced(candidates):
        with contextlib.suppress(FileNotFoundError):
            store.path_for(digest).unlink()
            deleted += 1
    return deleted
