"""Task payloads: each kind's dataclass, version 1, and the rows written before versions."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from hotline_server.core.clock import FrozenClock
from hotline_server.models import Case, Medium, Task, TaskStatus
from hotline_server.tasks import payloads as p
from hotline_server.tasks.handlers import HANDLERS
from hotline_server.tasks.queue import stored_payload
from hotline_server.tasks.worker import Worker

SINCE = "2026-11-24T01:00:00+00:00"
AT = datetime(2026, 11, 24, 1, tzinfo=UTC)
FROM_CALL: dict[str, Any] = {
    "call_sid": "CA0123456789abcdef0123456789abcdef",
    "case_code": "HT-7K3Q",
    "hotline": "+84919697575",
    "outcome": "missed",
    "callback": True,
    "callback_within_min": 30,
}
CALL_FIELDS: dict[str, Any] = {
    "call_sid": "CA0123456789abcdef0123456789abcdef",
    "case_code": "HT-7K3Q",
    "hotline": "+84919697575",
    "outcome": "missed",
    "callback_within_min": 30,
}
RETRY: dict[str, Any] = {**FROM_CALL, "chain": "callback:5", "since": SINCE, "attempt": 1}
NOTES: dict[str, Any] = {
    "callback_call_sid": "CAfe",
    "callback_result": "not_reached",
    "callback_reason": "busy",
}
REPLY: dict[str, Any] = {"body": "Công an đã nhận", "citizen_id": 4, "hotline_id": 2}
# Each kind's payload exactly as the enqueue call sites wrote it before payloads had
# a version (call effects, console actions, officer texts, outage replay, worker).
BEFORE_VERSIONS: list[tuple[str, dict[str, Any], p.TaskPayload]] = [
    ("callback", FROM_CALL, p.Callback(**CALL_FIELDS)),
    (
        "callback",
        {"case_code": "HT-7K3Q", "hotline": "+84919697575", "callback": True},
        p.Callback(case_code="HT-7K3Q", hotline="+84919697575"),
    ),
    ("callback", {**FROM_CALL, "callback": False}, p.Callback(**CALL_FIELDS, callback=False)),
    (
        "callback",
        {**RETRY, **NOTES},
        p.Callback(
            **CALL_FIELDS,
            chain="callback:5",
            since=AT,
            attempt=1,
            callback_call_sid="CAfe",
            callback_result="not_reached",
            callback_reason="busy",
        ),
    ),
    (
        "callback_gave_up",
        {**FROM_CALL, "chain": "callback:5", "since": SINCE, "attempt": 2},
        p.CallbackGaveUp(
            **CALL_FIELDS, chain="callback:5", since=AT, attempt=2
        ),
    ),
    ("missed_call_text", FROM_CALL, p.MissedCallText(**CALL_FIELDS)),
    ("notify_team", FROM_CALL, p.NotifyTeam()),
    ("notify_team", {"urgent": True}, p.NotifyTeam(urgent=True)),
    ("citizen_reply", {"body": "Đã xác minh", "by": "Lan"}, p.CitizenReply("Đã xác minh", "Lan")),
    ("page_unit", {"unit_id": 3}, p.PageUnit(unit_id=3)),
    ("deferred_reply", {**REPLY, "medium": "zalo"}, p.DeferredReply(**REPLY, medium=Medium.ZALO)),
    ("deferred_reply", {**REPLY, "channel": "zalo"}, p.DeferredReply(**REPLY, medium=Medium.ZALO)),
    ("deferred_reply", {**REPLY, "medium": "", "channel": "sms"}, p.DeferredReply(**REPLY)),
    ("deferred_reply", REPLY, p.DeferredReply(**REPLY)),
    ("status_update", {"status": "assigned", "event": 12}, p.StatusUpdate("assigned", 12)),
    ("survey", {}, p.Survey()),
    ("sla_escalation", {"n": 2}, p.SlaEscalation(n=2)),
    ("daily_digest", {"hotline": 2, "day": "2026-11-24"}, p.DailyDigest(2, date(2026, 11, 24))),
    ("retention", {"day": "2026-11-24"}, p.Retention(day=date(2026, 11, 24))),
    ("fetch_media", {"message_id": 7}, p.FetchMedia(message_id=7)),
    ("erase_citizen", {"citizen_id": 3}, p.EraseCitizen(citizen_id=3)),
    ("channel_reply", {"inbound_id": 4}, p.ChannelReply(inbound_id=4)),
    ("channel_fallback", {"message_id": 5, "failed_channel_id": 2}, p.ChannelFallback(5, 2)),
    ("channel_alert", {"channel_id": 2, "reason": "silent"}, p.ChannelAlert(2, "silent")),
    ("follow_up_notice", {"user_id": 4}, p.FollowUpNotice(user_id=4)),
    ("urgent_page", {}, p.UrgentPage()),
    ("notice_batch", {"officer": 4}, p.NoticeBatch(officer=4)),
    ("team_batch", {"hotline": 1}, p.TeamBatch(hotline=1)),
]  # fmt: skip


# The kinds whose rows were written before payloads had a version (later kinds never were).
UNVERSIONED_KINDS = {
    "callback", "callback_gave_up", "citizen_reply", "daily_digest", "deferred_reply",
    "fetch_media", "missed_call_text", "notify_team", "page_unit", "retention",
    "sla_escalation", "status_update", "survey",
}  # fmt: skip


def test_every_payload_is_hashable() -> None:
    """The queue keeps the encodings of recent payloads by the payload itself."""
    for cls in p.PAYLOADS.values():
        assert cls.__hash__ is not None, cls
        for f in fields(cls):
            assert not any(kind in str(f.type) for kind in ("list", "dict", "set")), (cls, f)


def test_every_task_kind_has_a_payload_and_a_handler() -> None:
    assert set(p.PAYLOADS) == set(HANDLERS)
    assert UNVERSIONED_KINDS <= {kind for kind, _, _ in BEFORE_VERSIONS} <= set(p.PAYLOADS)


@pytest.mark.parametrize(("kind", "stored", "expected"), BEFORE_VERSIONS)
async def test_a_row_written_before_versions_still_decodes(
    hotline: object, clock: FrozenClock, kind: str, stored: dict[str, Any], expected: p.TaskPayload
) -> None:
    now = clock.now()
    await Task.create(
        kind=kind,
        payload=stored,
        due_at=now,
        idempotency_key=f"old:{kind}",
        created_at=now,
        updated_at=now,
    )
    row = await Task.get(idempotency_key=f"old:{kind}")
    decoded = p.decode(row.kind, row.payload)
    assert decoded == expected and type(decoded) is type(expected)


@pytest.mark.parametrize("payload", [expected for _, _, expected in BEFORE_VERSIONS])
def test_version_1_round_trips(payload: p.TaskPayload) -> None:
    stored = p.encode(payload)
    assert stored["v"] == 1 and set(stored) == {"v", *(f.name for f in fields(payload))}
    assert p.decode(payload.KIND, stored) == payload
    # What the queue stores, encoded once for equal payloads (every kind is hashable).
    assert json.loads(stored_payload(payload)) == stored
    assert stored_payload(replace(payload)) is stored_payload(payload)


@pytest.mark.parametrize(
    ("kind", "stored"),
    [
        ("page_unit", {"v": 1, "unit_id": 3, "body": "x"}),  # a key the kind does not have
        ("page_unit", {"v": 1, "unit_id": "three"}),
        ("page_unit", {"v": 2, "unit_id": 3}),
        ("fetch_media", {}),
        ("no_such_kind", {"v": 1}),
    ],
)
def test_a_payload_that_does_not_fit_its_kind_is_refused(kind: str, stored: dict[str, Any]) -> None:
    with pytest.raises(p.BadPayload):
        p.decode(kind, stored)


async def test_a_task_whose_payload_does_not_decode_fails_for_good(
    worker: Worker, case: Case, clock: FrozenClock
) -> None:
    now = clock.now()
    await Task.create(
        kind="page_unit",
        payload={"v": 1},
        due_at=now,
        idempotency_key="bad",
        case_id=case.id,
        created_at=now,
        updated_at=now,
    )
    await worker.run_until_idle()
    task = await Task.get(idempotency_key="bad")
    assert task.status == TaskStatus.FAILED and task.attempts == 1
    assert task.last_error == "PermanentFailure: page_unit payload: 1 bad field(s)"
