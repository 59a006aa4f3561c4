"""Task priorities: the claim takes due tasks highest priority first, then by due time.

A backlog of routine tasks (digests, media) never delays an urgent page or a callback:
they are claimed first whenever they are due. The officers' batched notices come before
the citizens' texts: a batch is one task a window whatever the load, and in a flood,
when thousands of answers wait for a phone's pace, the team's text is what tells the
team about it.
"""

from __future__ import annotations

from enum import IntEnum


class Priority(IntEnum):
    ROUTINE = 0  # digests, retention, media
    CITIZEN = 10  # texts to citizens: answers, status updates, surveys
    NOTICE = 15  # the officers' batched notices: one task a window and officer
    CALLBACK = 20  # calls back to citizens who missed us
    URGENT = 30  # urgent pages to officers, urgent callbacks


KIND_PRIORITY: dict[str, Priority] = {
    "callback": Priority.CALLBACK,
    "callback_gave_up": Priority.CITIZEN,
    "channel_alert": Priority.NOTICE,
    "channel_fallback": Priority.CITIZEN,
    "channel_reply": Priority.CITIZEN,
    "citizen_reply": Priority.CITIZEN,
    "deferred_reply": Priority.CITIZEN,
    "missed_call_text": Priority.CITIZEN,
    "notice_batch": Priority.NOTICE,
    "send_held": Priority.CITIZEN,
    "status_update": Priority.CITIZEN,
    "survey": Priority.CITIZEN,
    "team_batch": Priority.NOTICE,
    "urgent_page": Priority.URGENT,
    "page_unit": Priority.URGENT,
}


def priority_of(kind: str) -> Priority:
    """The default priority of a task kind (routine unless listed)."""
    return KIND_PRIORITY.get(kind, Priority.ROUTINE)
