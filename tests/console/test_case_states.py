"""The case page says what is really going on: a held reply says why and until when,
scheduled callbacks and their attempts are listed, a voicemail shows its length, leg
outcomes read in Vietnamese, and empty system entries are left out."""

from __future__ import annotations

from datetime import UTC, datetime

from hotline_server.channels.log.adapter import ConsoleTelephony
from hotline_server.core.clock import FrozenClock
from hotline_server.models import Call, CallLeg, CallOutcome, CaseEvent, Officer
from hotline_server.settings import Settings
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers import HANDLERS
from hotline_server.tasks.worker import Worker
from tests.console.conftest import Login, World, page_csrf

CASE = "/console/cases/HT-7K3Q"
FIVE_AM = datetime(2026, 11, 23, 22, 0, tzinfo=UTC)  # 05:00 on 24/11 in Vietnam


async def test_a_reply_held_by_quiet_hours_says_until_when(
    login: Login, world: World, settings: Settings, clock: FrozenClock
) -> None:
    clock.set(FIVE_AM)
    client = await login("assistant")
    csrf = await page_csrf(client, CASE)
    await client.post(f"{CASE}/reply", data={"csrf_token": csrf, "body": "Cho xin biển số xe"})
    assert "Đang trong giờ yên tĩnh" in (await client.get(CASE)).text  # not "đang được gửi"
    worker = Worker(TaskContext.create(settings, ConsoleTelephony(now=clock.now), clock), HANDLERS)
    await worker.run_until_idle()
    page = (await client.get(CASE)).text
    assert "Tin trả lời chờ gửi" in page and "chờ gửi: giờ yên tĩnh đến 07:00" in page


async def test_callbacks_voicemail_length_and_leg_outcomes_are_shown(
    login: Login, world: World, clock: FrozenClock
) -> None:
    client = await login("assistant")
    csrf = await page_csrf(client, CASE)
    await client.post(f"{CASE}/callback", data={"csrf_token": csrf, "when": "2026-11-23T14:30"})
    call = await Call.create(
        call_sid="CA" + "1" * 32, hotline=world.province, case=world.case,
        outcome=CallOutcome.VOICEMAIL, recording_duration=42, started_at=clock.now(),
    )  # fmt: skip
    director = await Officer.get(phone="+84912000001")
    await CallLeg.create(
        call=call, officer=director, tier=0, status="no-answer", created_at=clock.now()
    )
    await CaseEvent.create(case=world.case, at=clock.now(), kind="call", data={"call": call.id})
    page = (await client.get(CASE)).text
    assert "Hẹn gọi lại · lúc 23/11 14:30 · chờ đến giờ" in page
    assert "Lời nhắn dài 42 giây" in page
    assert "không nghe máy" in page and "no-answer" not in page
    assert "event_call" not in page and page.count('<li class="event">') == 1  # the callback's
