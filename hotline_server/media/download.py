"""Downloading a received message's media over HTTP, with a size cap.

Redirects are followed (Twilio answers a media URL with a redirect to its CDN);
httpx2 drops the ``Authorization`` header when a redirect leaves the origin, so
the account's credentials go to the provider's API host only.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

import httpx2

from hotline_server.channels.port import MediaTooLarge, TelephonyError

DEFAULT_MEDIA_MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 15.0
NOT_FOUND = 20404


async def download(
    url: str,
    *,
    max_bytes: int,
    auth: tuple[str, str] | None = None,
) -> tuple[bytes, str]:
    """The body and content type (without parameters, lower case) at ``url``."""
    try:
        async with (
            httpx2.AsyncClient(
                timeout=TIMEOUT_SECONDS, follow_redirects=True, max_redirects=MAX_REDIRECTS
            ) as client,
            client.stream("GET", url, auth=auth) as answer,
        ):
            _check_status(answer.status_code)
            declared = answer.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise MediaTooLarge(max_bytes)
            chunks: list[bytes] = []
            size = 0
            async for chunk in answer.aiter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise MediaTooLarge(max_bytes)
                chunks.append(chunk)
            content_type = answer.headers.get("content-type", "")
    except httpx2.HTTPError as exc:
        raise TelephonyError(None, f"network error: {type(exc).__name__}", permanent=False) from exc
    return b"".join(chunks), content_type.split(";")[0].strip().lower()


def _check_status(status: int) -> None:
    if status in (404, 410):
        raise TelephonyError(NOT_FOUND, f"HTTP {status}: media not found")
    if status != 200:
        raise TelephonyError(None, f"HTTP {status}", permanent=False)


def same_origin(url: str, base_url: str) -> bool:
    u, b = urlsplit(url), urlsplit(base_url)
    return (u.scheme, u.netloc) == (b.scheme, b.netloc)


def is_loopback_url(url: str) -> bool:
    """An http(s) URL on this machine (127.0.0.0/8, ::1 or ``localhost``)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False
