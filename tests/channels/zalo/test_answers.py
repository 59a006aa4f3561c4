"""Answers on Zalo through the worker and the fake Zalo server: the acknowledgement with the
case code, officers' replies inside Zalo's window, by SMS or held outside it, and held
replies sent when the citizen writes again. The console's case page shows what is held."""

from __future__ import annotations

import httpx2
import pytest

from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.models import (
    Case,
    Citizen,
    Direction,
    Medium,
    Message,
    MessageStatus,
    Task,
    TaskStatus,
)
from hotline_server.tasks.worker import Worker
from tests.channels.zalo.conftest import USER, Oa
from tests.console.conftest import csrf_of
from tests.twilio_helpers import CITIZEN, text

REPORT = "Có người đòi tiền xe tải ở chốt Km12 quốc lộ 1A"
HELD_LABEL = "Đang chờ: cửa sổ Zalo đã đóng"


async def reply(officer: httpx2.AsyncClient, case: Case, body: str) -> None:
    path = f"/console/cases/{case.code}"
    csrf = csrf_of((await officer.get(path)).text)
    answer = await officer.post(f"{path}/reply", data={"csrf_token": csrf, "body": body})
    assert answer.status_code == 303, answer.text


async def drain(worker: Worker, clock: FrozenClock) -> None:
    """Run the worker until no task is waiting (texts of a case wait a few seconds in turn)."""
    for _ in range(30):
        await worker.run_until_idle()
        if not await Task.filter(status=TaskStatus.PENDING, due_at__lte=clock.now()).exists():
            waiting = Task.filter(status=TaskStatus.PENDING, kind__in=("citizen_reply",))
            if not await waiting.exists():
                return
        clock.advance(seconds=5)


def sms_to(fake: FakeTwilio, number: str = CITIZEN) -> list[str]:
    return [m.body for m in fake.messages if m.to == number]


async def test_a_zalo_text_is_answered_on_zalo_with_its_case_code(
    oa: Oa, worker: Worker, fake: FakeTwilio
) -> None:
    await oa.write(REPORT)
    await worker.run_until_idle()
    case = await Case.get()
    [ack] = oa.sent_to()
    assert case.code in ack and case.medium == Medium.ZALO
    answer = await Message.get(direction=Direction.OUTBOUND, citizen_id__isnull=False)
    assert answer.provider == "zalo" and answer.via_id == oa.channel.id
    assert answer.status == MessageStatus.SENT and answer.provider_sid
    assert oa.fake.refresh_calls == 1 and not fake.messages
    [task] = await Task.filter(kind="channel_reply")
    assert USER not in str(task.payload)


async def test_an_officers_reply_inside_the_window_goes_on_zalo(
    oa: Oa, worker: Worker, officer: httpx2.AsyncClient, clock: FrozenClock
) -> None:
    await oa.write(REPORT)
    await worker.run_until_idle()
    clock.advance(hours=47)
    await reply(officer, await Case.get(), "Công an huyện đã nhận và đang xác minh.")
    await drain(worker, clock)
    assert oa.sent_to()[-1] == "Công an huyện đã nhận và đang xác minh."


async def test_a_reply_49_hours_later_goes_by_sms_when_the_number_is_known(
    oa: Oa, client: httpx2.AsyncClient, worker: Worker, officer: httpx2.AsyncClient,
    clock: FrozenClock, fake: FakeTwilio,
) -> None:  # fmt: skip
    await text(client, "Xe tải chở cát quá tải chạy liên tục qua cầu Bến Lức")
    clock.advance(minutes=5)
    await oa.write("Biển số 51C-123.45")
    info = {"name": "Nguyễn Văn A", "phone": CITIZEN.removeprefix("+")}
    await oa.post(oa.fake.event("user_submit_info", USER, info=info))
    await drain(worker, clock)
    assert await Citizen.all().count() == 1
    zalo_before = len(oa.sent_to())
    clock.advance(hours=49)
    sms_case = await Case.filter(medium=Medium.SMS).get()
    await reply(officer, sms_case, "Đã xử lý lái xe vi phạm, cảm ơn anh.")
    await drain(worker, clock)
    assert len(oa.sent_to()) == zalo_before
    assert sms_to(fake)[-1] == "Đã xử lý lái xe vi phạm, cảm ơn anh."
    sent = await Message.get(body="Đã xử lý lái xe vi phạm, cảm ơn anh.")
    assert sent.medium == Medium.SMS and sent.provider == "twilio"


