"""Reading a replayed day's outcomes back from the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hotline_server.devtools.simulate.day import DayRun, Figures, median_or_none
from hotline_server.devtools.simulate.day_officers import officer_figures
from hotline_server.devtools.simulate.day_plan import DayPlan
from hotline_server.models import Call, CallOutcome, CaseEvent, Direction, Message

TEXTED_WITHIN = timedelta(seconds=60)


async def _first_text_after(call: Call) -> datetime | None:
    message = (
        await Message.filter(
            case_id=call.case_id,
            direction=Direction.OUTBOUND,
            citizen_id__isnull=False,
            created_at__gte=call.started_at,
        )
        .order_by("created_at")
        .first()
    )
    return message.created_at if message else None


async def _missed_texted(calls: list[Call]) -> float | None:
    missed = [c for c in calls if c.outcome in (CallOutcome.MISSED, CallOutcome.VOICEMAIL)]
    if not missed:
        return None
    texted = 0
    for call in missed:
        sent = await _first_text_after(call)
        ended = call.ended_at or call.started_at
        texted += sent is not None and sent - ended <= TEXTED_WITHIN
    return texted / len(missed)


async def _callback_delays(calls: list[Call]) -> list[float]:
    delays = []
    for call in calls:
        if call.outcome not in (CallOutcome.MISSED, CallOutcome.VOICEMAIL) or call.case_id is None:
            continue
        event = await CaseEvent.filter(case_id=call.case_id, kind="callback_reached").first()
        if event is not None:
            delays.append((event.at - (call.ended_at or call.started_at)).total_seconds())
    return delays


async def day_figures(plan: DayPlan, run: DayRun) -> Figures:
    sids = {t.sid for t in plan.texts}
    stored = await Message.filter(direction=Direction.INBOUND, provider_sid__in=list(sids)).count()
    calls = await Call.filter(call_sid__in=run.call_sids)
    answered = sum(c.outcome == CallOutcome.ANSWERED for c in calls)
    officers = await officer_figures(datetime.now(UTC))
    return Figures(
        texts=len(sids),
        texts_answered_5s=len(run.answered_texts) / len(sids) if sids else 1.0,
        calls=len(run.call_sids),
        calls_answered=answered / len(run.call_sids) if run.call_sids else 0.0,
        missed_texted_60s=await _missed_texted(calls),
        callback_median_s=median_or_none(await _callback_delays(calls)),
        lost_texts=len(run.accepted_texts) - stored,
        lost_calls=len(run.call_sids) - len(calls),
        most_officer_texts_hour=officers.most_texts_in_an_hour,
        most_callbacks_at_once=officers.most_callbacks_at_once,
        urgent_to_notice_s=officers.urgent_to_notice_s,
    )
