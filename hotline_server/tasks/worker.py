"""The worker loop: APScheduler polls the tasks table, claims due tasks, runs them.

Between polls, a task falling due before the next one wakes the worker at its due time
(a timer set after each poll), so it starts on time rather than on the poll's grid.

APScheduler keeps no jobs of ours (its job stores must not be shared between
processes): its only job is the poll. SIGTERM pauses the poll and lets running
tasks finish (up to a grace period) before the scheduler shuts down.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from hotline_server.cases.word_index import BATCH, index_pending
from hotline_server.channels.health import CHECK_SECONDS, check_silence
from hotline_server.channels.zalo import keepalive
from hotline_server.channels.zalo.adapter import ZaloAdapter
from hotline_server.models import ChannelKind, Task
from hotline_server.tasks.claim import claim_due, next_due_at
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.recurring import ensure_recurring
from hotline_server.tasks.runner import Handler, run_task

log = logging.getLogger(__name__)
RECURRING_CHECK_MINUTES = 60
RECURRING_START_DELAY = timedelta(seconds=2)  # overdue tasks first, right after a restart
INDEX_SECONDS = 1.0  # search reads the texts not indexed yet by their folded body


class Worker:
    def __init__(self, ctx: TaskContext, handlers: Mapping[str, Handler]) -> None:
        self.ctx = ctx
        self.handlers = handlers
        self.name = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._running: set[asyncio.Task[object]] = set()
        self._slots = asyncio.Semaphore(ctx.settings.worker_concurrency)
        self._scheduler: AsyncIOScheduler | None = None
        self._poll_lock = asyncio.Lock()
        self._woken: asyncio.Task[None] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._draining = False

    async def poll(self) -> int:
        """Claim what is due (up to the free slots) and start it; returns how many."""
        free = self.ctx.settings.worker_concurrency - len(self._running)
        if free <= 0:
            return 0
        now = self.ctx.clock.now()
        lease = now + timedelta(seconds=self.ctx.settings.task_lease_seconds)
        tasks = await claim_due(now, lease, self.name, free)
        for task in tasks:
            job = asyncio.create_task(self._run(task))
            self._running.add(job)
            job.add_done_callback(self._running.discard)
        return len(tasks)

    async def _run(self, task: Task) -> None:
        async with self._slots:
            try:
                await run_task(self.ctx, self.handlers, task, self.name)
            except Exception:
                log.exception("task %s (%s): could not record its outcome", task.id, task.kind)

    async def _poll_job(self) -> None:
        try:
            async with self._poll_lock:
                await self.poll()
                await self._wake_at_next_due()
        except Exception as exc:  # a database outage must not kill the loop
            log.error("poll failed: %s", type(exc).__name__)

    async def _wake_at_next_due(self) -> None:
        """Set a timer for the next task due before the next poll (none when no slot is free:
        a finishing task's slot is taken at the next poll)."""
        busy = len(self._running) >= self.ctx.settings.worker_concurrency
        if self._scheduler is None or self._draining or busy:
            return
        now = self.ctx.clock.now()
        due = await next_due_at(after=now)
        delay = (due - now).total_seconds() if due is not None else None
        if delay is None or delay >= self.ctx.settings.worker_poll_seconds:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer = asyncio.get_running_loop().call_later(delay, self.wake)

    def wake(self) -> None:
        """Poll now (tasks.wake): a burst of wakes makes one extra poll, not many."""
        if self._woken is None or self._woken.done():
            self._woken = asyncio.create_task(self._poll_job())

    async def _health_job(self) -> None:
        try:
            await check_silence(self.ctx.clock.now())
        except Exception as exc:  # checked again next minute
            log.error("channel health not checked: %s", type(exc).__name__)

    async def tokens_job(self) -> None:
        """Refresh the Zalo OAs' tokens that are due or idle (`channels.zalo.keepalive`)."""
        adapter = self.ctx.outbox.adapters.get(ChannelKind.ZALO)
        if not isinstance(adapter, ZaloAdapter):
            return
        idle = timedelta(days=self.ctx.settings.zalo.refresh_idle_days)
        try:
            await keepalive.keep_tokens_fresh(adapter, idle)
        except Exception as exc:  # tried again at the next check
            log.error("zalo tokens not checked: %s", type(exc).__name__)

    async def _index_job(self) -> None:
        try:
            while await index_pending() == BATCH and not self._draining:
                pass
        except Exception as exc:  # indexed at the next run
            log.error("search index not updated: %s", type(exc).__name__)

    async def _recurring_job(self) -> None:
        try:
            await ensure_recurring(self.ctx.settings, self.ctx.clock.now())
        except Exception as exc:  # retried at the next check
            log.error("recurring tasks not checked: %s", type(exc).__name__)

    def start(self) -> None:
        """Poll for due tasks from now on; check the daily task chains soon, then hourly."""
        scheduler = AsyncIOScheduler()
        now = datetime.now(UTC)
        soon = now + RECURRING_START_DELAY
        # Each job runs one at a time; the runs it missed are merged into one, however late.
        every = dict(trigger="interval", max_instances=1, coalesce=True, misfire_grace_time=None)
        poll = self.ctx.settings.worker_poll_seconds
        scheduler.add_job(self._poll_job, seconds=poll, next_run_time=now, **every)
        scheduler.add_job(
            self._recurring_job, minutes=RECURRING_CHECK_MINUTES, next_run_time=soon, **every
        )
        scheduler.add_job(self._index_job, seconds=INDEX_SECONDS, **every)
        scheduler.add_job(self._health_job, seconds=CHECK_SECONDS, **every)
        scheduler.add_job(
            self.tokens_job, minutes=keepalive.CHECK_MINUTES, next_run_time=soon, **every
        )
        scheduler.start()
        self._scheduler = scheduler
        log.info("worker %s polling every %.2fs", self.name, self.ctx.settings.worker_poll_seconds)

    async def drain(self, grace: float = 30.0) -> None:
        """Stop claiming, let running tasks finish, stop the scheduler."""
        if self._scheduler is not None:
            self._scheduler.pause()
        self._draining = True
        if self._timer is not None:
            self._timer.cancel()
        if self._running:
            await asyncio.wait(set(self._running), timeout=grace)
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            await asyncio.sleep(0)

    async def run_until_idle(self, max_rounds: int = 100) -> None:
        """Tests: poll and wait until nothing due is left (time does not move here)."""
        for _ in range(max_rounds):
            started = await self.poll()
            if self._running:
                await asyncio.wait(set(self._running))
            if not started:
                return
