"""SMS intake: store every text once, answer at once, thread it into a case.

Works on `InboundMessage` only; provider webhooks translate to it. Everything one
text changes is written in one transaction; a unique-key race (two processes, one
citizen) rolls it back and the text is taken again, now finding the other's rows.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from hotline_server.cases.citizens import citizen_and_officer, citizen_number
from hotline_server.cases.zalo_citizens import find_or_create_zalo_citizen
from hotline_server.channels.records import channel_pace_key, touch
from hotline_server.core.crypto import PhoneVault
from hotline_server.core.phones import Sender, parse_sender
from hotline_server.media.enqueue import enqueue_fetch
from hotline_server.models import Citizen, Hotline, Medium, Message
from hotline_server.outbox.held import release_held
from hotline_server.outbox.pace import SLACK, hold_ahead
from hotline_server.tasks.payloads import ChannelReply, DeferredReply
from hotline_server.tasks.queue import enqueue
from hotline_server.texts.commands import answer_command
from hotline_server.texts.inbound import InboundMessage, IntakeResult, Outcome
from hotline_server.texts.intake_deps import IntakeDeps
from hotline_server.texts.messages import earlier_answer, insert_inbound, store_reply
from hotline_server.texts.officer_commands import answer_officer
from hotline_server.texts.reply_limit import answer_once
from hotline_server.texts.reports import take_report

log = logging.getLogger(__name__)


async def take_inbound(deps: IntakeDeps, msg: InboundMessage) -> IntakeResult:
    """Raises phones.BadNumber for a malformed sender; nothing is written then."""
    sender = parse_sender(msg.sender, deps.region, msg.medium)
    hotline = await deps.hotline_cache.find(msg.hotline_number)
    if hotline is None:
        log.warning("text %s:%s to a number that is no hotline", msg.provider, msg.provider_id)
        return IntakeResult(Outcome.UNKNOWN_HOTLINE)
    if msg.channel_id is None:
        msg = replace(msg, channel_id=await deps.channels.find(hotline.id, msg.provider))
    pace = None
    if msg.answer_by_worker and msg.channel_id is not None:
        pace = await deps.channels.per_minute(msg.channel_id)
    # A text answered at its channel's pace holds the pace row until its batch commits:
    # such batches side by side would wait for each other (and deadlock with the team's
    # window row).
    serial = bool(pace)
    for attempt in range(3):
        try:
            return await deps.writes.run(
                lambda conn: _take(deps, conn, msg, hotline, sender, pace), serial=serial
            )
        except IntegrityError:
            if attempt == 2:
                raise
            log.info("text %s:%s raced another writer; retrying", msg.provider, msg.provider_id)
    raise AssertionError("unreachable")


async def _take(
    deps: IntakeDeps,
    conn: BaseDBAsyncClient,
    msg: InboundMessage,
    hotline: Hotline,
    sender: Sender,
    per_minute: float | None,
) -> IntakeResult:
    """`per_minute`: the pace of the channel that answers from the worker, if it has one."""
    citizen, officer = await _citizen(deps.vault, conn, sender, hotline.id)
    now = deps.clock.now()
    citizen_id = citizen.id if citizen else None
    inbound = await insert_inbound(conn, msg, hotline.id, citizen_id, now, msg.channel_id)
    if inbound is None:
        return await earlier_answer(conn, msg)
    if msg.channel_id is not None:
        # A text on Zalo says nothing of its sending side (a refused token keeps it red).
        revive = msg.medium != Medium.ZALO
        await touch(conn, msg.channel_id, "last_inbound_at", now, revive=revive)
    if msg.medium == Medium.ZALO and citizen is not None:
        await release_held(conn, citizen.id, inbound, now)
    result = await _route(deps, conn, inbound, hotline, citizen, sender, officer)
    if msg.media and inbound.case_id is not None:
        await enqueue_fetch(conn, inbound, now)
    if result.reply is not None and citizen is not None:
        if msg.deferred_reply:
            await _promise_reply(conn, msg, inbound, result.reply, now)
        else:
            result = await _answer(deps, conn, msg, inbound, result, now)
            if msg.answer_by_worker and result.reply is not None:
                await _answer_by_worker(conn, inbound, result.reply_key, per_minute, now)
    log.info(
        "text %s:%s outcome=%s case=%s",
        msg.provider,
        msg.provider_id,
        result.outcome,
        result.case_code or "-",
    )
    return result


async def _answer(
    deps: IntakeDeps,
    conn: BaseDBAsyncClient,
    msg: InboundMessage,
    inbound: Message,
    result: IntakeResult,
    now: datetime,
) -> IntakeResult:
    if not msg.reply_note or result.reply is None:
        return await answer_once(conn, inbound, result, now, deps.reply_window)
    noted = replace(result, reply=f"{msg.reply_note}\n{result.reply}")
    answered = await answer_once(conn, inbound, noted, now, deps.reply_window)
    if answered.reply is not None:
        return answered
    key = await store_reply(conn, inbound, msg.reply_note, now)
    return replace(answered, reply=msg.reply_note, reply_key=key)


async def _citizen(
    vault: PhoneVault, conn: BaseDBAsyncClient, sender: Sender, hotline_id: int
) -> tuple[Citizen | None, bool | None]:
    """The sender's citizen row, and whether the sender is one of the hotline's officers
    (None: not known yet, the officer check asks)."""
    if sender.e164:
        return await citizen_and_officer(vault, sender.e164, conn, hotline_id)
    if sender.zalo_id:
        return await find_or_create_zalo_citizen(vault, sender.zalo_id, conn), None
    return None, None  # short codes and sender names are stored, never answered


async def _promise_reply(
    conn: BaseDBAsyncClient, msg: InboundMessage, inbound: Message, reply: str, now: datetime
) -> None:
    """A text taken from the spool: its citizen got a provisional answer while the
    database was down, so the real one is texted by the worker (to citizens only: an
    officer's command from the spool is carried out without an answer)."""
    if inbound.citizen_id is None:
        return
    payload = DeferredReply(
        body=reply,
        citizen_id=inbound.citizen_id,
        hotline_id=inbound.hotline_id,
        medium=msg.medium,
    )
    await enqueue(
        payload,
        f"deferred_reply:{msg.provider}:{msg.provider_id}",
        now,
        now=now,
        case_id=inbound.case_id,
        using_db=conn,
    )


async def _answer_by_worker(
    conn: BaseDBAsyncClient,
    inbound: Message,
    reply_key: str | None,
    per_minute: float | None,
    now: datetime,
) -> None:
    """The answer's task, due at the answer's slot of its channel's pace: held here, in
    the text's own transaction, so that a flood on a slow phone queues its answers in
    order and the worker claims each once, when it can go."""
    due = now
    if per_minute and reply_key and inbound.via_id is not None:
        epoch = time.time()  # the pace's time, as the outbox keeps it
        slot = await hold_ahead(
            channel_pace_key(inbound.via_id), reply_key, epoch, per_minute / 60, conn
        )
        if slot - epoch > SLACK:  # within it, the worker waits out the slot itself
            due = now + timedelta(seconds=slot - epoch)
    await enqueue(
        ChannelReply(inbound_id=inbound.id), f"{ChannelReply.KIND}:{inbound.id}", due, now=now,
        case_id=inbound.case_id,
        using_db=conn,
    )  # fmt: skip


async def _route(
    deps: IntakeDeps,
    conn: BaseDBAsyncClient,
    inbound: Message,
    hotline: Hotline,
    citizen: Citizen | None,
    sender: Sender,
    officer: bool | None,
) -> IntakeResult:
    if citizen is None:
        return IntakeResult(Outcome.NO_REPLY_SENDER)
    if officer is not False:
        # The sender's number; a Zalo user's, when shared, is only in the citizen's row.
        number = sender.e164 or (citizen_number(deps.vault, citizen) if citizen.phone_enc else None)
        by_officer = await answer_officer(conn, number, deps.clock.now(), inbound, hotline)
        if by_officer is not None:
            return by_officer
    if citizen.blocked:
        return IntakeResult(Outcome.BLOCKED)
    answered = await answer_command(conn, deps.clock.now(), inbound, hotline, citizen)
    if answered is not None:
        return answered
    result = await take_report(deps, conn, inbound, hotline, citizen)
    if citizen.opted_out:
        return IntakeResult(result.outcome, None, result.case_code)
    return result
