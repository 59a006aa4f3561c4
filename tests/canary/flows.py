"""The flows the canary number goes through, one function each, in order.

A later feature that handles personal data adds its flow to ``FLOWS`` (a new channel's
texts, a gateway's logs, a new kind of notice): the canary then checks it too.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx2

from hotline_server.cases.actions import Actor, set_urgent
from hotline_server.cases.status import change_status
from hotline_server.cases.word_index import index_pending
from hotline_server.channels.records import add_channel
from hotline_server.core.clock import FrozenClock
from hotline_server.core.crypto import SecretBox
from hotline_server.devtools.fake_android_gateway import (
    build_fake_gateway,
    http_poster,
    running_fake_gateway,
)
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.devtools.fake_twilio.engine_runner import EngineCallRunner
from hotline_server.devtools.fake_zalo import FakeZalo
from hotline_server.devtools.simulate.call_engine import CallEngine, CallStart
from hotline_server.devtools.simulate.people import Answer, CallerKind, caller, officer
from hotline_server.devtools.simulate.sms import Target
from hotline_server.models import (
    OPEN_STATUSES,
    AuditEvent,
    Call,
    CallOutcome,
    Case,
    CaseStatus,
    ChannelKind,
    ChannelStatus,
    Direction,
    Hotline,
    Message,
    Officer,
    Task,
)
from hotline_server.settings import Settings
from hotline_server.tasks.payloads import DailyDigest, Retention
from hotline_server.tasks.queue import enqueue
from hotline_server.tasks.worker import Worker
from hotline_server.texts.officer_pin import hash_pin
from tests.channels.kannel.helpers import kannel_channel, post_text
from tests.conftest import ACCOUNT_SID, AUTH_TOKEN, PUBLIC_BASE
from tests.media.photos import jpeg_with_gps
from tests.tcp_proxy import CuttableProxy
from tests.twilio_helpers import HOTLINE, post_signed, sms_form, text

NUMBER = "+84387654123"  # the canary: used by no other test
ZALO_ID = "7391046628150372"  # the canary's Zalo user id
SHARED_NAME = "Hoàng Thị Canary"  # what the canary shares on Zalo, with the number
SHARED_ADDRESS = "17 ngõ Canary"
EXCERPT = "Cán bộ CSGT ở chốt"  # the first words of the canary's first text, in notices
PLACE = "12 Lê Lợi"  # the place it names, in the urgent page's longer excerpt
OFFICERS = ("+84912000001", "+84912000002", "+84912000003")  # settings.toml's duty chain
ASSISTANT = "+84912000004"
CODE = re.compile(r"HT-[0-9A-Z]{4}")
OUTAGE_TEXT = "Đêm nay có xe chở cát trái phép qua nhà tôi"


@dataclass
class Canary:
    client: httpx2.AsyncClient
    worker: Worker
    fake: FakeTwilio
    clock: FrozenClock
    settings: Settings
    proxy: CuttableProxy | None
    zalo: FakeZalo
    zalo_url: str
    codes: list[str] = field(default_factory=list)
    payloads: list[dict[str, Any]] = field(default_factory=list)

    async def text(self, body: str, **extra: str) -> list[str]:
        replies = await text(self.client, body, sender=NUMBER, **extra)
        self.codes += [c for r in replies for c in CODE.findall(r) if c not in self.codes]
        return replies

    async def work(self) -> None:
        """Run what is due, let the calls it started play out, index the texts' search
        words (the worker's index job); keep every task payload."""
        for _ in range(5):
            await self.worker.run_until_idle()
            await self.fake.settle()
        while await index_pending():
            pass
        self.payloads += [t.payload for t in await Task.all()]

    def target(self) -> Target:
        return Target("http://testserver", PUBLIC_BASE, ACCOUNT_SID, AUTH_TOKEN)

    async def call(self, kind: CallerKind) -> None:
        people = {o: officer(o, Answer.NO_ANSWER) for o in OFFICERS}
        engine = CallEngine(self.client, self.target(), people)
        engine.people[NUMBER] = caller("canary", kind)
        await engine.run(CallStart(url="/twilio/voice", from_=NUMBER, to=HOTLINE))


async def texts(c: Canary) -> None:
    [ack] = await c.text("Cán bộ CSGT ở chốt Km5 đòi tiền, tôi ở 12 Lê Lợi, gọi 0387654123")
    assert CODE.search(ack)
    await c.text("Biển số xe 51A-12345")
    await c.work()


async def notices(c: Canary) -> None:
    """Marked urgent: the duty chain and the team are paged with the first words and the
    place; the director's digest lists the case with its first words."""
    case = await Case.get(code=c.codes[0])
    await set_urgent(Actor("troly", c.clock.now()), case, True)
    hotline = await Hotline.get(number=HOTLINE)
    c.clock.advance(minutes=1)
    now = c.clock.now()
    digest = DailyDigest(hotline=hotline.id, day=now.date(), since=now - timedelta(hours=1))
    await enqueue(digest, "daily_digest:canary", now, now=now)
    await c.work()
    await set_urgent(Actor("troly", c.clock.now()), await Case.get(id=case.id), False)
    quoted = [m for m in c.fake.messages if EXCERPT in m.body]
    assert {OFFICERS[0], ASSISTANT} <= {m.to for m in quoted if PLACE in m.body}  # the pages
    assert any(m.body.startswith("Đường dây nóng") and " Khẩn: " in m.body for m in quoted)


async def stop_and_start(c: Canary) -> None:
    [stopped] = await c.text("DUNG")
    [started] = await c.text("BATDAU")
    assert "BATDAU" in stopped and "DUNG" in started


async def status_lookup(c: Canary) -> None:
    [answer] = await c.text(f"TT {c.codes[0]}")
    assert c.codes[0] in answer


async def voicemail(c: Canary) -> None:
    await c.call(CallerKind.LEAVE_MESSAGE)
    await c.work()
    assert await Call.filter(outcome=CallOutcome.VOICEMAIL, recording_sid__isnull=False).exists()


async def missed_call(c: Canary) -> None:
    c.clock.advance(hours=30)  # past the missed-call window: a case of its own
    await c.call(CallerKind.HANGUP_WHILE_RINGING)
    await c.work()
    assert await Call.filter(outcome=CallOutcome.MISSED, direction=Direction.INBOUND).exists()


async def callback(c: Canary) -> None:
    """The callbacks the calls asked for: the director presses 1, the citizen is bridged."""
    people = {OFFICERS[0]: officer("director", Answer.ACCEPT)}
    runner = EngineCallRunner(c.fake, c.client, c.target(), people)
    c.fake.call_runner = runner
    c.clock.advance(minutes=5)
    await c.work()
    c.fake.call_runner = None
    reached = Call.filter(direction=Direction.OUTBOUND, outcome=CallOutcome.ANSWERED)
    assert await reached.exists(), [r.transcript for r in runner.results]


async def photo(c: Canary) -> None:
    item = c.fake.media.add(content=jpeg_with_gps(), content_type="image/jpeg")
    url = item.url("https://api.twilio.com")
    await c.text("Ảnh chụp ở chốt", num_media="1", MediaUrl0=url, MediaContentType0="image/jpeg")
    await c.work()
    [message] = await Message.filter(body="Ảnh chụp ở chốt")
    assert message.media[0]["stored"] is True


async def officer_reply(c: Canary) -> None:
    code = c.codes[0]
    await Officer.filter(phone=ASSISTANT).update(pin_hash=hash_pin("4821"))
    await text(c.client, f"R {code} 4821 Công an đã xác minh, cảm ơn anh/chị", sender=ASSISTANT)
    await c.work()
    assert any(m.to == NUMBER and "đã xác minh" in m.body for m in c.fake.messages)


async def kannel_text(c: Canary) -> None:
    """A text through a Kannel channel, as smsbox hands it over (the SMSC's number form)."""
    channel = await kannel_channel(c.settings, await Hotline.get(number=HOTLINE), c.clock.now())
    body = "Xe chở cát qua cầu Km5 lúc 2 giờ sáng"
    assert (await post_text(c.client, channel, body, sender=NUMBER[1:])).status_code == 200
    await c.work()
    assert await Message.filter(provider="kannel", direction=Direction.INBOUND).exists()


async def android_text(c: Canary) -> None:
    """A text through the hotline phone's gateway (signed webhook), answered on the phone."""
    hotline = await Hotline.get(number=HOTLINE)
    c.clock.advance(seconds=c.settings.text_reply_window_seconds + 1)  # a new reply window
    gateway = build_fake_gateway("sms", "canary-pass", "canary-key", http_poster(c.client))
    async with running_fake_gateway(gateway) as url:
        channel = await add_channel(
            SecretBox(c.settings.phone_key.get_secret_value()), hotline.id,
            ChannelKind.ANDROID_GATEWAY, HOTLINE, c.clock.now(), position=0, sim_slot=1,
            credentials={"login": "sms", "password": "canary-pass", "signing_key": "canary-key"},
            options={"base_url": url},
        )  # fmt: skip
        hook = f"{PUBLIC_BASE}/android/{channel.public_id}/events"
        gateway.webhooks["in"] = {"id": "in", "url": hook, "event": "sms:received"}
        await gateway.receive(NUMBER, "Có người đòi tiền ở chốt Km7", 1)
        await c.work()
        await gateway.settle()
        assert [m.phone_numbers for m in gateway.messages.values()].count([NUMBER]) == 1
    channel.status = ChannelStatus.OFF  # the phone is gone: later flows answer by Twilio
    await channel.save(update_fields=["status"])


async def zalo(c: Canary) -> None:
    """The canary on Zalo: a text, a photo, the name, number and address shared (one
    citizen with the SMS one), an answer on Zalo, and one by SMS after Zalo's window."""
    hotline = await Hotline.get(number=HOTLINE)
    channel = await add_channel(
        SecretBox(c.settings.phone_key.get_secret_value()), hotline.id, ChannelKind.ZALO,
        # a pace whose slots never defer a send past the frozen clock: the answer follows
        # the acknowledgement within a few milliseconds
        c.zalo.oa_id, c.clock.now(), options={"app_id": c.zalo.app_id}, per_minute=6000.0,
        credentials={"oa_secret_key": c.zalo.oa_secret, "app_secret": c.zalo.app_secret,
                     "refresh_token": c.zalo.refresh_token},
    )  # fmt: skip
    hook = f"/zalo/webhook/{channel.public_id}"

    async def post(event: tuple[bytes, dict[str, str]]) -> None:
        answer = await c.client.post(hook, content=event[0], headers=event[1])
        assert answer.status_code == 200, answer.text

    c.clock.advance(seconds=c.settings.text_reply_window_seconds + 1)
    await post(c.zalo.event("user_send_text", ZALO_ID, text="Xe chở cát qua nhà tôi ở ngõ 17"))
    url = c.zalo_url + c.zalo.add_media(jpeg_with_gps())
    photo = [{"type": "image", "payload": {"url": url}}]
    await post(c.zalo.event("user_send_image", ZALO_ID, attachments=photo))
    info = {"name": SHARED_NAME, "phone": NUMBER[1:], "address": SHARED_ADDRESS}
    await post(c.zalo.event("user_submit_info", ZALO_ID, info=info))
    await c.work()
    acks = [m.text for m in c.zalo.sent if m.user_id == ZALO_ID]
    assert acks and CODE.search(acks[0]), acks
    c.codes += [code for code in CODE.findall(acks[0]) if code not in c.codes]
    code = c.codes[0]
    await text(c.client, f"R {code} 4821 Đã nhận ảnh, cảm ơn anh/chị", sender=ASSISTANT)
    await c.work()
    assert any("Đã nhận ảnh" in m.text for m in c.zalo.sent)
    c.clock.advance(hours=c.settings.zalo.reply_window_hours + 1)
    await text(c.client, f"R {code} 4821 Công an đã xử lý xe chở cát", sender=ASSISTANT)
    await c.work()
    assert any(m.to == NUMBER and "đã xử lý xe" in m.body for m in c.fake.messages)
    assert not any(ZALO_ID in u for u in c.zalo.urls)


async def outage_text(c: Canary) -> None:
    """A text while PostgreSQL is cut (TCP proxy), answered, spooled, then replayed."""
    assert c.proxy is not None
    await c.proxy.cut()
    form = sms_form(OUTAGE_TEXT, sender=NUMBER)
    answer = await post_signed(c.client, "/twilio/sms", form)
    assert answer.status_code == 200 and "sẽ được nhắn" in answer.text
    assert any(p.name.startswith("inbound-") for p in _spool(c).glob("*"))
    await c.proxy.restore()
    for _ in range(300):
        spooled = any(p.name.startswith("inbound-") for p in _spool(c).glob("*"))
        if not spooled:
            break
        await asyncio.sleep(0.05)
    await c.work()
    assert await Message.filter(body=OUTAGE_TEXT).count() == 1


def _spool(c: Canary) -> Path:
    return Path(c.settings.spool_dir)


async def erasure(c: Canary) -> None:
    await c.text("XOA")
    await c.text("XOA DONGY")
    c.clock.advance(minutes=3)
    await c.work()
    assert await AuditEvent.filter(action="erasure_request").exists()


async def retention(c: Canary) -> None:
    for case in await Case.filter(status__in=OPEN_STATUSES):
        await change_status(case, CaseStatus.CLOSED, "troly", "xong", c.clock.now())
    await c.work()
    c.clock.advance(days=c.settings.retention_days + 1)
    now = c.clock.now()
    await enqueue(Retention(day=now.date()), f"retention:{now.isoformat()}", now, now=now)
    await c.work()
    codes = c.codes
    assert not await Case.filter(code__in=codes, erased_at__isnull=True).exists(), codes
    assert not await Call.filter(recording_sid__isnull=False).exists()


@dataclass(frozen=True)
class Flow:
    name: str
    run: Callable[[Canary], Awaitable[None]]
    postgres_only: bool = False  # needs the TCP proxy in front of PostgreSQL


FLOWS = (
    Flow("texts", texts),
    Flow("notices quoting the first words: pages and the digest", notices),
    Flow("STOP and START", stop_and_start),
    Flow("TT lookup", status_lookup),
    Flow("call with a voicemail", voicemail),
    Flow("missed call", missed_call),
    Flow("callback, the officer presses 1", callback),
    Flow("photo", photo),
    Flow("officer's reply", officer_reply),
    Flow("text through Kannel", kannel_text),
    Flow("text through the Android phone", android_text),
    Flow("Zalo: text, photo, shared details, answers", zalo),
    Flow("text while the database is down", outage_text, postgres_only=True),
    Flow("erasure on request", erasure),
    Flow("retention", retention),
)
