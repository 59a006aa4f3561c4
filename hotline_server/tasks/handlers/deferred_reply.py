"""`deferred_reply`: the answer a citizen was promised while the database was down."""

from __future__ import annotations

from hotline_server.models import Hotline, Task
from hotline_server.outbox.send import Outbound
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers.common import answers_citizen
from hotline_server.tasks.payloads import DeferredReply
from hotline_server.tasks.runner import PermanentFailure


async def deferred_reply(ctx: TaskContext, task: Task, payload: DeferredReply) -> None:
    hotline = await Hotline.get_or_none(id=payload.hotline_id)
    if hotline is None:
        raise PermanentFailure("no hotline to answer from")
    await ctx.outbox.send(
        Outbound(
            key=f"sms:{task.idempotency_key}",
            hotline_id=hotline.id,
            from_number=hotline.number,
            body=payload.body,
            citizen_id=payload.citizen_id,
            case_id=task.case_id,
            medium=payload.medium,
            answers_citizen=answers_citizen(ctx, task),
        )
    )
