"""HTTP side of the fake: Twilio's 2010-04-01 Messages, Calls, Recordings and Media resources."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlencode

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from hotline_server.devtools.fake_twilio.errors import twilio_error
from hotline_server.devtools.fake_twilio.fake import FakeTwilio
from hotline_server.devtools.fake_twilio.media import CDN_PREFIX
from hotline_server.devtools.fake_twilio.records import (
    Form,
    MessageRecord,
    account_uri,
    call_json,
    first,
    message_json,
    recording_json,
)
from hotline_server.devtools.fake_twilio.validation import (
    check_call,
    check_call_update,
    check_credentials,
    check_message,
    parse_date_filter,
)
from hotline_server.devtools.fake_twilio.wav import silent_wav

ACCOUNT = "/2010-04-01/Accounts/{account_sid}"
DEFAULT_PAGE_SIZE = 50
Handler = Callable[[Request], Awaitable[Response]]
R = TypeVar("R")


async def read_form(request: Request) -> Form:
    form: Form = {}
    async with request.form() as data:
        for key, value in data.multi_items():
            if isinstance(value, str):
                form.setdefault(key, []).append(value)
    return form


class FakeTwilioApi:
    def __init__(self, fake: FakeTwilio) -> None:
        self.fake = fake

    def routes(self) -> list[Route]:
        """Every account resource asks for the account's credentials (``refuse``) but a
        recording's audio (``recording`` checks its JSON itself) and the media CDN."""
        checked = [
            ("Messages.json", self.create_message, "POST"),
            ("Messages.json", self.list_messages, "GET"),
            ("Messages/{sid}.json", self.fetch_message, "GET"),
            ("Calls.json", self.create_call, "POST"),
            ("Calls/{sid}.json", self.fetch_call, "GET"),
            ("Calls/{sid}.json", self.update_call, "POST"),
            ("Recordings/{name}", self.delete_recording, "DELETE"),
            ("Messages/{sid}/Media/{mid}", self.media, "GET"),
            ("Messages/{sid}/Media/{mid}", self.delete_media, "DELETE"),
        ]
        return [
            *(
                Route(f"{ACCOUNT}/{path}", self.authorized(handler), methods=[method])
                for path, handler, method in checked
            ),
            Route(f"{ACCOUNT}/Recordings/{{name}}", self.recording, methods=["GET"]),
            Route(CDN_PREFIX + "/{token}", self.media_content, methods=["GET"]),
        ]

    def authorized(self, handler: Handler) -> Handler:
        async def checked(request: Request) -> Response:
            refused = self.refuse(request)
            return refused if refused is not None else await handler(request)

        return checked

    def refuse(self, request: Request) -> Response | None:
        """401 unless Basic auth holds this account's SID and token, for this account's path."""
        fake = self.fake
        authorized = check_credentials(
            request.headers.get("authorization"), fake.account_sid, fake.auth_token
        )
        if not authorized or request.path_params["account_sid"] != fake.account_sid:
            return twilio_error(20003, 401)
        return None

    def not_found(self, request: Request) -> Response:
        return twilio_error(20404, 404, path=request.url.path)

    def found(self, request: Request, record: R | None, to_json: Callable[[R], Any]) -> Response:
        """The record as Twilio shows it, or Twilio's 404."""
        return self.not_found(request) if record is None else JSONResponse(to_json(record))

    async def create_message(self, request: Request) -> Response:
        return await self.create(request, "message")

    async def create_call(self, request: Request) -> Response:
        return await self.create(request, "call")

    async def create(self, request: Request, kind: str) -> Response:
        """``POST Messages.json`` or ``Calls.json``: 201 with the new record, or the error
        its form or a failure set for it gives."""
        form = await read_form(request)
        invalid = check_message(form) if kind == "message" else check_call(form)
        if invalid is not None:
            return twilio_error(invalid.code, value=invalid.value)
        failure = self.fake.create_failure(kind, first(form, "To") or "")
        if failure is not None:
            return twilio_error(failure[0], failure[1], value=first(form, "To") or "")
        if kind == "call":
            return JSONResponse(call_json(self.fake.add_call(form)), status_code=201)
        record = self.fake.add_message(form)
        if self.fake.message_delay > 0:
            await asyncio.sleep(self.fake.message_delay)
        return JSONResponse(message_json(record), status_code=201)

    async def fetch_message(self, request: Request) -> Response:
        return self.found(request, self.fake.message(request.path_params["sid"]), message_json)

    async def list_messages(self, request: Request) -> Response:
        query = request.query_params
        try:
            found = filter_messages(self.fake.messages, query)
            size = int(query.get("PageSize", DEFAULT_PAGE_SIZE))
            page = int(query.get("Page", 0))
        except ValueError as exc:
            return twilio_error(20001, value=str(exc))
        if not 1 <= size <= 1000 or page < 0:
            return twilio_error(20001, value="PageSize or Page")
        return JSONResponse(message_page(self.fake.account_sid, query, found, size, page))

    async def fetch_call(self, request: Request) -> Response:
        return self.found(request, self.fake.call(request.path_params["sid"]), call_json)

    async def update_call(self, request: Request) -> Response:
        fake = self.fake
        record = fake.call(request.path_params["sid"])
        if record is None:
            return self.not_found(request)
        form = await read_form(request)
        invalid = check_call_update(form)
        if invalid is not None:
            return twilio_error(invalid.code, value=invalid.value)
        if first(form, "Url") and record.is_final:
            return twilio_error(21220)
        record.updates.append(form)
        status = first(form, "Status")
        if status is not None and _ends(record.status, status):
            params = fake.apply_call_status(record.sid, status)
            if params is not None:
                fake.spawn(fake.send_call_callback(record.sid, params))
        elif first(form, "Url") and fake.on_call_update is not None:
            fake.spawn(fake.on_call_update(record, form))
        return JSONResponse(call_json(record))

    async def recording(self, request: Request) -> Response:
        sid, _, extension = request.path_params["name"].partition(".")
        record = self.fake.recording(sid)
        if extension == "json":
            if (refused := self.refuse(request)) is not None:
                return refused
            if record is None:
                return self.not_found(request)
            base = f"{request.url.scheme}://{request.url.netloc}"
            return JSONResponse(recording_json(record, base))
        if record is None or extension not in ("", "wav"):
            return self.not_found(request)
        return Response(silent_wav(record.duration), media_type="audio/x-wav")

    async def media(self, request: Request) -> Response:
        params = request.path_params
        item = self.fake.media.find(params["sid"], params["mid"])
        if item is None:
            return self.not_found(request)
        return RedirectResponse(cdn_origin(request) + item.cdn_path, status_code=307)

    async def delete_recording(self, request: Request) -> Response:
        """``DELETE .../Recordings/{Sid}.json``: 204 with no body, 404 when unknown."""
        sid, _, extension = request.path_params["name"].partition(".")
        record = self.fake.recording(sid)
        if record is None or extension != "json":
            return self.not_found(request)
        self.fake.recordings.remove(record)
        self.fake.deleted.append(f"Recordings/{sid}")
        return Response(status_code=204)

    async def delete_media(self, request: Request) -> Response:
        """``DELETE .../Messages/{MessageSid}/Media/{Sid}.json``: 204, 404 when unknown."""
        params = request.path_params
        media_sid, _, extension = params["mid"].partition(".")
        item = self.fake.media.find(params["sid"], media_sid)
        if item is None or extension != "json":
            return self.not_found(request)
        self.fake.media.items.remove(item)
        self.fake.deleted.append(f"Messages/{item.message_sid}/Media/{item.sid}")
        return Response(status_code=204)

    async def media_content(self, request: Request) -> Response:
        item = self.fake.media.by_token(request.path_params["token"])
        if item is None:
            return Response(status_code=404)
        return Response(item.content, media_type=item.content_type)


