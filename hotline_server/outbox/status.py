"""Delivery statuses: Twilio's strings mapped once, and never moved backwards."""

from __future__ import annotations

from hotline_server.models import MessageStatus

TWILIO_MESSAGE_STATUS: dict[str, MessageStatus] = {
    "accepted": MessageStatus.ACCEPTED,
    "scheduled": MessageStatus.ACCEPTED,
    "queued": MessageStatus.QUEUED,
    "sending": MessageStatus.SENDING,
    "sent": MessageStatus.SENT,
    "delivered": MessageStatus.DELIVERED,
    "undelivered": MessageStatus.UNDELIVERED,
    "failed": MessageStatus.FAILED,
    "read": MessageStatus.READ,
    "received": MessageStatus.RECEIVED,
    "canceled": MessageStatus.FAILED,
}

_RANK: dict[MessageStatus, int] = {
    MessageStatus.RECEIVED: 0,
    MessageStatus.ACCEPTED: 1,
    MessageStatus.QUEUED: 2,
    MessageStatus.SENDING: 3,
    MessageStatus.SENT: 4,
    MessageStatus.UNDELIVERED: 5,
    MessageStatus.FAILED: 5,
    MessageStatus.DELIVERED: 5,
    MessageStatus.READ: 6,
}


def map_status(raw: str) -> MessageStatus | None:
    return TWILIO_MESSAGE_STATUS.get(raw.strip().lower())


def statuses_below(status: MessageStatus) -> list[MessageStatus]:
    """The statuses a text may move from to ``status``: those ranked below it."""
    return [s for s, rank in _RANK.items() if rank < _RANK[status]]


def moves_forward(current: MessageStatus, new: MessageStatus) -> bool:
    """Whether ``new`` ranks above ``current`` (writes go through ``outbox.delivery``)."""
    return _RANK[new] > _RANK[current]
