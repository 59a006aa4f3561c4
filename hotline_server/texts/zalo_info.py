"""What a citizen shares through the OA (``user_submit_info``): their number joins them up.

The shared details are personal data: the number becomes the citizen's (encrypted,
with its keyed hash), name and address are sealed on the citizen row, and the message
row that records the event says only that something was shared.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.cases.zalo_citizens import find_or_create_zalo_citizen, link_shared_number
from hotline_server.channels.zalo.events import SharedInfo
from hotline_server.core.phones import BadNumber, normalise_number, parse_sender
from hotline_server.outbox.held import release_held
from hotline_server.texts.inbound import InboundMessage
from hotline_server.texts.intake_deps import IntakeDeps
from hotline_server.texts.messages import insert_inbound

log = logging.getLogger(__name__)
SHARED_MARKER = "(Người dân chia sẻ thông tin liên hệ qua Zalo)"


def shared_number(info: SharedInfo | None, region: str) -> str | None:
    """The shared phone in E.164 (Zalo sends ``84912...``), or None."""
    raw = (info.phone if info else "").strip()
    if not raw:
        return None
    if raw.isdigit() and not raw.startswith("0"):
        raw = "+" + raw
    try:
        return normalise_number(raw, region)
    except BadNumber:
        return None


async def take_shared_info(deps: IntakeDeps, msg: InboundMessage, info: SharedInfo | None) -> bool:
    """Record the event once and link the number; False for a repeated event."""
    sender = parse_sender(msg.sender, deps.region, msg.medium)
    hotline = await deps.hotline_cache.find(msg.hotline_number)
    if hotline is None or sender.zalo_id is None:
        return False
    e164 = shared_number(info, deps.region)
    details = (
        {k: v for k, v in (("name", info.name), ("address", info.address)) if v} if info else {}
    )
    marked = replace(msg, body=SHARED_MARKER)
    zalo_id = sender.zalo_id

    async def write(conn: BaseDBAsyncClient) -> bool:
        citizen = await find_or_create_zalo_citizen(deps.vault, zalo_id, conn)
        now = deps.clock.now()
        inbound = await insert_inbound(conn, marked, hotline.id, citizen.id, now, msg.channel_id)
        if inbound is None:
            return False
        if e164 is not None:
            citizen = await link_shared_number(deps.vault, conn, citizen, e164, details)
        await release_held(conn, citizen.id, inbound, now)
        return True

    taken = await deps.writes.run(write)
    log.info("zalo info %s taken=%s number=%s", msg.provider_id, taken, e164 is not None)
    return taken
