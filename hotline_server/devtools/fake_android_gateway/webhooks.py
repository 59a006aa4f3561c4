"""Webhooks as the app sends them: one registration per event, signed, retried with back-off.

Body: compact JSON `{id, webhookId, event, deviceId, payload}` with null fields left
out; headers `X-Timestamp` (Unix seconds, taken at each attempt) and `X-Signature`
(hex HMAC-SHA256 of the signing key over body + timestamp). Any 2xx is success;
anything else is retried after 5 s, 10 s, 20 s... (the app's schedule, shortened
by `retry_base` here), up to `retries` attempts.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

PostFn = Callable[[str, bytes, Mapping[str, str]], Awaitable[int]]
EVENTS = (
    "sms:received", "sms:data-received", "sms:sent", "sms:delivered", "sms:failed",
    "sms:cancelled", "system:ping", "mms:received", "mms:downloaded", "app:started",
)  # fmt: skip
USER_AGENT = "me.capcom.smsgateway/1.68.0"


def nanoid(size: int = 21) -> str:
    alphabet = "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(size))


def signed_headers(key: str, body: bytes, now: float | None = None) -> dict[str, str]:
    stamp = str(int(time.time() if now is None else now))
    signature = hmac.new(key.encode(), body + stamp.encode(), hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Timestamp": stamp,
        "X-Signature": signature,
    }


def envelope_body(event: str, webhook_id: str, device_id: str, payload: dict[str, Any]) -> bytes:
    data = {
        "id": nanoid(),
        "webhookId": webhook_id,
        "event": event,
        "deviceId": device_id,
        "payload": {k: v for k, v in payload.items() if v is not None},
    }
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass
class Sender:
    post: PostFn
    signing_key: str
    retries: int = 15
    retry_base: float = 5.0
    sent: list[tuple[str, bytes, int]] = field(default_factory=list)  # url, body, status

    async def deliver(self, url: str, body: bytes) -> int:
        status = 0
        for attempt in range(self.retries):
            try:
                status = await self.post(url, body, signed_headers(self.signing_key, body))
            except Exception:  # a refused connection, a timeout: retried like the app does
                status = 0
            self.sent.append((url, body, status))
            if 200 <= status < 300:
                return status
            await asyncio.sleep(self.retry_base * 2**attempt)
        return status
