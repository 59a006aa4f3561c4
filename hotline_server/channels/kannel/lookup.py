"""Which Kannel channel a request is for: by the channel's public id (texts) or by the
text a delivery report is about, with the channel's secret opened. Cached for a few
seconds in this process and cleared whenever a channel is saved."""

from __future__ import annotations

import time
from typing import Any

from tortoise.signals import post_delete, post_save

from hotline_server.channels.kannel.access import KannelEndpoint, allowlist
from hotline_server.channels.records import switched_on
from hotline_server.context import AppContext
from hotline_server.models import Channel, ChannelKind, Message

TTL = 10.0
_FOUND: dict[tuple[str, int | str], tuple[float, KannelEndpoint | None]] = {}


async def _endpoint(
    ctx: AppContext, key: tuple[str, int | str], **where: Any
) -> KannelEndpoint | None:
    hit = _FOUND.get(key)
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    channel = await switched_on(kind=ChannelKind.KANNEL, **where).select_related("hotline").first()
    found = None
    if channel is not None:
        credentials = ctx.box.open(channel.credentials_enc)
        found = KannelEndpoint(
            channel_id=channel.id,
            hotline_id=channel.hotline.id,
            hotline_number=channel.hotline.number,
            secret=credentials.get("secret", ""),
            allow_from=allowlist(str((channel.options or {}).get("allow_from", ""))),
        )
    if len(_FOUND) > 10_000:
        _FOUND.clear()
    _FOUND[key] = (time.monotonic() + TTL, found)
    return found


async def find_endpoint(ctx: AppContext, public_id: str) -> KannelEndpoint | None:
    """The Kannel channel named in a receive URL, unless switched off."""
    if not public_id.isalnum() or len(public_id) > 32:
        return None
    return await _endpoint(ctx, ("public", public_id), public_id=public_id)


async def message_endpoint(ctx: AppContext, message: Message) -> KannelEndpoint | None:
    """The Kannel channel a text went out on."""
    via: int | None = message.via_id
    if via is None:
        return None
    return await _endpoint(ctx, ("id", via), id=via)


@post_save(Channel)
async def _saved(sender: type[Channel], instance: Channel, *args: Any) -> None:
    _FOUND.clear()


@post_delete(Channel)
async def _deleted(sender: type[Channel], instance: Channel, *args: Any) -> None:
    _FOUND.clear()
