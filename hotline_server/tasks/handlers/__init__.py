"""Task handlers by kind."""

from __future__ import annotations

from collections.abc import Mapping

from hotline_server.media.fetch import fetch_media
from hotline_server.tasks.handlers.callback import callback, callback_gave_up
from hotline_server.tasks.handlers.citizen_reply import CONSOLE_HANDLERS
from hotline_server.tasks.handlers.daily_digest import daily_digest
from hotline_server.tasks.handlers.deferred_reply import deferred_reply
from hotline_server.tasks.handlers.missed_call_text import missed_call_text
from hotline_server.tasks.handlers.notify_team import notify_team
from hotline_server.tasks.handlers.retention import retention
from hotline_server.tasks.handlers.sla_escalation import sla_escalation
from hotline_server.tasks.handlers.status_update import status_update, survey
from hotline_server.tasks.runner import Handler

HANDLERS: Mapping[str, Handler] = {
    **CONSOLE_HANDLERS,
    "callback": callback,
    "callback_gave_up": callback_gave_up,
    "daily_digest": daily_digest,
    "deferred_reply": deferred_reply,
    "fetch_media": fetch_media,
    "missed_call_text": missed_call_text,
    "notify_team": notify_team,
    "retention": retention,
    "sla_escalation": sla_escalation,
    "status_update": status_update,
    "survey": survey,
}
