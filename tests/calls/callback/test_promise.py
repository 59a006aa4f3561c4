"""The callback promise: the call and the text say the same, and the scheduler keeps it."""

from __future__ import annotations

from collections.abc import Callable

import httpx2
import pytest
from tortoise import connections

from hotline_server.calls.callback.promise import callback_promise
from hotline_server.cases.codes import new_code
from hotline_server.core.clock import FrozenClock
from hotline_server.models import Hotline, Medium, Officer, Task
from hotline_server.settings import Settings
from hotline_server.tasks.payloads import Callback
from hotline_server.tasks.queue import enqueue
from tests.cases import citizen_case
from tests.channels.twilio.voice_helpers import VoiceCall, find, spoken


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings(call_callback_within_minutes=30)


async def missed_call(client: httpx2.AsyncClient) -> str:
    await Officer.all().update(do_not_disturb=True)
    call = VoiceCall(client)
    twiml = await call.start()
    return spoken(await call.step(find(twiml, "Redirect").text or ""))


async def test_at_night_the_call_and_the_text_promise_after_seven(
    client: httpx2.AsyncClient, hotline: Hotline, clock: FrozenClock
) -> None:
    clock.set(clock.now().replace(hour=16))  # 23:00 in Vietnam
    words = await missed_call(client)
    assert "Cán bộ sẽ gọi lại sau 07:00 sáng." in words and "phút" not in words
    task = await Task.get(kind="missed_call_text")
    assert task.payload["callback_morning"] == "07:00"


async def test_by_day_the_promise_is_a_window_the_queue_can_keep(
    client: httpx2.AsyncClient, hotline: Hotline, clock: FrozenClock, settings: Settings
) -> None:
    conn = connections.get("default")
    assert await callback_promise(conn, settings, hotline.id, clock.now()) == (30, "")
    now = clock.now()
    for n in range(20):  # 20 callbacks waiting, three officers on duty, 5 minutes each
        phone, code = f"+849160000{n:02d}", new_code()
        case = await citizen_case(settings, hotline, phone, now, medium=Medium.VOICE, code=code)
        await enqueue(Callback(), f"callback:{case.id}", now, now=now, case_id=case.id)
    assert await callback_promise(conn, settings, hotline.id, now) == (45, "")
    words = await missed_call(client)  # nobody on duty now: one officer's pace
    assert "Cán bộ sẽ gọi lại trong 105 phút." in words
    text = await Task.get(kind="missed_call_text")
    assert text.payload["callback_within_min"] == 105
