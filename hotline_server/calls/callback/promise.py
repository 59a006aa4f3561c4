"""What a caller nobody answered is promised: the words the call and the text share.

At night (the first callback try falls in quiet hours): "after 07:00", since callbacks
wait for the end of quiet hours. By day: a window the queue can keep, from the
callbacks already waiting on the hotline and the officers on duty (one callback at a
time each, `CALLBACK_SLOT_MINUTES` a callback), never below
`call_callback_within_minutes`, rounded up to a quarter hour.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.calls.duty import duty_chain
from hotline_server.calls.effects import CallScope
from hotline_server.models import Task, TaskStatus
from hotline_server.outbox.quiet import QuietHours
from hotline_server.settings import Settings
from ivr_flows import CallConfig, CallState, ScheduleTask, Step, TaskKind, Urls, resume
from ivr_flows.events import Event

CALLBACK_SLOT_MINUTES = 5
ROUND_MINUTES = 15
QUEUE_HORIZON = timedelta(hours=1)


async def callback_promise(
    conn: BaseDBAsyncClient, settings: Settings, hotline_id: int, now: datetime
) -> tuple[int, str]:
    """(minutes, morning time): morning is "" by day."""
    quiet = QuietHours(settings.quiet_hours_start, settings.quiet_hours_end, settings.timezone)
    first_try = now + timedelta(seconds=settings.call_callback_delay_seconds)
    if quiet.next_allowed(first_try) is not None:
        return settings.call_callback_within_minutes, settings.quiet_hours_end
    waiting = (
        await Task.filter(
            kind=TaskKind.CALLBACK.value,
            status__in=(TaskStatus.PENDING, TaskStatus.RUNNING),
            due_at__lte=now + QUEUE_HORIZON,
            case__hotline_id=hotline_id,
        )
        .using_db(conn)
        .count()
    )
    officers = max(1, len(await duty_chain(hotline_id, now, conn)))
    need = math.ceil((waiting + 1) / officers) * CALLBACK_SLOT_MINUTES
    rounded = math.ceil(need / ROUND_MINUTES) * ROUND_MINUTES
    return max(settings.call_callback_within_minutes, rounded), ""


async def promised_step(
    scope: CallScope,
    settings: Settings,
    state: CallState,
    event: Event,
    cfg: CallConfig,
    urls: Urls,
) -> Step:
    """The flow's step; when it schedules a callback, with the promise the queue can keep."""
    step = resume(state, event, cfg, urls)
    if not any(isinstance(e, ScheduleTask) and e.kind is TaskKind.CALLBACK for e in step.effects):
        return step
    minutes, morning = await callback_promise(scope.conn, settings, scope.hotline.id, scope.now)
    scope.callback_within_min, scope.callback_morning = minutes, morning
    promised = replace(cfg, callback_within_min=minutes, callback_morning=morning)
    return resume(state, event, promised, urls)
