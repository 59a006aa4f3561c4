"""Task handlers by kind."""

from __future__ import annotations

from collections.abc import Mapping

from ..runner import Handler
from .calls import missed_call_text
from .deferred import deferred_reply
from .team import notify_team

HANDLERS: Mapping[str, Handler] = {
    "deferred_reply": deferred_reply,
    "missed_call_text": missed_call_text,
    "notify_team": notify_team,
}
