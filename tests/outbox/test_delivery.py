"""Delivery reports: one conditional UPDATE, so reports that arrive together never move a
text's status backwards, whatever order their writes land in."""

from __future__ import annotations

import asyncio

from hotline_server.cases.citizens import find_or_create_citizen
from hotline_server.core.clock import FrozenClock
from hotline_server.core.crypto import PhoneVault
from hotline_server.models import Citizen, Direction, Hotline, Medium, Message, MessageStatus
from hotline_server.outbox.delivery import record_delivery
from hotline_server.settings import Settings
from tests.twilio_helpers import CITIZEN

SID = "SM" + "a" * 32


async def _sent_text(hotline: Hotline, clock: FrozenClock, citizen: Citizen | None = None) -> None:
    await Message.create(
        provider="twilio",
        provider_sid=SID,
        medium=Medium.SMS,
        direction=Direction.OUTBOUND,
        hotline_id=hotline.id,
        citizen_id=citizen.id if citizen else None,
        status=MessageStatus.QUEUED,
        created_at=clock.now(),
        updated_at=clock.now(),
    )


async def _report(status: MessageStatus, error: int | None, clock: FrozenClock) -> object:
    return await record_delivery("twilio", SID, status, error, clock.now())


async def test_reports_arriving_together_keep_the_furthest_status(
    hotline: Hotline, clock: FrozenClock
) -> None:
    await _sent_text(hotline, clock)
    reports = [MessageStatus.DELIVERED, MessageStatus.SENT, MessageStatus.SENDING]
    moved = await asyncio.gather(*(_report(s, None, clock) for s in reports))
    assert (await Message.get()).status == MessageStatus.DELIVERED
    assert moved[0] is not None


async def test_a_final_status_stays_and_keeps_its_error_code(
    hotline: Hotline, clock: FrozenClock
) -> None:
    await _sent_text(hotline, clock)
    assert await _report(MessageStatus.UNDELIVERED, 30003, clock)
    assert not await _report(MessageStatus.DELIVERED, None, clock)
    assert not await _report(MessageStatus.SENT, 30005, clock)
    message = await Message.get()
    assert (message.status, message.error_code) == (MessageStatus.UNDELIVERED, 30003)


async def test_unsubscribed_code_opts_the_citizen_out(
    hotline: Hotline, clock: FrozenClock, settings: Settings
) -> None:
    vault = PhoneVault(settings.phone_key.get_secret_value())
    citizen = await find_or_create_citizen(vault, CITIZEN, Message._meta.db)
    await _sent_text(hotline, clock, citizen)
    await _report(MessageStatus.FAILED, 21610, clock)
    assert (await Citizen.get(id=citizen.id)).opted_out


async def test_a_report_for_an_unknown_text_changes_nothing(
    hotline: Hotline, clock: FrozenClock
) -> None:
    await _sent_text(hotline, clock)
    other = "SM" + "b" * 32
    assert not await record_delivery("twilio", other, MessageStatus.DELIVERED, None, clock.now())
    assert (await Message.get()).status == MessageStatus.QUEUED
