"""The app's webhook body: `{id, webhookId, event, deviceId, payload}`, read by hand.

The app leaves out null fields (Gson), so `sender`, `recipient` and `simNumber`
may be missing, not just null. The envelope `id` is fixed when the event is queued
and sent again on every retry: it is the key a retry is recognised by.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

MAX_ID = 64


class BadEnvelope(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Envelope:
    id: str
    event: str
    device_id: str
    payload: dict[str, Any]

    def text(self, name: str, max_len: int = 2000) -> str | None:
        value = self.payload.get(name)
        if value is None:
            return None
        if not isinstance(value, str) or len(value) > max_len:
            raise BadEnvelope(f"payload.{name} is not a string")
        return value

    def sim_number(self) -> int | None:
        value = self.payload.get("simNumber")
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise BadEnvelope("payload.simNumber is not a number")
        return value


def parse_envelope(raw: bytes) -> Envelope:
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        raise BadEnvelope("body is not JSON") from None
    if not isinstance(data, dict):
        raise BadEnvelope("body is not an object")
    ident, event, payload = data.get("id"), data.get("event"), data.get("payload")
    if not isinstance(ident, str) or not ident or len(ident) > MAX_ID:
        raise BadEnvelope("missing or malformed id")
    if not isinstance(event, str) or not isinstance(payload, dict):
        raise BadEnvelope("missing event or payload")
    device = data.get("deviceId")
    return Envelope(ident, event, device if isinstance(device, str) else "", payload)
