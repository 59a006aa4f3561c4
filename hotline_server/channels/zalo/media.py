"""Photos citizens send on Zalo: fetched from the event's ``payload.url``, only from Zalo.

The URL comes in a signed event, yet the server fetches only https addresses on Zalo's
own hosts (its CDN answers photos from ``*.zdn.vn`` and ``*.zadn.vn``), or from the
configured OA API's origin (the fake Zalo server in tests and demos). No credentials
go with the request: Zalo's photo links are public for a while.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from hotline_server.channels.port import TelephonyError
from hotline_server.media.download import download, same_origin

ZALO_HOSTS = ("zdn.vn", "zadn.vn", "zalo.me", "zaloapp.com")


def is_zalo_url(url: str, openapi_base_url: str) -> bool:
    if same_origin(url, openapi_base_url):
        return True
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and any(host == h or host.endswith("." + h) for h in ZALO_HOSTS)


async def fetch_zalo_media(url: str, openapi_base_url: str, max_bytes: int) -> tuple[bytes, str]:
    if not is_zalo_url(url, openapi_base_url):
        raise TelephonyError(None, "media URL is not on Zalo's hosts", permanent=True)
    return await download(url, max_bytes=max_bytes)
