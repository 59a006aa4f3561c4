"""The gateway's message states and delivery events, mapped once to ours.

A delivery report never moves a status backwards (outbox.status.moves_forward):
`sms:delivered` fires once per part of a long text, and the app's retries can
deliver events out of order.
"""

from __future__ import annotations

from hotline_server.models import MessageStatus

# ProcessState values as the client and the app spell them.
GATEWAY_STATE: dict[str, MessageStatus] = {
    "Pending": MessageStatus.QUEUED,
    "Processed": MessageStatus.SENDING,
    "Sent": MessageStatus.SENT,
    "Delivered": MessageStatus.DELIVERED,
    "Failed": MessageStatus.FAILED,
    "Cancelled": MessageStatus.FAILED,
}
# "Cancelling" waits for the phone: no change until it says Cancelled.

GATEWAY_EVENT: dict[str, MessageStatus] = {
    "sms:sent": MessageStatus.SENT,
    "sms:delivered": MessageStatus.DELIVERED,
    "sms:failed": MessageStatus.FAILED,
    "sms:cancelled": MessageStatus.FAILED,
}


def map_state(raw: str) -> MessageStatus | None:
    return GATEWAY_STATE.get(raw)
