"""A fake SMS Gateway for Android, true to the app's local-server API.

Routes (also under `/3rdparty/v1`, the cloud and private-server prefix):
`POST /messages` (202, the phone's validation, 409 for a known id), `GET /messages/{id}`,
`POST/GET /webhooks`, `DELETE /webhooks/{id}`, `GET /health` (no auth). Basic auth.
Each accepted text goes Pending → Processed → Sent → Delivered, with `sms:sent` and
`sms:delivered` webhooks (or Failed with `sms:failed` when `fail="failed"`).
Knobs: `delay` answers a send that much later (after storing it); `fail="send"`
answers sends with 500. Test routes: `POST /_fake/receive` (a citizen's text arrives:
an `sms:received` webhook), `POST /_fake/ping`, `GET /_fake/messages.json`.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from hotline_server.devtools.fake_android_gateway.webhooks import (
    EVENTS,
    PostFn,
    Sender,
    envelope_body,
    nanoid,
)

FAIL_MODES = ("none", "send", "failed")


def _now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="milliseconds")


@dataclass
class FakeMessage:
    id: str
    phone_numbers: list[str]
    text: str
    sim_number: int | None
    with_delivery_report: bool
    state: str = "Pending"
    states: dict[str, str] = field(default_factory=dict)
    accepted_at: float = field(default_factory=time.monotonic)  # for latency measurements

    def view(self, device_id: str) -> dict[str, Any]:
        return {
            "id": self.id, "deviceId": device_id, "state": self.state, "isHashed": False,
            "isEncrypted": False, "textMessage": {"text": self.text},
            "recipients": [{"phoneNumber": n, "state": self.state} for n in self.phone_numbers],
            "states": self.states,
        }  # fmt: skip


@dataclass
class FakeGateway:
    login: str
    password: str
    sender: Sender
    device_id: str = "fakeDevice0001"
    delay: float = 0.0
    fail: str = "none"
    step: float = 0.02  # seconds between a text's states
    messages: dict[str, FakeMessage] = field(default_factory=dict)
    webhooks: dict[str, dict[str, Any]] = field(default_factory=dict)
    _work: set[asyncio.Task[Any]] = field(default_factory=set)

    def __post_init__(self) -> None:
        if self.fail not in FAIL_MODES:
            raise ValueError(f"fail must be one of {FAIL_MODES}")
        routes = _routes(self)
        self.app = Starlette(routes=[*routes, Mount("/3rdparty/v1", routes=routes)])

    def authorized(self, request: Request) -> bool:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            login, _, password = base64.b64decode(token).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return (login, password) == (self.login, self.password)

    def background(self, coro: Any) -> None:
        job = asyncio.get_running_loop().create_task(coro)
        self._work.add(job)
        job.add_done_callback(self._work.discard)

    async def emit(self, event: str, payload: dict[str, Any]) -> None:
        for hook in list(self.webhooks.values()):
            if hook["event"] == event:
                body = envelope_body(event, hook["id"], self.device_id, payload)
                await self.sender.deliver(hook["url"], body)

    async def progress(self, message: FakeMessage) -> None:
        for state in ("Processed", "Sent", "Failed" if self.fail == "failed" else "Delivered"):
            await asyncio.sleep(self.step)
            await self.move(message, state)

    async def move(self, message: FakeMessage, state: str) -> None:
        message.state = state
        message.states[state] = _now()
        event = {"Sent": "sms:sent", "Delivered": "sms:delivered", "Failed": "sms:failed"}
        if state not in event or (state == "Delivered" and not message.with_delivery_report):
            return
        for number in message.phone_numbers:
            payload: dict[str, Any] = {
                "messageId": message.id, "phoneNumber": number, "recipient": number,
                "simNumber": message.sim_number,
            }  # fmt: skip
            extra: dict[str, dict[str, Any]] = {
                "Sent": {"sentAt": _now(), "partsCount": 1},
                "Delivered": {"deliveredAt": _now()},
                "Failed": {"failedAt": _now(), "reason": "RESULT_ERROR_GENERIC_FAILURE"},
            }
            payload.update(extra[state])
            await self.emit(event[state], payload)

    async def receive(self, sender: str, text: str, sim_number: int | None) -> None:
        message_id = format(abs(hash((sender, text))) & 0xFFFFFFFF, "x")  # content-based
        await self.emit(
            "sms:received",
            {
                "messageId": message_id, "message": text, "phoneNumber": sender,
                "sender": sender, "simNumber": sim_number, "receivedAt": _now(),
            },
        )  # fmt: skip

    async def settle(self) -> None:
        while self._work:
            await asyncio.gather(*list(self._work), return_exceptions=True)

    async def aclose(self) -> None:
        for job in list(self._work):
            job.cancel()
        await asyncio.gather(*list(self._work), return_exceptions=True)


def _error(status: int, message: str) -> Response:
    return JSONResponse({"message": message}, status_code=status)


def _check_send(body: Any) -> str | None:
    """The phone's PostMessageRequest validation: the reason for a 400, or None."""
    if not isinstance(body, dict):
        return "body must be an object"
    contents = [k for k in ("textMessage", "dataMessage", "message") if body.get(k)]
    if len(contents) != 1:
        return "exactly one of textMessage, dataMessage or message is required"
    text = body.get("textMessage") or {}
    if "textMessage" in contents and not (isinstance(text, dict) and text.get("text")):
        return "text message is empty"
    numbers = body.get("phoneNumbers")
    if not isinstance(numbers, list) or not numbers:
        return "phoneNumbers is empty"
    sim = body.get("simNumber")
    if sim is not None and (not isinstance(sim, int) or sim < 1):
        return "simNumber must be >= 1"
    if body.get("ttl") is not None and body.get("validUntil") is not None:
        return "fields conflict: ttl and validUntil"
    return None


