"""Erasing a closed case down to what statistics need.

Kept: the case row (kind, category, unit, medium, timestamps, status, satisfaction),
its messages and calls as rows (direction, status, times, durations) and its events
(kind, time). Gone: message bodies (with their folded copies and search words) and
officers' notes and reasons (replaced by
``ERASED``), photos (the provider's copy through its API, ours when no remaining
message refers to the file), recordings (the provider's copy), transcripts and call
state; the officers' batch texts and digests that named the case with its first words
(found through `officer_notices`, and by the case's code for a text not linked yet).
The provider's copies go first: when the provider cannot be reached, or a task is
still pending for the case, the case is left as it is and erased on a later run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from hotline_server.channels import Telephony, TelephonyError
from hotline_server.media.store import MediaStore
from hotline_server.media.usage import delete_unreferenced
from hotline_server.models import (
    Call,
    Case,
    CaseEvent,
    Message,
    MessageWord,
    OfficerNotice,
    Task,
    TaskStatus,
)

log = logging.getLogger(__name__)
ERASED = "[đã xoá]"
WAITING = (TaskStatus.PENDING, TaskStatus.RUNNING)
SENDING_TASKS = ("citizen_reply", "deferred_reply")  # their payloads carry the text sent


@dataclass(frozen=True)
class Purge:
    telephony: Telephony
    store: MediaStore

    @classmethod
    def of(cls, telephony: Telephony, media_dir: str) -> Purge:
        return cls(telephony, MediaStore(Path(media_dir)))


async def erase_case(purge: Purge, case: Case, now: datetime) -> bool:
    """Erase ``case`` (closed); False when work is still pending for it (a closing text
    not sent yet) or the provider's copies could not all be deleted."""
    if await Task.filter(case_id=case.id, status__in=WAITING).exists():
        log.info("case %s not erased yet: tasks are pending for it", case.code)
        return False
    messages = await Message.filter(case_id=case.id)
    calls = await Call.filter(case_id=case.id)
    try:
        await _delete_at_provider(purge.telephony, messages, calls)
    except TelephonyError as exc:
        log.warning("case %s not erased yet: the provider failed (%s)", case.code, exc.code)
        return False
    digests = {str(e["sha256"]) for m in messages for e in m.media if e.get("sha256")}
    listed = OfficerNotice.filter(case_id=case.id, message_id__not_isnull=True)
    notices = await listed.values_list("message_id", flat=True)  # officer texts naming it
    naming = Message.filter(  # and any not linked yet (a batch still going out)
        officer_id__not_isnull=True, created_at__gte=case.created_at, body__contains=case.code
    )
    notices = [*notices, *await naming.values_list("id", flat=True)]
    async with in_transaction() as conn:
        await (
            Message.filter(case_id=case.id)
            .using_db(conn)
            .update(body=ERASED, body_folded="", media=[])
        )
        # Every text of the case, after the update above (an index batch: `word_index`).
        texts = Subquery(Message.filter(case_id=case.id).values("id"))
        await MessageWord.filter(message_id__in=texts).using_db(conn).delete()
        await Message.filter(id__in=list(notices)).using_db(conn).update(body=ERASED)
        await (
            Call.filter(case_id=case.id)
            .using_db(conn)
            .update(recording_sid=None, recording_url=None, transcript=None, state=None)
        )
        events = CaseEvent.filter(case_id=case.id, reason__isnull=False).using_db(conn)
        await events.exclude(reason="").update(reason=ERASED)
        await CaseEvent.filter(case_id=case.id, kind="note").using_db(conn).update(data={})
        sent = Task.filter(case_id=case.id, kind__in=SENDING_TASKS).using_db(conn)
        for task in await sent:
            erased = {**task.payload, "body": ERASED}
            await Task.filter(id=task.id).using_db(conn).update(payload=erased)
        await Case.filter(id=case.id).using_db(conn).update(erased_at=now, thread_key=None)
    files = await delete_unreferenced(purge.store, digests)
    log.info("case %s erased (%d stored file(s) deleted)", case.code, files)
    return True


async def _delete_at_provider(
    telephony: Telephony, messages: list[Message], calls: list[Call]
) -> None:
    for message in messages:
        for entry in message.media:
            url = str(entry.get("url", ""))
            if url:
                await telephony.delete_media(url)
    for call in calls:
        if call.recording_sid:
            await telephony.delete_recording(call.recording_sid)
