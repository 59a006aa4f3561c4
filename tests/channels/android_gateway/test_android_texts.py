"""Texts through the hotline phone: the real client against the fake gateway, signed webhooks
into the app, answers by the worker on the SIM the text came in on."""

from __future__ import annotations

import asyncio
import re
import time

import pytest

from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_android_gateway.fake import FakeMessage
from hotline_server.devtools.fake_android_gateway.webhooks import envelope_body
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.models import (
    Case,
    Channel,
    ChannelStatus,
    Citizen,
    Direction,
    Message,
    MessageStatus,
    SendPace,
    Task,
    TaskStatus,
    WebhookReceipt,
)
from hotline_server.tasks.worker import Worker
from hotline_server.texts import group_commit
from tests.channels.android_gateway.conftest import SIGNING_KEY, SIM, Phone
from tests.twilio_helpers import CITIZEN, text

REPORT = "Cảnh sát giao thông chốt Km12 đòi tiền xe tải chở cát"


def to_citizen(phone: Phone) -> list[FakeMessage]:
    return [m for m in phone.gateway.messages.values() if m.phone_numbers == [CITIZEN]]


def received(body: str = REPORT, sender: str = CITIZEN, sim: int = SIM) -> dict[str, object]:
    return {
        "messageId": "1a2b3c", "message": body, "phoneNumber": sender, "sender": sender,
        "simNumber": sim, "receivedAt": "2026-11-23T10:00:00.000+07:00",
    }  # fmt: skip


async def stored() -> tuple[int, int, int, int]:
    return (
        await Message.all().count(),
        await Case.all().count(),
        await Task.all().count(),
        await Citizen.all().count(),
    )


async def test_a_signed_text_becomes_a_case_answered_on_the_same_sim(
    phone: Phone, worker: Worker
) -> None:
    await phone.gateway.receive(CITIZEN, REPORT, SIM)  # the fake signs and posts it
    assert phone.gateway.sender.sent[-1][2] == 200
    case = await Case.get()
    inbound = await Message.get(direction=Direction.INBOUND)
    assert inbound.via_id == phone.channel.id and inbound.body == REPORT
    await worker.run_until_idle()
    [sent] = to_citizen(phone)
    assert sent.phone_numbers == [CITIZEN] and sent.sim_number == SIM
    assert case.code in sent.text
    reply = await Message.get(direction=Direction.OUTBOUND, citizen_id__isnull=False)
    assert reply.via_id == phone.channel.id and reply.provider == "android_gateway"
    await phone.gateway.settle()  # sms:sent, sms:delivered come back signed
    assert (await Message.get(id=reply.id)).status == MessageStatus.DELIVERED
    heard = await Channel.get(id=phone.channel.id)
    assert heard.last_inbound_at is not None and heard.last_delivery_report_at is not None


async def test_a_text_on_the_phones_other_sim_is_not_taken(phone: Phone) -> None:
    answer = await phone.post("sms:received", received(sim=1))
    assert answer.status_code == 200
    assert await stored() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("key", "skew"),
    [("sai-khoa", 0), (None, -310), (None, 310)],
    ids=["bad signature", "stale timestamp", "future timestamp"],
)
async def test_a_bad_signature_or_a_stale_timestamp_is_refused(
    phone: Phone, key: str | None, skew: int
) -> None:
    answer = await phone.post(
        "sms:received", received(), key=key or SIGNING_KEY, stamp=time.time() + skew
    )
    assert answer.status_code == 403
    assert await stored() == (0, 0, 0, 0)


async def test_a_replayed_envelope_is_taken_once(phone: Phone, worker: Worker) -> None:
    body = envelope_body("sms:received", "hook-1", "dev1", received())
    first = await phone.post("sms:received", {}, body=body)
    again = await phone.post("sms:received", {}, body=body)  # re-signed, same envelope id
    assert first.status_code == again.status_code == 200
    counts = await stored()
    assert counts[:2] == (2, 1)  # the text and its stored answer, one case
    await phone.post("sms:received", {}, body=body)
    assert await stored() == counts
    await worker.run_until_idle()
    assert len(to_citizen(phone)) == 1


async def test_a_replayed_status_report_changes_nothing(phone: Phone, worker: Worker) -> None:
    await phone.gateway.receive(CITIZEN, REPORT, SIM)
    await worker.run_until_idle()
    await phone.gateway.settle()
    [sent] = to_citizen(phone)
    failed = {"messageId": sent.id, "phoneNumber": CITIZEN, "reason": "RESULT_ERROR_NO_SERVICE"}
    body = envelope_body("sms:failed", "hook-1", "dev1", failed)
    assert (await phone.post("sms:failed", {}, body=body)).status_code == 200
    receipts, tasks = await WebhookReceipt.all().count(), await Task.all().count()
    assert (await phone.post("sms:failed", {}, body=body)).status_code == 200
    assert (await WebhookReceipt.all().count(), await Task.all().count()) == (receipts, tasks)


