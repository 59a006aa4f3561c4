"""`urgent_page`: an urgent case goes at once, alone, to the duty chain and the team.

Day or night: quiet hours are for citizens; officers' urgent pages are exempt.
"""

from __future__ import annotations

import logging

from hotline_server.calls.duty import duty_chain
from hotline_server.i18n import officer as texts
from hotline_server.models import Hotline, Officer, Task
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers.common import (
    assistants,
    case_hotline,
    directors,
    task_case,
    text_officers,
)
from hotline_server.tasks.notice_lines import case_line
from hotline_server.tasks.payloads import UrgentPage

log = logging.getLogger(__name__)


async def on_duty_and_team(hotline: Hotline, ctx: TaskContext) -> list[Officer]:
    """The duty chain in order (the directors when nobody is on it), then the team."""
    chain_ids = [o.id for o in await duty_chain(hotline.id, ctx.clock.now())]
    found = {o.id: o for o in await Officer.filter(id__in=chain_ids, active=True)}
    chain = [found[i] for i in chain_ids if i in found] or await directors(hotline.id)
    team = await assistants(hotline.id)
    seen = {o.id for o in chain}
    return chain + [o for o in team if o.id not in seen]


async def urgent_page(ctx: TaskContext, task: Task, payload: UrgentPage) -> None:
    case = await task_case(task)
    if not case.urgent:
        log.info("case %s is no longer urgent: not paged", case.code)
        return
    hotline = case_hotline(case)
    line = await case_line(case, "urgent", texts.URGENT_WORDS)
    body = texts.URGENT_PAGE.format(code=case.code, detail=line.detail)
    officers = await on_duty_and_team(hotline, ctx)
    sent = await text_officers(ctx, hotline, officers, task.idempotency_key, body, case_id=case.id)
    log.info("urgent case %s paged to %d officer(s)", case.code, sent)
