"""Task handlers by kind."""

from __future__ import annotations

from collections.abc import Mapping

from ...media.fetch import fetch_media
from ..runner import Handler
from .callback import callback, callback_gave_up
from .calls import missed_call_text
from .deferred import deferred_reply
from .digest import daily_digest
from .escalation import sla_escalation
from .replies import CONSOLE_HANDLERS
from .retention import retention
from .status import status_update, survey
from .team import notify_team

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
