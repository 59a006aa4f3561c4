"""Spool records: version 1, and the lines spooled before text records had a version."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette

from hotline_server.context import app_context
from hotline_server.core.crypto import PhoneVault
from hotline_server.models import Call, CallStatus, Hotline, Medium, Message, Task
from hotline_server.outage.call_replay import CallReplay, replay_calls
from hotline_server.outage.records import (
    BadRecord,
    CallStep,
    decode_call,
    decode_text,
    encode_call,
    encode_text,
)
from hotline_server.outage.replay import replay_spool
from hotline_server.settings import Settings
from hotline_server.texts.inbound import InboundMessage, Media
from ivr_flows import CaseOutcome, OpenCase, Route, ScheduleTask, TaskKind
from tests.twilio_helpers import CITIZEN, HOTLINE

AT = "2026-11-23T03:00:00+00:00"
TEXT = {
    "body": "CSGT chốt Km5 đòi tiền",
    "deferred_reply": True,
    "hotline_number": HOTLINE,
    "media": [{"content_type": "image/jpeg", "url": "https://api.twilio.com/m/ME1"}],
    "provider": "twilio",
    "provider_id": "SM" + "1" * 32,
    "sender": CITIZEN,
}
# Call steps exactly as `outage/voice.py` spooled them before records were typed.
COMMON: dict[str, Any] = {"v": 1, "call_sid": "CA" + "2" * 32, "at": AT, "t": 1764000000000000000}
EFFECTS = [
    {"type": "open_case", "outcome": "voicemail", "officer_id": None, "case_code": None},
    {"type": "schedule_task", "kind": "callback", "delay_seconds": 60},
]
CALL_STEPS: list[tuple[dict[str, Any], dict[str, Any]]] = [
    (
        {"route": "/twilio/voice", "key": "voice:voice:CA2:ab", "twiml": "<Response/>",
         "hotline_id": 1, "caller": CITIZEN, "forwarded": False, "status": "ringing",
         "next": "s1"},
        {"route": Route.VOICE, "key": "voice:voice:CA2:ab", "hotline_id": 1, "caller": CITIZEN,
         "status": "ringing", "next": "s1"},
    ),
    (
        {"route": "/twilio/voice/record", "key": "k", "twiml": "<Response/>", "state": "s1",
         "next": "s2", "effects": EFFECTS, "transcript": "", "local_code": "HT-7K3Q"},
        {"route": Route.RECORD, "key": "k", "state": "s1", "next": "s2", "local_code": "HT-7K3Q",
         "effects": (OpenCase(CaseOutcome.VOICEMAIL), ScheduleTask(TaskKind.CALLBACK, 60))},
    ),
    (
        {"route": "/twilio/voice/recorded", "key": "k", "twiml": "<Response/>", "next": None,
         "effects": [], "transcript": "có người đòi tiền"},
        {"route": Route.RECORDED, "key": "k", "transcript": "có người đòi tiền"},
    ),
    (
        {"route": "/twilio/voice/screen/answer", "key": "k", "twiml": "<Response/>",
         "parent": "CA3", "digits": "1", "tier": 1, "officer_id": 4, "accepted": True},
        {"route": Route.SCREEN_ANSWER, "key": "k", "parent": "CA3", "digits": "1", "tier": 1,
         "officer_id": 4, "accepted": True},
    ),
    (
        {"route": "/twilio/voice/status", "key": None, "twiml": "<Response/>",
         "status": "completed", "duration": "42"},
        {"route": Route.STATUS, "status": "completed", "duration": "42"},
    ),
    (
        {"route": "/twilio/voice/fallback", "key": None, "twiml": "<Response/>",
         "caller": CITIZEN, "to": HOTLINE, "forwarded": True, "status": "in-progress"},
        {"route": Route.FALLBACK, "caller": CITIZEN, "to": HOTLINE, "forwarded": True,
         "status": "in-progress"},
    ),
]  # fmt: skip


def test_a_text_record_carries_a_version_and_reads_back() -> None:
    msg = InboundMessage(
        "twilio", "SM1", Medium.ZALO, CITIZEN, HOTLINE, "xin chào", (Media("u", "image/png"),)
    )
    record = encode_text(msg)
    assert record["v"] == 1 and decode_text(json.loads(json.dumps(record))) == msg


@pytest.mark.parametrize(
    ("stored", "medium"),
    [({**TEXT, "medium": "whatsapp"}, Medium.WHATSAPP), ({**TEXT, "channel": "sms"}, Medium.SMS)],
)
def test_a_text_record_spooled_before_versions_reads(
    stored: dict[str, Any], medium: Medium
) -> None:
    msg = decode_text(stored)
    assert (msg.medium, msg.sender, msg.body, msg.deferred_reply) == (
        medium, CITIZEN, TEXT["body"], True
    )  # fmt: skip
    assert msg.media == (Media("https://api.twilio.com/m/ME1", "image/jpeg"),)


@pytest.mark.parametrize(("stored", "expected"), CALL_STEPS)
def test_a_call_step_spooled_before_typed_records_reads(
    stored: dict[str, Any], expected: dict[str, Any]
) -> None:
    step = decode_call({**COMMON, **stored})
    at = datetime(2026, 11, 23, 3, tzinfo=UTC)
    assert step == CallStep(
        call_sid=COMMON["call_sid"], at=at, t=COMMON["t"], twiml="<Response/>", **expected
    )
    assert decode_call(json.loads(json.dumps(encode_call(step)))) == step


@pytest.mark.parametrize(
    "stored",
    [
        {**TEXT, "v": 2, "medium": "sms"},
        {**TEXT},  # no medium
        {**COMMON, "v": 2, "route": "/twilio/voice/status", "twiml": ""},
        {**COMMON, "route": "/twilio/voice/status", "twiml": "", "colour": "red"},
        {**COMMON, "route": "/nowhere", "twiml": ""},
    ],
)
def test_a_record_of_another_kind_or_version_does_not_read(stored: dict[str, Any]) -> None:
    with pytest.raises(BadRecord):
        (decode_text if "provider" in stored else decode_call)(stored)


def write_lines(path: Path, vault: PhoneVault, records: list[dict[str, Any]]) -> None:
    """Records as an earlier release spooled them (each line sealed with the phone key)."""
    path.parent.mkdir(exist_ok=True)
    lines = (vault.encrypt(json.dumps(r, ensure_ascii=False)) + "\n" for r in records)
    path.write_text("".join(lines))


def leftovers(spool: Path) -> list[Path]:
    return [*spool.glob("*.jsonl"), *spool.glob("*.replaying"), *spool.glob("*.bad")]


@pytest.fixture
def settings(make_settings: Callable[..., Settings], tmp_path: Path) -> Settings:
    return make_settings(spool_dir=str(tmp_path / "spool"), spool_replay_seconds=3600)


async def test_spool_files_written_before_versions_still_replay(
    app: Starlette, hotline: Hotline, settings: Settings
) -> None:
    ctx = app_context(app)
    spool = Path(settings.spool_dir)
    texts = [{**TEXT, "medium": "sms"}, {**TEXT, "provider_id": "SM2", "channel": "whatsapp"}]
    write_lines(spool / "inbound-7.jsonl", ctx.vault, texts)
    assert await replay_spool(ctx.spool, ctx.intake) == 2
    media = {m.provider_sid: m.medium for m in await Message.filter(direction="inbound")}
    assert media == {TEXT["provider_id"]: Medium.SMS, "SM2": Medium.WHATSAPP}
    assert await Task.filter(kind="deferred_reply").count() == 2

    start, *_, status, _ = [{**COMMON, **stored} for stored, _ in CALL_STEPS]
    lines = [{**start, "hotline_id": hotline.id}, status]
    write_lines(spool / "calls-7.jsonl", ctx.vault, lines)
    assert await replay_calls(CallReplay(settings, ctx.vault, ctx.offline.spool)) == 2
    call = await Call.get(call_sid=COMMON["call_sid"])
    assert call.status == CallStatus.COMPLETED and call.citizen_id is not None
    assert leftovers(spool) == []
