"""Signing a request the way Twilio does (the simulator and the fake Twilio server use it)."""

from __future__ import annotations

from collections.abc import Iterable

from twilio.request_validator import RequestValidator


def twilio_signature(auth_token: str, url: str, params: Iterable[tuple[str, str]]) -> str:
    grouped: dict[str, list[str]] = {}
    for name, value in params:
        grouped.setdefault(name, []).append(value)
    return str(RequestValidator(auth_token).compute_signature(url, _MultiDict(grouped)))


class _MultiDict(dict[str, list[str]]):
    """What RequestValidator expects of repeated fields: a mapping with getlist."""

    def getlist(self, name: str) -> list[str]:
        return self[name]
