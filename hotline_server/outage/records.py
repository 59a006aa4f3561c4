"""The outage spools' records, encoded and decoded here only, each with a version.

A text record is an ``InboundMessage`` (``{"v": 1, <its fields>}``); a call record is
a ``CallStep``, one webhook step of a call taken offline. Records written before text
records had a version still read: no ``"v"``, and the medium under its old name
``"channel"``. A record of another version, or one missing what its kind needs, does
not read (``BadRecord``; the replay keeps its file for inspection).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any

from hotline_server.models import Medium
from hotline_server.texts.inbound import InboundMessage, Media
from ivr_flows import Effect, Route, effects_from_json, effects_to_json

VERSION = 1


class BadRecord(ValueError):
    """A spooled line that is not a record of this release."""


def _version(data: dict[str, Any]) -> dict[str, Any]:
    """The record without its version, which must be ours (none: written before versions)."""
    found = data.pop("v", None)
    if found not in (None, VERSION):
        raise BadRecord(f"spool record version {found!r} is not {VERSION}")
    return data


def encode_text(msg: InboundMessage) -> dict[str, Any]:
    return {"v": VERSION, **asdict(msg)}


def decode_text(raw: dict[str, Any]) -> InboundMessage:
    data = _version(dict(raw))
    try:
        data["medium"] = Medium(data.pop("channel", None) or data["medium"])
        data["media"] = tuple(Media(**m) for m in data.get("media", ()))
        return InboundMessage(**data)
    except (KeyError, TypeError, ValueError) as exc:
        raise BadRecord(f"not a text record: {type(exc).__name__}") from exc


@dataclass(frozen=True)
class CallStep:
    """One webhook step of a call taken while the database was down.

    ``at`` is the step's time (the server's clock), ``t`` orders steps across files,
    ``key`` is the webhook receipt's key (None for steps without receipts) and
    ``twiml`` what the caller got. The other fields are the route's: the call's first
    step (``hotline_id``, ``caller``, ``forwarded``, ``status``, ``next``); a flow step
    (``state`` and ``next`` tokens, ``effects``, ``transcript``, the ``local_code``
    read to the caller); a screening answer (``parent``, ``digits``, ``tier``,
    ``officer_id``, ``accepted``); a status callback (``status``, ``duration``); the
    fallback (``caller``, ``to``, ``forwarded``, ``status``).
    """

    route: Route
    call_sid: str
    at: datetime
    t: int
    twiml: str
    key: str | None = None
    hotline_id: int | None = None
    caller: str = ""
    to: str = ""
    forwarded: bool = False
    status: str = ""
    duration: str = ""
    state: str | None = None
    next: str | None = None
    effects: tuple[Effect, ...] = ()
    transcript: str = ""
    local_code: str | None = None
    parent: str = ""
    digits: str = ""
    tier: int = 0
    officer_id: int | None = None
    accepted: bool = False


NAMES = frozenset(f.name for f in fields(CallStep))


def encode_call(step: CallStep) -> dict[str, Any]:
    data = {f.name: getattr(step, f.name) for f in fields(step)}
    data.update(
        route=step.route.value, at=step.at.isoformat(), effects=effects_to_json(step.effects)
    )
    return {"v": VERSION, **data}


def decode_call(raw: dict[str, Any]) -> CallStep:
    data = _version(dict(raw))
    if not {"route", "call_sid", "at"} <= set(data) or not set(data) <= NAMES:
        raise BadRecord("not a call record")
    try:
        data["route"] = Route(data["route"])
        data["at"] = datetime.fromisoformat(data["at"])
        data["t"] = int(data.get("t", 0))
        data["twiml"] = str(data.get("twiml", ""))
        data["effects"] = effects_from_json(data.get("effects") or [])
        return CallStep(**data)
    except (KeyError, TypeError, ValueError) as exc:
        raise BadRecord(f"not a call record: {type(exc).__name__}") from exc