@pytest.mark.parametrize("phone", [{"fail": "failed"}], indirect=True)
async def test_a_failed_text_goes_out_on_the_next_channel(
    phone: Phone, worker: Worker, fake: FakeTwilio
) -> None:
    await phone.gateway.receive(CITIZEN, REPORT, SIM)
    await worker.run_until_idle()
    await phone.gateway.settle()  # Processed, Sent, then sms:failed
    first = await Message.get(
        direction=Direction.OUTBOUND, via_id=phone.channel.id, citizen_id__isnull=False
    )
    assert first.status == MessageStatus.FAILED
    await worker.run_until_idle()
    code = (await Case.get()).code
    by_twilio = [m for m in fake.messages if m.to == CITIZEN]  # the hotline's next channel
    assert len(by_twilio) == 1 and code in by_twilio[0].body
    again = await Message.get(
        direction=Direction.OUTBOUND, provider="twilio", citizen_id__isnull=False
    )
    assert again.via_id != phone.channel.id


@pytest.mark.parametrize("phone", [{"fail": "send"}], indirect=True)
async def test_a_gateway_that_refuses_sends_is_marked_down_and_twilio_answers(
    phone: Phone, worker: Worker, fake: FakeTwilio
) -> None:
    await phone.gateway.receive(CITIZEN, REPORT, SIM)
    await worker.run_until_idle()
    assert to_citizen(phone) == []
    assert [m.to for m in fake.messages].count(CITIZEN) == 1
    assert (await Channel.get(id=phone.channel.id)).status == ChannelStatus.DOWN


async def test_one_citizen_through_twilio_then_android_is_one_thread_answered_on_android(
    phone: Phone, worker: Worker, fake: FakeTwilio, client: object
) -> None:
    [ack] = await text(client, REPORT)  # type: ignore[arg-type]
    code = re.search(r"HT-[0-9A-Z]{4}", ack)
    assert code
    await phone.gateway.receive(CITIZEN, "Xe tải vẫn đang đứng ở chốt", SIM)
    await worker.run_until_idle()
    assert await Case.all().count() == 1 and await Citizen.all().count() == 1
    case = await Case.get()
    assert await Message.filter(case=case, direction=Direction.INBOUND).count() == 2
    [sent] = to_citizen(phone)
    assert sent.phone_numbers == [CITIZEN] and sent.sim_number == SIM
    assert [m for m in fake.messages if m.to == CITIZEN] == []  # Twilio answered inline only


async def test_a_burst_on_the_phone_queues_its_answers_at_the_phones_pace(
    phone: Phone, worker: Worker, clock: FrozenClock
) -> None:
    """Each answer's task falls due at its own slot of the phone's pace, held when the text
    is stored: the worker claims an answer when it can go, not again and again before."""
    await Channel.filter(id=phone.channel.id).update(per_minute=60.0)  # a slot a second
    senders = [f"+8491234{n:04d}" for n in range(3)]
    for sender in senders:
        await phone.gateway.receive(sender, REPORT, SIM)
    tasks = await Task.filter(kind="channel_reply").order_by("id")
    waits = [(t.due_at - clock.now()).total_seconds() for t in tasks]
    assert waits[0] == 0 and waits[1:] == pytest.approx([1.0, 2.0], abs=0.3)
    holds = await SendPace.filter(sender__startswith="hold:").order_by("next_free")
    assert len(holds) == 3  # each answer's slot, taken in the text's transaction
    for turn in range(3):
        await asyncio.sleep(max(0.0, holds[turn].next_free - time.time()))
        clock.advance(seconds=waits[turn] - (waits[turn - 1] if turn else 0))
        await worker.run_until_idle()
        sent = [m.phone_numbers[0] for m in phone.gateway.messages.values()]
        assert sent == senders[: turn + 1]  # one more each slot, in the order they wrote
    done = await Task.filter(kind="channel_reply").order_by("id")
    assert [(t.status, t.attempts) for t in done] == [(TaskStatus.DONE, 1)] * 3
    assert not await SendPace.filter(sender__startswith="hold:").exists()


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
async def test_texts_answered_at_the_phones_pace_commit_one_batch_at_a_time(
    phone: Phone, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each holds the phone's pace row until its batch commits: two such batches side by
    side would wait for each other (and deadlock with the team's window row)."""
    running, most = 0, 0
    commit = group_commit._commit

    async def counted(batch: list[object]) -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        try:
            await commit(batch)  # type: ignore[arg-type]
        finally:
            running -= 1

    monkeypatch.setattr(group_commit, "_commit", counted)
    senders = [f"+8498730{n:04d}" for n in range(12)]
    await asyncio.gather(*(phone.gateway.receive(s, REPORT, SIM) for s in senders))
    assert await Message.filter(direction=Direction.INBOUND).count() == 12
    assert most == 1
