"""`retention`: the daily erasure of what the retention window no longer covers.

Closed cases are erased down to statistics and citizen numbers erased
(`cases.retention`); finished tasks and webhook receipts older than the window are
deleted, and so are spool leftovers (`outage.leftovers`) and login counters older
than a day.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from hotline_server.auth.throttle import forget_before
from hotline_server.cases.erasure import erase_all_requested
from hotline_server.cases.purge import Purge
from hotline_server.cases.retention import erase_closed_cases, erase_closed_citizens
from hotline_server.core.db import drop_old_page_versions
from hotline_server.models import Task, TaskStatus, WebhookReceipt
from hotline_server.outage.leftovers import purge_leftovers
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.payloads import Retention
from hotline_server.tasks.recurring import enqueue_retention, next_day_at

log = logging.getLogger(__name__)
FINISHED = (TaskStatus.DONE, TaskStatus.FAILED, TaskStatus.CANCELLED)


async def retention(ctx: TaskContext, task: Task, payload: Retention) -> None:
    settings = ctx.settings
    now = ctx.clock.now()
    day = payload.day
    upcoming = next_day_at(now, settings.retention_time, settings.timezone)
    await enqueue_retention(settings, max(day + timedelta(days=1), upcoming), now)
    cutoff = now - timedelta(days=settings.retention_days)
    purge = Purge.of(ctx.telephony, settings.media_dir)
    cases = await erase_closed_cases(purge, cutoff, now) + await erase_all_requested(purge, now)
    erased = await erase_closed_citizens(cutoff, now)
    tasks = await Task.filter(status__in=FINISHED, updated_at__lt=cutoff).delete()
    receipts = await WebhookReceipt.filter(created_at__lt=cutoff).delete()
    leftovers = purge_leftovers(Path(settings.spool_dir), cutoff)
    await drop_old_page_versions()
    log.info(
        "retention: %d case(s) and %d citizen number(s) erased, %d task(s), %d receipt(s) "
        "and %d spool leftover(s) deleted (before %s)",
        cases, erased, tasks, receipts, leftovers, cutoff,
    )  # fmt: skip
    await forget_before(now - timedelta(days=1))
