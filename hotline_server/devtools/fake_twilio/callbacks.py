"""Signed status callbacks, as Twilio sends them (``X-Twilio-Signature``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

import httpx2
from twilio.request_validator import RequestValidator

from hotline_server.devtools.fake_twilio.records import CallbackRecord

# (url, form params, headers) -> HTTP status of the answer
CallbackPoster = Callable[[str, Mapping[str, str], Mapping[str, str]], Awaitable[int]]


def poster_for(client: httpx2.AsyncClient) -> CallbackPoster:
    """POST callbacks through an ``httpx2.AsyncClient`` (e.g. one with an ASGI transport)."""

    async def post(url: str, params: Mapping[str, str], headers: Mapping[str, str]) -> int:
        response = await client.post(url, data=dict(params), headers=dict(headers))
        return response.status_code

    return post


def sign(auth_token: str, url: str, params: Mapping[str, str]) -> str:
    """Twilio's signature: HMAC-SHA1 over the full URL and the params sorted by name."""
    signature: str = RequestValidator(auth_token).compute_signature(url, dict(params))
    return signature


async def send_callback(
    poster: CallbackPoster | None, auth_token: str, url: str, params: Mapping[str, str]
) -> CallbackRecord:
    """Sign and POST one callback; a failure to reach the target is recorded, not raised."""
    signature = sign(auth_token, url, params)
    headers = {
        "X-Twilio-Signature": signature,
        "Content-Type": "application/x-www-form-urlencoded",
        "User-Agent": "TwilioProxy/1.1",
    }
    status: int | None = None
    error: str | None = None
    if poster is not None:
        try:
            status = await poster(url, params, headers)
        except (httpx2.HTTPError, OSError) as exc:
            error = f"{type(exc).__name__}: {exc}"
    return CallbackRecord(url, dict(params), signature, status, error)
