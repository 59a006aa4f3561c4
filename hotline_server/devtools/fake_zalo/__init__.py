"""A fake Zalo OA API for tests and demos: token refresh, consultation messages, signed events.

True to what Zalo documents and its SDKs do: errors answer HTTP 200 with a negative
``error``; a refresh token works once and each refresh rotates both tokens; a
consultation message to a user who has not written for seven days is refused
(``-230``). ``quota_per_message`` (off by default) refuses replies past that many
per citizen message (``-211``), as OA packages before 2026 did.
``POST /_fake/events`` has a user write to the OA (the simulator's way in); photos a
test adds (`add_media`) are served under ``/_fake/media/``.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from hotline_server.channels.zalo.client import SEND_PATH, TOKEN_PATH
from hotline_server.channels.zalo.signature import HEADER, signature_header

WINDOW = timedelta(days=7)
WEBHOOK_TIMEOUT = 10.0
TOKEN_LIFETIME = 90_000  # seconds, as Zalo answers


@dataclass
class SentMessage:
    message_id: str
    user_id: str
    text: str
    at: datetime
    access_token: str = ""


@dataclass
class FakeZalo:
    app_id: str = "1234567890123456789"
    app_secret: str = "fake-zalo-app-secret"  # noqa: S105 (the fake's own)
    oa_secret: str = "fake-zalo-oa-secret"  # noqa: S105 (the fake's own)
    oa_id: str = "4318071734502127843"
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    quota_per_message: int = 0
    delay: float = 0.0
    refresh_delay: float = 0.0  # seconds each token refresh takes
    fail_code: int | None = None  # every send answers this error while set
    sent: list[SentMessage] = field(default_factory=list)
    refresh_calls: int = 0
    refresh_token: str = field(default_factory=lambda: "rt-" + secrets.token_hex(8))
    access_tokens: dict[str, datetime] = field(default_factory=dict)
    last_interaction: dict[str, datetime] = field(default_factory=dict)
    replies_since: dict[str, int] = field(default_factory=dict)
    media: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    urls: list[str] = field(default_factory=list)  # every API request's URL, as asked

    def add_media(self, data: bytes, content_type: str = "image/jpeg") -> str:
        """Serve ``data`` as a photo a user sent; its path on the fake (``/_fake/media/..``)."""
        name = secrets.token_hex(8)
        self.media[name] = (data, content_type)
        return f"/_fake/media/{name}"

    def issue_access_token(self) -> str:
        token = "at-" + secrets.token_hex(8)
        self.access_tokens[token] = self.now() + timedelta(seconds=TOKEN_LIFETIME)
        return token

    def expire_tokens(self) -> None:
        for token in self.access_tokens:
            self.access_tokens[token] = self.now() - timedelta(seconds=1)

    # -- events the fake sends to the hotline's webhook ------------------------------

    def event(
        self,
        event_name: str,
        user_id: str,
        *,
        text: str = "",
        attachments: list[dict[str, Any]] | None = None,
        info: dict[str, Any] | None = None,
        msg_id: str | None = None,
        at: datetime | None = None,
    ) -> tuple[bytes, dict[str, str]]:
        """A signed webhook body and its headers, as Zalo would post them."""
        moment = at or self.now()
        timestamp = str(int(moment.timestamp() * 1000))
        data: dict[str, Any] = {
            "app_id": self.app_id,
            "user_id_by_app": "app-" + user_id,
            "event_name": event_name,
            "timestamp": timestamp,
        }
        if event_name in ("follow", "unfollow"):
            data |= {"oa_id": self.oa_id, "follower": {"id": user_id}, "source": "oa_profile"}
        else:
            message: dict[str, Any] = {"msg_id": msg_id or secrets.token_hex(10), "text": text}
            if attachments:
                message["attachments"] = attachments
            data |= {"sender": {"id": user_id}, "recipient": {"id": self.oa_id}}
            data["message"] = message
            if info is not None:
                data["info"] = info
        if event_name.startswith("user_"):
            self.last_interaction[user_id] = moment
            self.replies_since[user_id] = 0
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        headers = {
            "Content-Type": "application/json",
            HEADER: signature_header(self.app_id, body, timestamp, self.oa_secret),
        }
        return body, headers

    # -- the API ---------------------------------------------------------------------

    @property
    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route(TOKEN_PATH, self._refresh, methods=["POST"]),
                Route(SEND_PATH, self._send, methods=["POST"]),
                Route("/_fake/messages.json", self._messages, methods=["GET"]),
                Route("/_fake/media/{name}", self._media, methods=["GET"]),
                Route("/_fake/events", self._post_event, methods=["POST"]),
            ]
        )

    async def _refresh(self, request: Request) -> JSONResponse:
        self.urls.append(str(request.url))
        async with request.form() as form:
            fields = {k: v for k, v in form.items() if isinstance(v, str)}
        self.refresh_calls += 1
        if self.refresh_delay:
            await asyncio.sleep(self.refresh_delay)
        if request.headers.get("secret_key") != self.app_secret:
            return _error(-14001, "Invalid secret key")
        if fields.get("app_id") != self.app_id or fields.get("grant_type") != "refresh_token":
            return _error(-14002, "Invalid app id or grant type")
        if not secrets.compare_digest(fields.get("refresh_token", ""), self.refresh_token):
            return JSONResponse({"error": -14014, "error_name": "Invalid refresh token"})
        self.refresh_token = "rt-" + secrets.token_hex(8)
        token = self.issue_access_token()
        return JSONResponse(
            {
                "access_token": token,
                "refresh_token": self.refresh_token,
                "expires_in": str(TOKEN_LIFETIME),
            }
        )

    async def _send(self, request: Request) -> JSONResponse:
        self.urls.append(str(request.url))
        if self.delay:
            await asyncio.sleep(self.delay)
        token = request.headers.get("access_token", "")
        expires = self.access_tokens.get(token)
        if expires is None:
            return _error(-216, "Access token is invalid")
        if expires <= self.now():
            return _error(-220, "access_token is expired or removed")
        try:
            body = await request.json()
            user_id = str(body["recipient"]["user_id"])
            text = str(body["message"]["text"])
        except (ValueError, KeyError, TypeError):
            return _error(-201, "body is invalid!")
        if self.fail_code is not None:
            return _error(self.fail_code, "failure set by the test")
        if not text or len(text) > 2000:
            return _error(-201, "text is invalid!")
        last = self.last_interaction.get(user_id)
        if last is None:
            return _error(-201, "user_id is invalid!")
        if self.now() - last > WINDOW:
            return _error(-230, "User has not interacted with the OA in the past 7 days")
        if self.quota_per_message and self.replies_since.get(user_id, 0) >= self.quota_per_message:
            return _error(-211, "Out of quota")
        self.replies_since[user_id] = self.replies_since.get(user_id, 0) + 1
        sent = SentMessage(secrets.token_hex(10), user_id, text, self.now(), token)
        self.sent.append(sent)
        at = str(int(sent.at.timestamp() * 1000))
        data = {"message_id": sent.message_id, "user_id": user_id, "sent_time": at}
        return JSONResponse({"error": 0, "message": "Success", "data": data})

    async def _messages(self, request: Request) -> JSONResponse:
        return JSONResponse(
            [{"message_id": m.message_id, "user_id": m.user_id, "text": m.text} for m in self.sent]
        )

    async def _post_event(self, request: Request) -> JSONResponse:
        """A user writes to the OA: the signed event is posted to ``webhook``, as Zalo would."""
        asked = await request.json()
        body, headers = self.event(
            str(asked.get("event_name", "user_send_text")), str(asked["user_id"]),
            text=str(asked.get("text", "")),
        )  # fmt: skip
        async with httpx2.AsyncClient(timeout=WEBHOOK_TIMEOUT) as client:
            answer = await client.post(str(asked["webhook"]), content=body, headers=headers)
        return JSONResponse({"status": answer.status_code})

    async def _media(self, request: Request) -> Response:
        found = self.media.get(request.path_params["name"])
        if found is None:
            return Response(status_code=404)
        return Response(found[0], media_type=found[1])


def _error(code: int, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message})
