"""The texts table on the intake's hot path, in plain SQL.

A text is stored with `INSERT ... ON CONFLICT DO NOTHING`: a retried webhook
(same provider and message id) inserts nothing, and the earlier answer is read back.
Its words are indexed for search later, by the worker (`cases.word_index`).
"""

from __future__ import annotations

from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.core.sql import Sql, as_json
from hotline_server.lang.fold import fold
from hotline_server.lang.segments import count_segments
from hotline_server.models import Direction, Message, MessageStatus
from hotline_server.models.base import from_row
from hotline_server.texts.inbound import InboundMessage, IntakeResult, Outcome

_COLUMNS = (
    "provider, provider_sid, idempotency_key, channel, direction, hotline_id, case_id, "
    "citizen_id, reply_to_id, body, body_folded, media, status, segments, created_at, updated_at, "
    "via_id, words_pending"
)
_NAMES = tuple(_COLUMNS.split(", "))
_MEDIA = _NAMES.index("media")
_NOT_INSERTED = {"officer_id": None, "error_code": None, "sent_at": None}
_INSERT = f"INSERT INTO messages ({_COLUMNS}) VALUES ({', '.join('?' * 18)})"  # noqa: S608
_EARLIER = (
    "SELECT r.body AS reply, c.code AS code FROM messages m "
    "LEFT JOIN messages r ON r.reply_to_id = m.id "
    "LEFT JOIN cases c ON c.id = m.case_id "
    "WHERE m.provider = ? AND m.provider_sid = ? ORDER BY r.id LIMIT 1"
)


async def insert_inbound(
    conn: BaseDBAsyncClient,
    msg: InboundMessage,
    hotline_id: int,
    citizen_id: int | None,
    now: datetime,
    channel_id: int | None = None,
) -> Message | None:
    """The stored text, or None when this provider id was stored before."""
    media = [{"url": m.url, "content_type": m.content_type} for m in msg.media]
    folded = fold(msg.body)
    values = [
        msg.provider,
        msg.provider_id,
        None,
        msg.medium,
        Direction.INBOUND,
        hotline_id,
        None,
        citizen_id,
        None,
        msg.body,
        folded,
        media,
        MessageStatus.RECEIVED,
        count_segments(msg.body),
        now,
        now,
        channel_id,
        folded != "",  # its words are indexed by the worker (cases.word_index)
    ]
    params = list(values)
    params[_MEDIA] = as_json(media)
    row = await Sql(conn).one(
        _INSERT + " ON CONFLICT (provider, provider_sid) DO NOTHING RETURNING id", params
    )
    if row is None:
        return None
    # The row as inserted: read back, it would only cost the decoding of every column.
    inserted = dict(zip(_NAMES, values, strict=True))
    return from_row(Message, {**_NOT_INSERTED, **inserted, "id": row["id"]})


async def earlier_answer(conn: BaseDBAsyncClient, msg: InboundMessage) -> IntakeResult:
    row = await Sql(conn).one(_EARLIER, [msg.provider, msg.provider_id])
    reply = row["reply"] if row else None
    code = row["code"] if row else None
    return IntakeResult(Outcome.DUPLICATE, reply, code)


async def store_reply(
    conn: BaseDBAsyncClient, inbound: Message, body: str, now: datetime, key: str | None = None
) -> str | None:
    """The automatic reply to `inbound`, kept with the text it answers: its key; None
    when `key` (by default one per text) was taken already."""
    key = key or f"reply:{inbound.provider}:{inbound.provider_sid}"
    row = await Sql(conn).one(
        _INSERT + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
        [
            inbound.provider,
            None,
            key,
            inbound.medium,
            Direction.OUTBOUND,
            inbound.hotline_id,
            inbound.case_id,
            inbound.citizen_id,
            inbound.id,
            body,
            "",
            "[]",
            MessageStatus.ACCEPTED,
            count_segments(body),
            now,
            now,
            inbound.via_id,
            False,
        ],
    )
    return key if row is not None else None
