"""Task priorities: the claim takes due tasks highest priority first, then by due time.

A backlog of routine tasks (batched notices, digests, media) never delays an urgent
page or a callback: they are claimed first whenever they are due.
"""

from __future__ import annotations

from enum import IntEnum


class Priority(IntEnum):
    ROUTINE = 0  # notice batches, digests, retention, media
    CITIZEN = 10  # texts to citizens: answers, status updates, surveys
    CALLBACK = 20  # calls back to citizens who missed us
    URGENT = 30  # urgent pages to officers, urgent callbacks


KIND_PRIORITY: dict[str, Priority] = {
    "callback": Priority.CALLBACK,
    "callback_gave_up": Priority.CITIZEN,
    "citizen_reply": Priority.CITIZEN,
    "deferred_reply": Priority.CITIZEN,
    "missed_call_text": Priority.CITIZEN,
    "status_update": Priority.CITIZEN,
    "survey": Priority.CITIZEN,
    "urgent_page": Priority.URGENT,
    "page_unit": Priority.URGENT,
}


def priority_of(kind: str) -> Priority:
    """The default priority of a task kind (routine unless listed)."""
    return KIND_PRIORITY.get(kind, Priority.ROUTINE)
