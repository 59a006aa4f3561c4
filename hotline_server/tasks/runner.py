"""Running one claimed task: done, deferred, retried with backoff, or failed for good."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic

from hotline_server.channels import TelephonyError
from hotline_server.models import Task, TaskStatus
from hotline_server.outbox.send import Deferred
from hotline_server.tasks.backoff import retry_delay
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.payloads import BadPayload, P, decode_as

log = logging.getLogger(__name__)
Handler = Callable[[TaskContext, Task], Awaitable[None]]


class PermanentFailure(Exception):
    """The task cannot succeed however often it is tried."""


@dataclass(frozen=True)
class Typed(Generic[P]):
    """A handler of one task kind, given the task's payload decoded (see ``tasks.payloads``)."""

    payload: type[P]
    handle: Callable[[TaskContext, Task, P], Awaitable[None]]

    @property
    def kind(self) -> str:
        return self.payload.KIND

    async def __call__(self, ctx: TaskContext, task: Task) -> None:
        try:
            payload = decode_as(self.payload, task.payload)
        except BadPayload as exc:
            raise PermanentFailure(str(exc)) from exc
        await self.handle(ctx, task, payload)


def by_kind(*handlers: Typed[Any]) -> dict[str, Handler]:
    return {typed.kind: typed for typed in handlers}


async def run_task(
    ctx: TaskContext, handlers: Mapping[str, Handler], task: Task, worker: str
) -> TaskStatus:
    handler = handlers.get(task.kind)
    try:
        if handler is None:
            raise PermanentFailure(f"no handler for task kind {task.kind!r}")
        await handler(ctx, task)
    except Deferred as deferred:
        return await _finish(
            task,
            worker,
            TaskStatus.PENDING,
            ctx.clock.now(),
            due_at=deferred.at,
            attempts=task.attempts - 1,
            last_error=f"held: {deferred.reason}",
        )
    except Exception as exc:  # every failure is recorded on the task, none is lost
        return await _failed(ctx, task, worker, exc)
    return await _finish(task, worker, TaskStatus.DONE, ctx.clock.now())


async def _failed(ctx: TaskContext, task: Task, worker: str, exc: Exception) -> TaskStatus:
    now = ctx.clock.now()
    permanent = isinstance(exc, PermanentFailure) or (
        isinstance(exc, TelephonyError) and exc.permanent
    )
    error = describe(exc)
    if permanent or task.attempts >= task.max_attempts:
        log.warning("task %s (%s) failed for good: %s", task.id, task.kind, type(exc).__name__)
        return await _finish(task, worker, TaskStatus.FAILED, now, last_error=error)
    settings = ctx.settings
    delay = retry_delay(task.attempts, settings.retry_base_seconds, settings.retry_max_seconds)
    log.info("task %s (%s) retry %d in %.0fs: %s", task.id, task.kind, task.attempts, delay, error)
    return await _finish(
        task,
        worker,
        TaskStatus.PENDING,
        now,
        due_at=now + timedelta(seconds=delay),
        last_error=error,
    )


def describe(exc: Exception) -> str:
    """An error for the task row and the log: provider messages may quote phone numbers."""
    if isinstance(exc, TelephonyError):
        return f"TelephonyError {exc.code}" + (" (permanent)" if exc.permanent else "")
    return f"{type(exc).__name__}: {exc}"[:300]


async def _finish(
    task: Task, worker: str, status: TaskStatus, now: datetime, **changes: Any
) -> TaskStatus:
    """Write the outcome, unless the lease was lost to another worker meanwhile."""
    updated = await Task.filter(id=task.id, locked_by=worker, status=TaskStatus.RUNNING).update(
        status=status, locked_until=None, locked_by=None, updated_at=now, **changes
    )
    if not updated:
        log.warning("task %s: lease lost before it finished", task.id)
    return status
