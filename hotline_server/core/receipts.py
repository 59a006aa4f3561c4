"""Webhook receipts: a provider that sends the same event twice gets it handled once."""

from __future__ import annotations

from datetime import datetime

from tortoise.exceptions import IntegrityError

from hotline_server.models import WebhookReceipt


async def first_time(key: str, now: datetime) -> bool:
    """Store a receipt for ``key``; False when one was stored before (a repeat)."""
    try:
        await WebhookReceipt.create(key=key, response="", created_at=now)
    except IntegrityError:
        return False
    return True
