"""The text the intake goes on with is the row it stored, not read back from the database."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from hotline_server.models import Hotline, Medium, Message
from hotline_server.texts.inbound import InboundMessage, Media
from hotline_server.texts.messages import insert_inbound


async def test_the_stored_text_is_the_row_the_database_holds(hotline: Hotline) -> None:
    now = datetime(2026, 12, 4, 3, 8, 9, 123456, tzinfo=UTC)
    msg = InboundMessage(
        provider="zalo",
        provider_id="msg-1",
        medium=Medium.ZALO,
        sender="zalo:123",
        hotline_number=hotline.number,
        body="Ảnh xe quá tải ở cầu Rạch Miễu",
        media=(Media("https://example.invalid/1.jpg", "image/jpeg"),),
    )
    async with in_transaction() as conn:
        stored = await insert_inbound(conn, msg, hotline.id, None, now)
    assert stored is not None
    read = await Message.get(id=stored.id)
    assert vars(stored) == vars(read)  # every column, and the ORM's own flags
    assert {k: type(v) for k, v in vars(stored).items()} == {
        k: type(v) for k, v in vars(read).items()
    }
    assert stored.media == [{"url": "https://example.invalid/1.jpg", "content_type": "image/jpeg"}]
    assert stored.words_pending is True and stored.created_at == now

    async with in_transaction() as conn:
        assert await insert_inbound(conn, msg, hotline.id, None, now) is None  # stored once