def cdn_origin(request: Request) -> str:
    """Another origin for the same server (``localhost`` for ``127.0.0.1``), as Twilio's
    CDN is another host: a client must not carry the account's credentials there."""
    url = request.url
    if url.hostname == "127.0.0.1":
        return f"{url.scheme}://localhost:{url.port}"
    return ""


def _ends(current: str, requested: str) -> bool:
    """Whether ``Status=requested`` ends a call that is ``current`` (Twilio's rules)."""
    if requested == "canceled":
        return current in ("queued", "ringing")
    return current in ("queued", "ringing", "in-progress")


def filter_messages(messages: list[MessageRecord], query: QueryParams) -> list[MessageRecord]:
    """Newest first, filtered by ``To``, ``From``, ``DateSent``, ``DateSent<``, ``DateSent>``."""
    found = [
        m
        for m in messages
        if query.get("To", m.to) == m.to and query.get("From", m.from_) == m.from_
    ]
    for name in ("DateSent>", "DateSent<", "DateSent"):
        if name in query:
            limit = parse_date_filter(query[name])
            found = [m for m in found if m.date_sent and _date_matches(name, m.date_sent, limit)]
    return sorted(found, key=lambda m: m.date_created, reverse=True)


def _date_matches(name: str, sent: datetime, limit: datetime) -> bool:
    if name == "DateSent>":
        return sent >= limit
    if name == "DateSent<":
        return sent <= limit
    return sent.date() == limit.date()


def message_page(
    account_sid: str, query: QueryParams, found: list[MessageRecord], size: int, page: int
) -> dict[str, object]:
    base = f"{account_uri(account_sid)}/Messages.json"
    filters = [(k, v) for k, v in query.multi_items() if k not in ("Page", "PageSize", "PageToken")]

    def page_uri(number: int) -> str:
        params = [*filters, ("PageSize", str(size)), ("Page", str(number))]
        if number:
            params.append(("PageToken", f"PA{number}"))
        return f"{base}?{urlencode(params)}"

    start = page * size
    items = found[start : start + size]
    return {
        "end": start + max(len(items) - 1, 0),
        "first_page_uri": page_uri(0),
        "next_page_uri": page_uri(page + 1) if start + size < len(found) else None,
        "page": page,
        "page_size": size,
        "previous_page_uri": page_uri(page - 1) if page > 0 else None,
        "start": start,
        "uri": page_uri(page),
        "messages": [message_json(m) for m in items],
    }
