"""The worker's channel tasks: answers on channels without inline replies, the next channel
after a failed delivery, answers held outside Zalo's window, and alerts about a channel
that needs a person."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from hotline_server.i18n import officer as officer_texts
from hotline_server.models import (
    Channel,
    Direction,
    Hotline,
    Medium,
    Message,
    MessageStatus,
    Officer,
    OfficerRole,
    Task,
)
from hotline_server.outbox.send import Outbound
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers.common import text_officers
from hotline_server.tasks.payloads import ChannelAlert, ChannelFallback, ChannelReply, SendHeld
from hotline_server.tasks.runner import PermanentFailure

log = logging.getLogger(__name__)
TRIED = ">"  # `<key>>3>5`: the text again, after channels 3 and 5 failed it
ALERTED_ROLES = (OfficerRole.DIRECTOR, OfficerRole.ASSISTANT)


async def channel_reply(ctx: TaskContext, task: Task, payload: ChannelReply) -> None:
    """The answer stored with a text, sent on the channel the text came in on."""
    inbound = await Message.get_or_none(id=payload.inbound_id)
    if inbound is None or inbound.citizen_id is None:
        raise PermanentFailure("no text to answer")
    reply = (
        await Message.filter(reply_to_id=inbound.id, direction=Direction.OUTBOUND)
        .order_by("id")
        .first()
    )
    if reply is None or reply.provider_sid or not reply.idempotency_key:
        return
    await send_again(
        ctx, reply, citizen_id=inbound.citizen_id, officer_id=None, channel_id=inbound.via_id
    )


async def channel_fallback(ctx: TaskContext, task: Task, payload: ChannelFallback) -> None:
    """A text its channel could not deliver, again on the hotline's next channel."""
    failed = await Message.get_or_none(id=payload.message_id)
    if failed is None or not failed.idempotency_key:
        raise PermanentFailure("no text to send again")
    base, *tried = failed.idempotency_key.split(TRIED)
    avoid = (*(int(t) for t in tried), payload.failed_channel_id)
    officer = await Officer.get_or_none(id=failed.officer_id)
    log.info("text %s failed on channel %s: trying the next channel", failed.id, avoid[-1])
    await send_again(
        ctx,
        failed,
        key=TRIED.join([base, *map(str, avoid)]),
        officer_id=officer.id if officer else None,
        officer_number=officer.phone if officer else None,
        avoid_channels=avoid,
    )


async def send_held(ctx: TaskContext, task: Task, payload: SendHeld) -> None:
    """The citizen's answers held outside Zalo's window, oldest first."""
    held = await Message.filter(
        citizen_id=payload.citizen_id, direction=Direction.OUTBOUND, status=MessageStatus.HELD
    ).order_by("id")
    for message in held:
        if not message.idempotency_key:
            continue
        await send_again(ctx, message, citizen_id=payload.citizen_id, medium=Medium.ZALO)


async def send_again(ctx: TaskContext, message: Message, **changes: Any) -> None:
    """The stored text ``message`` to the citizen through the outbox again (it answers
    them: no quiet hours), with ``changes`` over what its row says."""
    hotline = await Hotline.get(id=message.hotline_id)
    again = Outbound(
        key=message.idempotency_key or "",
        hotline_id=hotline.id,
        from_number=hotline.number,
        body=message.body,
        citizen_id=message.citizen_id,
        officer_id=message.officer_id,
        case_id=message.case_id,
        medium=message.medium,
        answers_citizen=True,
    )
    await ctx.outbox.send(replace(again, **changes))


async def channel_alert(ctx: TaskContext, task: Task, payload: ChannelAlert) -> None:
    """The hotline's director and assistants hear of it on another channel."""
    channel = await Channel.get_or_none(id=payload.channel_id)
    if channel is None:
        raise PermanentFailure("channel is gone")
    hotline = await Hotline.get(id=channel.hotline_id)
    officers = await Officer.filter(
        hotline_id=hotline.id, role__in=ALERTED_ROLES, active=True
    ).order_by("id")
    problem = officer_texts.CHANNEL_PROBLEMS.get(payload.reason)
    if problem is None:
        raise PermanentFailure(f"unknown channel problem {payload.reason!r}")
    body = officer_texts.CHANNEL_ALERT.format(
        hotline=hotline.name, channel=channel.name or channel.kind.value, problem=problem
    )
    await text_officers(
        ctx, hotline, officers, task.idempotency_key, body, avoid_channels=(channel.id,)
    )
