"""A flood of texts from one number: all stored in one thread, answered once per window."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from tortoise import Tortoise

from hotline_server.core.clock import FrozenClock
from hotline_server.core.crypto import PhoneVault
from hotline_server.core.db import tortoise_config
from hotline_server.core.sids import new_sid
from hotline_server.models import Case, Message
from hotline_server.seed import seed_demo
from hotline_server.settings import Settings
from hotline_server.texts.inbound import InboundMessage, Outcome
from hotline_server.texts.intake import take_inbound
from hotline_server.texts.intake_deps import IntakeDeps
from hotline_server.triage.rules import load_rules
from tests.twilio_helpers import CITIZEN, HOTLINE

REPORT = "Xe quá tải chạy qua cầu Long Kiển lúc nửa đêm"
WINDOW = timedelta(minutes=5)


@pytest.fixture
async def deps(settings: Settings, clock: FrozenClock) -> AsyncIterator[IntakeDeps]:
    await Tortoise.init(config=tortoise_config(settings.database_url), _enable_global_fallback=True)
    try:
        await seed_demo(settings)
        vault = PhoneVault(settings.phone_key.get_secret_value())
        yield IntakeDeps(clock, vault, load_rules(), reply_window=WINDOW)
    finally:
        await Tortoise.close_connections()


def text(body: str = REPORT, sid: str | None = None) -> InboundMessage:
    return InboundMessage("twilio", sid or new_sid("SM"), "sms", CITIZEN, HOTLINE, body)  # type: ignore[arg-type]


async def test_a_flood_is_stored_as_one_thread_and_answered_once(deps: IntakeDeps) -> None:
    first = await take_inbound(deps, text())
    flood = await asyncio.gather(*(take_inbound(deps, text(f"{REPORT} {i}")) for i in range(30)))
    assert first.outcome == Outcome.NEW_CASE and first.reply and first.case_code
    assert first.case_code in first.reply
    assert {r.outcome for r in flood} == {Outcome.THREADED}
    answered = [r.reply for r in flood if r.reply is not None]
    assert len(answered) == 1 and first.case_code in answered[0]
    assert await Case.all().count() == 1
    assert await Message.filter(direction="inbound", case__code=first.case_code).count() == 31
    assert await Message.filter(direction="outbound").count() == 2


async def test_the_next_window_gets_one_more_answer(deps: IntakeDeps, clock: FrozenClock) -> None:
    first = await take_inbound(deps, text())
    now = [await take_inbound(deps, text(f"{REPORT} {i}")) for i in range(3)]
    clock.advance(seconds=WINDOW.total_seconds())
    later = [await take_inbound(deps, text(f"{REPORT} {i}")) for i in range(3)]
    assert first.case_code is not None
    answered = [r.reply is not None and first.case_code in r.reply for r in now + later]
    assert answered == [True, False, False, True, False, False]


async def test_a_retried_text_gets_the_same_silence(deps: IntakeDeps) -> None:
    await take_inbound(deps, text())
    await take_inbound(deps, text("Thêm: xe chạy lúc 2h sáng"))
    sid = new_sid("SM")
    quiet = await take_inbound(deps, text("Thêm: biển số 51C-123.45", sid))
    again = await take_inbound(deps, text("Thêm: biển số 51C-123.45", sid))
    assert quiet.reply is None and again.outcome == Outcome.DUPLICATE and again.reply is None
    assert await Message.filter(direction="inbound").count() == 3


async def test_an_urgent_follow_up_is_always_answered(deps: IntakeDeps) -> None:
    await take_inbound(deps, text())
    urgent = await take_inbound(
        deps, text("Cứu với, đang có cướp đâm người ở chợ Tân Phú ngay bây giờ")
    )
    assert urgent.outcome == Outcome.THREADED and urgent.urgent
    assert urgent.reply is not None and "113" in urgent.reply
