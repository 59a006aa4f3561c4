"""Which channel a text goes out on: the one the citizen last wrote on, then the hotline's order.

A channel switched off is never used; one marked down (silent, or its gateway did
not answer) is tried only after every working one. A channel that cannot carry
the text's medium (WhatsApp needs Twilio) is skipped.
"""

from __future__ import annotations

from collections.abc import Collection

from hotline_server.channels.records import ChannelLink, hotline_channels
from hotline_server.core.crypto import SecretBox
from hotline_server.models import ChannelKind, ChannelStatus, Direction, Medium, Message

CARRIES: dict[ChannelKind, frozenset[Medium]] = {
    ChannelKind.TWILIO: frozenset({Medium.SMS, Medium.WHATSAPP}),
    ChannelKind.KANNEL: frozenset({Medium.SMS}),
    ChannelKind.ANDROID_GATEWAY: frozenset({Medium.SMS}),
    ChannelKind.ZALO: frozenset({Medium.ZALO}),
}


async def last_channel(hotline_id: int, citizen_id: int) -> int | None:
    """The channel of the citizen's latest text to this hotline."""
    found = (
        await Message.filter(
            hotline_id=hotline_id,
            citizen_id=citizen_id,
            direction=Direction.INBOUND,
            via_id__isnull=False,
        )
        .order_by("-id")
        .first()
        .values_list("via_id", flat=True)
    )
    return int(found) if isinstance(found, int) else None


async def route(
    box: SecretBox,
    hotline_id: int,
    medium: Medium,
    sendable: Collection[ChannelKind],
    *,
    first: int | None = None,
    citizen_id: int | None = None,
    avoid: Collection[int] = (),
) -> list[ChannelLink] | None:
    """The channels to try in order; None when the hotline has no channels at all."""
    channels = await hotline_channels(hotline_id)
    if not channels:
        return None
    if first is None and citizen_id is not None:
        first = await last_channel(hotline_id, citizen_id)
    usable = [
        c
        for c in channels
        if c.status != ChannelStatus.OFF
        and c.kind in sendable
        and medium in CARRIES[c.kind]
        and c.id not in avoid
    ]
    usable.sort(key=lambda c: (c.id != first, c.status == ChannelStatus.DOWN, c.position, c.id))
    return [ChannelLink.of(c, box) for c in usable]
