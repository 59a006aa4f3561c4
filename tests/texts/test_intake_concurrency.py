"""Two texts of one citizen taken at the same moment open one case, not two."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from tortoise import Tortoise

from hotline_server.core.clock import FrozenClock
from hotline_server.core.crypto import PhoneVault
from hotline_server.core.db import tortoise_config
from hotline_server.core.sids import new_sid
from hotline_server.models import Case, Citizen, Medium, Message
from hotline_server.seed import seed_demo
from hotline_server.settings import Settings
from hotline_server.texts.inbound import InboundMessage, Outcome
from hotline_server.texts.intake import take_inbound
from hotline_server.texts.intake_deps import IntakeDeps
from hotline_server.triage.rules import load_rules
from tests.twilio_helpers import CITIZEN, HOTLINE


@pytest.fixture
async def deps(settings: Settings, clock: FrozenClock) -> AsyncIterator[IntakeDeps]:
    await Tortoise.init(config=tortoise_config(settings.database_url), _enable_global_fallback=True)
    try:
        await seed_demo(settings)
        yield IntakeDeps(clock, PhoneVault(settings.phone_key.get_secret_value()), load_rules())
    finally:
        await Tortoise.close_connections()


def inbound(body: str, sender: str = CITIZEN) -> InboundMessage:
    return InboundMessage("gateway", new_sid("GW"), Medium.SMS, sender, HOTLINE, body)


async def test_simultaneous_texts_from_one_citizen_share_one_case(deps: IntakeDeps) -> None:
    bodies = [f"Xe quá tải thứ {i} chạy qua cầu Long Kiển lúc nửa đêm" for i in range(8)]
    results = await asyncio.gather(*(take_inbound(deps, inbound(b)) for b in bodies))
    assert await Case.all().count() == 1
    assert await Citizen.all().count() == 1
    assert await Message.filter(direction="inbound").count() == 8
    assert {r.case_code for r in results} == {(await Case.get()).code}
    assert sorted(r.outcome for r in results).count(Outcome.NEW_CASE) == 1


async def test_the_intake_is_channel_neutral(deps: IntakeDeps) -> None:
    result = await take_inbound(deps, inbound("Có người kích điện bắt cá ở kênh Xáng"))
    assert result.outcome == Outcome.NEW_CASE and result.reply and result.case_code
    message = await Message.get(direction="inbound")
    assert message.provider == "gateway"