async def test_a_reply_49_hours_later_without_a_number_is_held_until_the_citizen_writes(
    oa: Oa, worker: Worker, officer: httpx2.AsyncClient, clock: FrozenClock, fake: FakeTwilio
) -> None:
    await oa.write(REPORT)
    await worker.run_until_idle()
    case = await Case.get()
    clock.advance(hours=49)
    await reply(officer, case, "Anh cho biết thêm giờ xảy ra được không?")
    await drain(worker, clock)
    held = await Message.get(body="Anh cho biết thêm giờ xảy ra được không?")
    assert held.status == MessageStatus.HELD and held.medium == Medium.ZALO
    assert len(oa.sent_to()) == 1 and not sms_to(fake)
    page = await officer.get(f"/console/cases/{case.code}")
    assert HELD_LABEL in page.text
    assert USER not in page.text
    clock.advance(hours=3)
    await oa.write("Khoảng 9 giờ sáng")
    await drain(worker, clock)
    assert "Anh cho biết thêm giờ xảy ra được không?" in oa.sent_to()
    assert (await Message.get(id=held.id)).status == MessageStatus.SENT
    page = await officer.get(f"/console/cases/{case.code}")
    assert HELD_LABEL not in page.text


async def test_replies_past_the_per_message_limit_are_held(
    oa: Oa, worker: Worker, officer: httpx2.AsyncClient, clock: FrozenClock
) -> None:
    await oa.write(REPORT)
    await worker.run_until_idle()  # the acknowledgement: one of the message's eight
    case = await Case.get()
    for n in range(8):
        await reply(officer, case, f"Trả lời số {n + 1}")
        await drain(worker, clock)
    assert len(oa.sent_to()) == 8
    assert (await Message.get(body="Trả lời số 8")).status == MessageStatus.HELD
    clock.advance(minutes=30)
    await oa.write("Vâng")
    await drain(worker, clock)
    assert "Trả lời số 8" in oa.sent_to()[8:]
    assert (await Message.get(body="Trả lời số 8")).status == MessageStatus.SENT


@pytest.mark.parametrize("code", [-230, -211])
async def test_zalos_window_and_quota_refusals_hold_the_reply(
    oa: Oa, worker: Worker, officer: httpx2.AsyncClient, clock: FrozenClock, code: int
) -> None:
    await oa.write(REPORT)
    await worker.run_until_idle()
    if code == -211:
        oa.fake.quota_per_message = 1  # the acknowledgement spent it
    else:
        oa.fake.fail_code = code
    await reply(officer, await Case.get(), "Cảm ơn anh đã phản ánh.")
    await drain(worker, clock)
    held = await Message.get(body="Cảm ơn anh đã phản ánh.")
    assert held.status == MessageStatus.HELD and held.error_code == code
    oa.fake.fail_code, oa.fake.quota_per_message = None, 0  # the answer and the held one
    await oa.write("Còn nữa")
    await drain(worker, clock)
    assert "Cảm ơn anh đã phản ánh." in oa.sent_to()
    assert (await Message.get(id=held.id)).status == MessageStatus.SENT


async def test_a_refusal_of_zalos_window_goes_by_sms_when_the_number_is_known(
    oa: Oa, client: httpx2.AsyncClient, worker: Worker, officer: httpx2.AsyncClient,
    clock: FrozenClock, fake: FakeTwilio,
) -> None:  # fmt: skip
    await oa.write(REPORT)
    info = {"phone": CITIZEN.removeprefix("+")}
    await oa.post(oa.fake.event("user_submit_info", USER, info=info))
    await drain(worker, clock)
    oa.fake.fail_code = -230
    await reply(officer, await Case.get(), "Cảm ơn anh.")
    await drain(worker, clock)
    assert sms_to(fake) == ["Cảm ơn anh."]
    sent = await Message.get(body="Cảm ơn anh.")
    assert sent.medium == Medium.SMS and sent.error_code is None
