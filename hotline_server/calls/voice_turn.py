"""One voice webhook request, its signature already checked: what every step reads.

A leaf of the voice modules: the online steps (``calls.turn``), the offline ones
(``outage.voice``) and the event parsing (``channels.twilio.voice_events``) all
take a ``Turn``, and this module imports none of them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qsl

from starlette.datastructures import FormData
from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.calls.effects import CallScope
from hotline_server.calls.state_key import state_token, state_urls
from hotline_server.context import AppContext
from hotline_server.core.forms import one
from hotline_server.models import Call, Hotline, Officer
from ivr_flows import STATE_PARAM, CallState, Route, Urls, decode_state, with_phones


@dataclass(frozen=True)
class Turn:
    """One voice webhook request, its signature already checked."""

    ctx: AppContext
    route: Route
    form: FormData
    query: str
    call_sid: str
    now: datetime

    @property
    def urls(self) -> Urls:
        return state_urls(self.ctx.settings)

    @property
    def window(self) -> timedelta:
        return timedelta(hours=self.ctx.settings.missed_call_window_hours)

    def scope(
        self, conn: BaseDBAsyncClient, call: Call, hotline: Hotline, state: CallState | None = None
    ) -> CallScope:
        return CallScope.of(conn, call, hotline, self.now, self.ctx.settings, state)

    def field(self, name: str, max_len: int = 2000) -> str:
        return one(self.form, name, required=False, max_len=max_len)

    def param(self, name: str) -> str:
        for key, value in _query_pairs(self.query):
            if key == name:
                return value
        return ""

    def token(self) -> str:
        """The request's state token, once its HMAC is checked (``BadState`` otherwise)."""
        return state_token(self.ctx.settings, self.param(STATE_PARAM))

    def state(self) -> CallState:
        """The call state as the URL carries it: officers by id, without their numbers."""
        return decode_state(self.token())

    async def dialable_state(self, conn: BaseDBAsyncClient) -> CallState:
        """The state with the officers' numbers from the database (the next step may dial)."""
        state = self.state()
        ids = [o.id for o in state.tiers]
        rows = await Officer.filter(id__in=ids).using_db(conn).values_list("id", "phone")
        return with_phones(state, {int(str(i)): str(phone) for i, phone in rows})

    def receipt_key(self) -> str:
        parts = (self.query, self.field("Digits"), self.field("RecordingSid"))
        digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]
        return f"voice:{_ROUTE_NAMES[self.route]}:{self.call_sid}:{digest}"


_ROUTE_NAMES = {route: route.name.lower() for route in Route}  # `Enum.name` is slow


def _query_pairs(query: str) -> list[tuple[str, str]]:
    return parse_qsl(query, keep_blank_values=True)
