"""`erase_citizen`: a citizen confirmed erasure by text (see `cases.erasure`)."""

from __future__ import annotations

from hotline_server.cases.erasure import erase_requested
from hotline_server.cases.purge import Purge
from hotline_server.core.db import drop_old_page_versions
from hotline_server.models import Task
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.payloads import EraseCitizen


async def erase_citizen(ctx: TaskContext, task: Task, payload: EraseCitizen) -> None:
    purge = Purge.of(ctx.telephony, ctx.settings.media_dir)
    await erase_requested(purge, payload.citizen_id, ctx.clock.now())
    await drop_old_page_versions()
