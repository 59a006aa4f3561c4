"""Zalo's window: when an answer to a citizen may go on Zalo, and on which Zalo channel.

An answer follows the citizen: it goes on Zalo when the citizen's latest text to the
hotline came on a Zalo channel (or the text is Zalo's, as an acknowledgement is).
Zalo's free replies are allowed within `zalo.reply_window_hours` of the citizen's last
Zalo message, and the hotline sends at most `zalo.replies_per_message` of them per
citizen message (0: no limit). Outside, the send path texts by SMS when the number is
known, and otherwise holds the answer until the citizen writes again (`outbox.held`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.expressions import Q

from hotline_server.channels.records import ChannelLink, hotline_channels
from hotline_server.core.crypto import SecretBox
from hotline_server.models import ChannelKind, ChannelStatus, Citizen, Direction, Medium, Message
from hotline_server.outbox.routing import last_channel
from hotline_server.settings import ZaloSettings

FOLLOWS_CITIZEN = (Medium.SMS, Medium.ZALO)  # texts that may go on Zalo instead of SMS


async def zalo_route(
    box: SecretBox,
    citizen: Citizen,
    hotline_id: int,
    medium: Medium,
    first: int | None,
    avoid: tuple[int, ...],
) -> ChannelLink | None:
    """The Zalo channel this text to the citizen goes on, or None (it does not go on Zalo)."""
    if citizen.zalo_enc is None or medium not in FOLLOWS_CITIZEN:
        return None
    first = first or await last_channel(hotline_id, citizen.id)
    usable = [
        c
        for c in await hotline_channels(hotline_id)
        if c.kind == ChannelKind.ZALO and c.status != ChannelStatus.OFF and c.id not in avoid
    ]
    chosen = next((c for c in usable if c.id == first), None)
    if chosen is None and medium == Medium.ZALO and usable:
        chosen = usable[0]
    return ChannelLink.of(chosen, box) if chosen is not None else None


async def window_open(rules: ZaloSettings, hotline_id: int, citizen_id: int, now: datetime) -> bool:
    """Whether a free reply may go on Zalo now (the citizen's last Zalo message is recent
    and it has not had its replies yet)."""
    last = (
        await Message.filter(
            hotline_id=hotline_id,
            citizen_id=citizen_id,
            direction=Direction.INBOUND,
            medium=Medium.ZALO,
        )
        .order_by("-id")
        .first()
    )
    if last is None or now - last.created_at > timedelta(hours=rules.reply_window_hours):
        return False
    if not rules.replies_per_message:
        return True
    # Sent since the message: stored after it, or held before it and sent since.
    replies = await Message.filter(
        Q(id__gt=last.id) | Q(sent_at__gt=last.created_at),
        hotline_id=hotline_id,
        citizen_id=citizen_id,
        direction=Direction.OUTBOUND,
        medium=Medium.ZALO,
        provider_sid__isnull=False,
    ).count()
    return replies < rules.replies_per_message
