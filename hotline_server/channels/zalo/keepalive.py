"""The worker keeps every Zalo OA's tokens alive, answered or not.

Tokens are otherwise refreshed when an answer needs one, so an OA that answers
nothing for months would lose its single-use refresh token (Zalo's lives about three
months) and need an administrator. Every `CHECK_MINUTES` each worker walks the Zalo
channels that are not switched off and refreshes, through the token store's claim
(one refresh for all workers), each pair whose access token is due or whose refresh
token is older than `zalo.refresh_idle_days`.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from hotline_server.channels.records import ChannelLink, switched_on
from hotline_server.channels.zalo.adapter import ZaloAdapter
from hotline_server.channels.zalo.client import ZaloError
from hotline_server.channels.zalo.tokens import TokenRefused
from hotline_server.models import ChannelKind

log = logging.getLogger(__name__)
CHECK_MINUTES = 15


async def keep_tokens_fresh(adapter: ZaloAdapter, idle: timedelta) -> list[int]:
    """Refresh the due pairs; the ids of the channels whose pair was due."""
    due = []
    for channel in await switched_on(kind=ChannelKind.ZALO):
        link = ChannelLink.of(channel, adapter.tokens.box)
        try:
            if await adapter.tokens.keep_fresh(link, adapter.client(link), idle):
                due.append(channel.id)
        except (TokenRefused, ZaloError) as exc:  # refused: red and alerted by the store
            log.warning(
                "zalo channel %s: tokens not refreshed (%s)", channel.id, type(exc).__name__
            )
    return due