def _routes(fake: FakeGateway) -> list[BaseRoute]:
    async def send(request: Request) -> Response:
        if not fake.authorized(request):
            return _error(401, "Unauthorized")
        if fake.fail == "send":
            return _error(500, "failed to send: phone not ready")
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _error(400, "invalid JSON")
        problem = _check_send(body)
        if problem:
            return _error(400, problem)
        ident = str(body.get("id") or nanoid())
        if ident in fake.messages:
            return _error(409, f"message with id {ident} already exists")
        text = body.get("textMessage", {}).get("text") or str(body.get("message") or "")
        message = FakeMessage(
            ident, [str(n) for n in body["phoneNumbers"]], text, body.get("simNumber"),
            bool(body.get("withDeliveryReport", True)), states={"Pending": _now()},
        )  # fmt: skip
        fake.messages[ident] = message
        if fake.delay:
            await asyncio.sleep(fake.delay)
        fake.background(fake.progress(message))
        return JSONResponse(message.view(fake.device_id), status_code=202)

    async def state(request: Request) -> Response:
        if not fake.authorized(request):
            return _error(401, "Unauthorized")
        message = fake.messages.get(request.path_params["id"])
        if message is None:
            return _error(404, "message not found")
        return JSONResponse(message.view(fake.device_id))

    async def webhooks(request: Request) -> Response:
        if not fake.authorized(request):
            return _error(401, "Unauthorized")
        if request.method == "GET":
            return JSONResponse(list(fake.webhooks.values()))
        body = json.loads(await request.body())
        url, event = str(body.get("url", "")), str(body.get("event", ""))
        if not url.startswith(("https://", "http://127.0.0.1")):
            return _error(400, "url must start with https:// or http://127.0.0.1")
        if event not in EVENTS:
            return _error(400, f"invalid event {event}")
        ident = str(body.get("id") or nanoid())
        hook = {"id": ident, "deviceId": None, "url": url, "event": event, "source": "Local"}
        fake.webhooks[ident] = hook  # the same id replaces a registration
        return JSONResponse(hook, status_code=201)

    async def delete_webhook(request: Request) -> Response:
        if not fake.authorized(request):
            return _error(401, "Unauthorized")
        fake.webhooks.pop(request.path_params["id"], None)
        return Response(status_code=204)

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "pass", "version": "1.68.0", "checks": {}})

    async def fake_receive(request: Request) -> Response:
        body = json.loads(await request.body())
        sim = body.get("simNumber")
        await fake.receive(str(body["sender"]), str(body["message"]), sim)
        return JSONResponse({"sent": [s for _, _, s in fake.sender.sent[-len(fake.webhooks) :]]})

    async def fake_ping(request: Request) -> Response:
        await fake.emit("system:ping", {"health": {"status": "pass", "checks": {}}})
        return JSONResponse({"ok": True})

    async def fake_messages(request: Request) -> Response:
        return JSONResponse([m.view(fake.device_id) | {"simNumber": m.sim_number}
                             for m in fake.messages.values()])  # fmt: skip

    return [
        Route("/messages", send, methods=["POST"]),
        Route("/message", send, methods=["POST"]),
        Route("/messages/{id}", state, methods=["GET"]),
        Route("/webhooks", webhooks, methods=["GET", "POST"]),
        Route("/webhook", webhooks, methods=["GET", "POST"]),
        Route("/webhooks/{id}", delete_webhook, methods=["DELETE"]),
        Route("/health", health, methods=["GET"]),
        Route("/_fake/receive", fake_receive, methods=["POST"]),
        Route("/_fake/ping", fake_ping, methods=["POST"]),
        Route("/_fake/messages.json", fake_messages, methods=["GET"]),
    ]


def build_fake_gateway(
    login: str, password: str, signing_key: str, post: PostFn, **knobs: Any
) -> FakeGateway:
    retries = knobs.pop("retries", 15)
    retry_base = knobs.pop("retry_base", 5.0)
    sender = Sender(post, signing_key, retries=retries, retry_base=retry_base)
    return FakeGateway(login, password, sender, **knobs)
