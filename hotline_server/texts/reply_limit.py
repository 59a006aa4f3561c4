"""At most one follow-up answer per case and window: a flood is stored, not answered text by text.

A new case's acknowledgement (it carries the case code), command answers and
urgent replies are always sent. A follow-up's acknowledgement takes the key
`reply-window:<code>:<window>` on the stored reply (`messages.idempotency_key` is
unique, so two processes cannot both take it); the follow-ups after it in the
same window are stored and threaded without an answer. A citizen who texts fifty
times in a minute gets the case code, one follow-up answer, and nothing more.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.models import Message
from hotline_server.texts.inbound import IntakeResult, Outcome
from hotline_server.texts.messages import store_reply


def window_key(code: str, now: datetime, window: timedelta) -> str:
    return f"reply-window:{code}:{int(now.timestamp() // window.total_seconds())}"


async def answer_once(
    conn: BaseDBAsyncClient,
    inbound: Message,
    result: IntakeResult,
    now: datetime,
    window: timedelta | None,
) -> IntakeResult:
    """Store the reply unless the window's follow-up answer was given; the answer to send."""
    if result.reply is None:
        return result
    code = result.case_code
    limited = result.outcome == Outcome.THREADED and not result.urgent
    if not limited or window is None or code is None:
        return replace(result, reply_key=await store_reply(conn, inbound, result.reply, now))
    key = await store_reply(conn, inbound, result.reply, now, key=window_key(code, now, window))
    return replace(result, reply_key=key) if key else replace(result, reply=None)
