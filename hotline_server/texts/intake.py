"""SMS intake: store every text once, answer at once, thread it into a case.

Works on `InboundMessage` only; provider webhooks translate to it. Everything one
text changes is written in one transaction; a unique-key race (two processes, one
citizen) rolls it back and the text is taken again, now finding the other's rows.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from hotline_server.cases.citizens import find_or_create_citizen
from hotline_server.cases.zalo_citizens import find_or_create_zalo_citizen
from hotline_server.channels.records import touch
from hotline_server.core.crypto import PhoneVault
from hotline_server.core.phones import Sender, parse_sender
from hotline_server.media.enqueue import enqueue_fetch
from hotline_server.models import Citizen, Hotline, Medium, Message
from hotline_server.outbox.held import release_held
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
    for attempt in range(3):
        try:
            return await deps.writes.run(lambda conn: _take(deps, conn, msg, hotline, sender))
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
) -> IntakeResult:
    citizen = await _citizen(deps.vault, conn, sender)
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
    result = await _route(deps, conn, inbound, hotline, citizen)
    if msg.media and inbound.case_id is not None:
        await enqueue_fetch(conn, inbound, now)
    if result.reply is not None and citizen is not None:
        if msg.deferred_reply:
            await _promise_reply(conn, msg, inbound, result.reply, now)
        else:
            result = await _answer(deps, conn, msg, inbound, result, now)
            if msg.answer_by_worker and result.reply is not None:
                await _answer_by_worker(conn, inbound, now)
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
    await store_reply(conn, inbound, msg.reply_note, now)
    return replace(answered, reply=msg.reply_note)


async def _citizen(vault: PhoneVault, conn: BaseDBAsyncClient, sender: Sender) -> Citizen | None:
    if sender.e164:
        return await find_or_create_citizen(vault, sender.e164, conn)
    if sender.zalo_id:
        return await find_or_create_zalo_citizen(vault, sender.zalo_id, conn)
    return None  # short codes and sender names are stored, never answered


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


async def _answer_by_worker(conn: BaseDBAsyncClient, inbound: Message, now: datetime) -> None:
    await enqueue(
        ChannelReply(inbound_id=inbound.id), f"{ChannelReply.KIND}:{inbound.id}", now, now=now,
        case_id=inbound.case_id,
        using_db=conn,
    )  # fmt: skip


async def _route(
    deps: IntakeDeps,
    conn: BaseDBAsyncClient,
    inbound: Message,
    hotline: Hotline,
    citizen: Citizen | None,
) -> IntakeResult:
    if citizen is None:
        return IntakeResult(Outcome.NO_REPLY_SENDER)
    by_officer = await answer_officer(conn, deps.vault, deps.clock.now(), inbound, hotline, citizen)
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
