"""`retention`: the daily erasure of citizen numbers (see `cases.retention`)."""

from __future__ import annotations

import logging
from datetime import timedelta

from hotline_server.cases.retention import erase_closed_citizens
from hotline_server.models import Task
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.payloads import Retention
from hotline_server.tasks.recurring import enqueue_retention, next_day_at

log = logging.getLogger(__name__)


async def retention(ctx: TaskContext, task: Task, payload: Retention) -> None:
    settings = ctx.settings
    now = ctx.clock.now()
    day = payload.day
    upcoming = next_day_at(now, settings.retention_time, settings.timezone)
    await enqueue_retention(settings, max(day + timedelta(days=1), upcoming), now)
    cutoff = now - timedelta(days=settings.retention_days)
    erased = await erase_closed_citizens(cutoff, now)
    log.info("retention: %d citizen number(s) erased (cases closed before %s)", erased, cutoff)
