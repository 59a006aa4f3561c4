"""What every voice webhook does around its step: check, dedupe, commit, never fail.

A voice route answers in four moves: the signature is checked (403, nothing
stored), an earlier answer to the same step is returned as it was (the
receipt key is the route, the ``CallSid`` and a digest of the query string,
``Digits`` and ``RecordingSid``), the step runs and writes in one transaction
together with its receipt, and whatever goes wrong the caller hears the
apology and can leave a message (``error_twiml``, status 200). When the
database is unreachable, the step is answered by ``outage.voice`` from the
state token and spooled; a call that took such a step stays offline in this
process until it ends, so its steps are written back in order.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from hotline_server.calls.duty import default_config
from hotline_server.calls.state_key import state_urls
from hotline_server.calls.voice_turn import Turn
from hotline_server.channels.twilio.twiml import twiml_response
from hotline_server.context import AppContext, app_context
from hotline_server.core.db import database_down
from hotline_server.core.forms import read_form
from hotline_server.core.sql import Sql
from hotline_server.models import Hotline, WebhookReceipt
from hotline_server.outage.voice import answer_offline
from ivr_flows import BadState, Route, error_twiml

log = logging.getLogger(__name__)
ATTEMPTS = 3


Work = Callable[[Turn, BaseDBAsyncClient], Awaitable[str]]
Endpoint = Callable[[Request], Awaitable[Response]]


async def hotline_of(conn: BaseDBAsyncClient | None, number: str) -> Hotline:
    return await Hotline.filter(number=number).using_db(conn).get()


async def run_once(turn: Turn, work: Work, *, receipt: bool) -> str:
    """Run ``work`` in a transaction, once per receipt key; a retry gets the stored answer."""
    key = turn.receipt_key() if receipt else None
    for attempt in range(ATTEMPTS):
        if key is not None:
            stored = await WebhookReceipt.filter(key=key).first()
            if stored is not None:
                log.info("voice %s for call %s answered again", turn.route.name, turn.call_sid)
                return stored.response
        try:
            async with in_transaction() as conn:
                xml = await work(turn, conn)
                if key is not None:
                    await WebhookReceipt.create(
                        key=key, response=xml, created_at=turn.now, using_db=conn
                    )
                return xml
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
            log.info("voice %s for call %s raced a writer", turn.route.name, turn.call_sid)
    raise AssertionError("unreachable")


_RECEIPT = 'SELECT response FROM webhook_receipts WHERE "key" = ?'
_ADD_RECEIPT = 'INSERT INTO webhook_receipts ("key", response, created_at) VALUES (?, ?, ?)'


async def run_batched(turn: Turn, work: Work) -> str:
    """``run_once`` inside the texts' group commit: the stored answer, or the step and its
    receipt, in plain SQL in the batch's transaction (on SQLite, inside the database
    thread); ``work`` must keep to plain SQL and cached reads to stay there."""
    key = turn.receipt_key()

    async def job(conn: BaseDBAsyncClient) -> str:
        sql = Sql(conn)
        stored = await sql.one(_RECEIPT, [key])
        if stored is not None:
            log.info("voice %s for call %s answered again", turn.route.name, turn.call_sid)
            return str(stored["response"])
        xml = await work(turn, conn)
        await sql.run(_ADD_RECEIPT, [key, xml, turn.now])
        return xml

    for attempt in range(ATTEMPTS):
        try:
            return await turn.ctx.intake.writes.run(job)
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
            log.info("voice %s for call %s raced a writer", turn.route.name, turn.call_sid)
    raise AssertionError("unreachable")


def voice_endpoint(
    route: Route,
    work: Work,
    *,
    receipt: bool = True,
    batched: bool = False,
    salvage: Work | None = None,
    apology_of: Callable[[AppContext], str] | None = None,
    ready: Callable[[Turn], Awaitable[None]] | None = None,
) -> Endpoint:
    """A Starlette endpoint for ``route`` that runs ``work`` as described above.

    When ``work`` fails, ``salvage`` (in a transaction of its own) keeps what it can
    of the call, so that a message left after the apology finds its call.
    ``apology_of`` replaces the caller's apology (an officer's call needs no voicemail).
    ``ready`` runs first, outside any transaction (a callback waits for its call's record).
    ``batched``: the step runs in the group commit (``run_batched``; with its receipt).
    """
    sorry = apology_of or apology

    async def endpoint(request: Request) -> Response:
        ctx = app_context(request.app)
        form = await read_form(request, ctx.settings.max_body_bytes)
        if not ctx.signature.is_valid(request, form):
            log.warning("voice webhook %s with a missing or wrong signature rejected", route.name)
            return PlainTextResponse("invalid signature", status_code=403)
        sid = _call_sid(form)
        turn = Turn(ctx, route, form, request.url.query, sid, ctx.clock.now())
        try:
            if ctx.offline.owns(turn.field("ParentCallSid", 64) or sid):
                xml = await _offline(turn, sorry)
            else:
                if ready is not None:
                    await ready(turn)
                xml = await (
                    run_batched(turn, work) if batched else run_once(turn, work, receipt=receipt)
                )
        except BadState:
            log.warning("voice %s for call %s: unreadable call state", route.name, sid)
            xml = sorry(ctx)
        except Exception as exc:
            if database_down(exc):
                log.warning("voice %s for call %s: database unreachable", route.name, sid)
                xml = await _offline(turn, sorry)
            else:
                log.exception("voice %s failed for call %s", route.name, sid)
                xml = sorry(ctx)
                if salvage is not None:
                    await _salvage(turn, salvage)
        return twiml_response(xml)

    return endpoint


async def _offline(turn: Turn, sorry: Callable[[AppContext], str]) -> str:
    """The step without the database (``outage.voice``); the apology when that fails too."""
    try:
        xml = await answer_offline(turn)
    except BadState:
        log.warning("voice %s for call %s: unreadable call state", turn.route.name, turn.call_sid)
        xml = None
    except Exception:
        log.exception("voice %s failed offline for call %s", turn.route.name, turn.call_sid)
        xml = None
    return sorry(turn.ctx) if xml is None else xml


async def _salvage(turn: Turn, salvage: Work) -> None:
    try:
        await run_once(turn, salvage, receipt=False)
    except Exception:
        log.exception("voice %s: call %s could not be recorded", turn.route.name, turn.call_sid)


def apology(ctx: AppContext) -> str:
    settings = ctx.settings
    return error_twiml(default_config(settings), state_urls(settings))


def _call_sid(form: FormData) -> str:
    values = [v for v in form.getlist("CallSid") if isinstance(v, str)]
    sid = values[0] if len(values) == 1 else ""
    return sid if sid.isalnum() and len(sid) <= 64 else "-"
