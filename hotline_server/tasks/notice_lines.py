"""What a notice says about a case, read from the database when the notice goes out."""

from __future__ import annotations

from hotline_server.cases.open import TEXT_MEDIA
from hotline_server.i18n import officer as texts
from hotline_server.models import Call, Case, Direction, Message
from hotline_server.tasks.notice_text import NoticeLine, case_detail


async def case_details(cases: list[Case], words: int = texts.FIRST_WORDS) -> dict[int, str]:
    """Per case id: category and first words, or the missed call and its voicemail."""
    ids = [case.id for case in cases]
    first_texts: dict[int, str] = {}
    inbound = Message.filter(case_id__in=ids, direction=Direction.INBOUND, body__not="")
    for case_id, body in await inbound.order_by("-id").values_list("case_id", "body"):
        first_texts[int(str(case_id))] = str(body)  # the earliest wins (descending order)
    voicemails: dict[int, int] = {}
    calls = Call.filter(case_id__in=ids, recording_duration__isnull=False)
    for case_id, seconds in await calls.values_list("case_id", "recording_duration"):
        voicemails[int(str(case_id))] = max(voicemails.get(int(str(case_id)), 0), int(str(seconds)))
    details = {}
    for case in cases:
        text = first_texts.get(case.id, "" if case.medium in TEXT_MEDIA else None)
        details[case.id] = case_detail(case.category, text, voicemails.get(case.id), words)
    return details


async def case_line(case: Case, kind: str, words: int = texts.FIRST_WORDS) -> NoticeLine:
    details = await case_details([case], words)
    return NoticeLine(case.code, kind, details[case.id])
