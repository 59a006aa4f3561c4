"""Kannel's delivery report types (`%d` in the dlr-url) mapped to our statuses, in one table.

Kannel reports each type on its own: 8 when the SMSC (or the modem) took the text,
4 when the SMSC holds it for a phone that is off, 1 and 2 when the phone got it or
never will, 16 when the SMSC refused it. They can arrive in any order (a delivered 1
before the SMSC's 8 is common for long texts), so a status never moves backwards
(`outbox.delivery.apply_report`: one conditional UPDATE, then the next channel if failed).
"""

from __future__ import annotations

from hotline_server.models import MessageStatus

DLR_STATUS: dict[int, MessageStatus] = {
    1: MessageStatus.DELIVERED,  # delivered to the phone
    2: MessageStatus.UNDELIVERED,  # the phone will not get it
    4: MessageStatus.SENT,  # buffered at the SMSC (the phone is off or out of reach)
    8: MessageStatus.SENT,  # accepted by the SMSC
    16: MessageStatus.FAILED,  # rejected by the SMSC
}
# All five types: what `dlr-mask` asks Kannel to report.
DLR_MASK = sum(DLR_STATUS)


def dlr_status(raw: str) -> MessageStatus | None:
    """Our status for a delivery report type, None for anything Kannel never sends."""
    return DLR_STATUS.get(int(raw)) if raw.isdigit() and len(raw) <= 3 else None
