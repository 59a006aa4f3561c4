"""The hotline SIM's carrier caps: near the cap only acknowledgements and urgent answers go out
on it, the rest take the hotline's next channel, and the team hears of it on another channel."""

from __future__ import annotations

from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.models import Channel, ChannelKind, ChannelStatus, Medium, Task
from hotline_server.outbox.send import Deferred, Outbound, Outbox, SendOutcome
from hotline_server.settings import Settings
from hotline_server.tasks.worker import Worker
from tests.cases import citizen_case
from tests.channels.android_gateway.conftest import Phone


async def _text(
    phone: Phone, settings: Settings, clock: FrozenClock, n: int, ack: bool
) -> Outbound:
    case = await citizen_case(
        settings, phone.hotline, f"+8491200{n:04d}", clock.now(), code=f"HT-{n}AB2",
        medium=Medium.SMS,
    )  # fmt: skip
    return Outbound(
        f"text:{n}", phone.hotline.id, phone.hotline.number, "Cảm ơn anh chị",
        citizen_id=case.citizen_id, case_id=case.id,
        answers_citizen=ack, channel_id=phone.channel.id,
    )  # fmt: skip


async def test_near_its_cap_the_sim_keeps_its_last_sends_for_acknowledgements(
    phone: Phone, worker: Worker, fake: FakeTwilio, settings: Settings, clock: FrozenClock
) -> None:
    await Channel.filter(id=phone.channel.id).update(hourly_cap=3, cap_reserve=1)
    outbox = worker.ctx.outbox
    on_sim = []
    for n in range(4):  # routine texts: two fill the SIM up to its reserve
        assert await outbox.send(await _text(phone, settings, clock, n, ack=False)) == "sent"
        on_sim.append(len(phone.gateway.messages))
    assert on_sim == [1, 2, 2, 2] and len(fake.messages) == 2  # the others went by Twilio
    ack = await _text(phone, settings, clock, 9, ack=True)
    assert await outbox.send(ack) == SendOutcome.SENT
    assert len(phone.gateway.messages) == 3  # the acknowledgement took the reserved send
    assert await Task.filter(kind="channel_alert").count() == 1  # once an hour


async def test_a_text_held_at_the_cap_counts_in_the_hour_it_is_sent(
    phone: Phone, worker: Worker, settings: Settings, clock: FrozenClock
) -> None:
    await Channel.filter(id=phone.channel.id).update(hourly_cap=2, cap_reserve=0)
    await Channel.filter(hotline=phone.hotline, kind=ChannelKind.TWILIO).update(
        status=ChannelStatus.OFF
    )  # the SIM is the hotline's only channel
    outbox = worker.ctx.outbox
    texts = [await _text(phone, settings, clock, n, ack=False) for n in range(4)]
    assert [await _outcome(outbox, t) for t in texts] == ["sent", "sent", "deferred", "deferred"]
    clock.advance(minutes=61)  # the first two leave the hour
    assert [await _outcome(outbox, t) for t in texts[2:]] == ["sent", "sent"]
    later = await _text(phone, settings, clock, 5, ack=False)
    assert await _outcome(outbox, later) == "deferred"  # two went out within this hour
    assert len(phone.gateway.messages) == 4


async def _outcome(outbox: Outbox, out: Outbound) -> str:
    try:
        return str(await outbox.send(out))
    except Deferred:
        return "deferred"
