"""The HTTP client the twilio library talks through.

It optionally sends every request to another base URL (the fake Twilio server
in tests), keeping path and query, and sets the Basic ``Authorization`` header
itself (aiohttp's ``BasicAuth`` is deprecated). The twilio library's own request
logging would print query strings with phone numbers at INFO; here it goes to
DEBUG without them.
"""

from __future__ import annotations

import logging
from base64 import b64encode
from urllib.parse import urlsplit, urlunsplit

from aiohttp import ClientSession, ClientTimeout
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.response import Response

logger = logging.getLogger(__name__)


def basic_authorization(username: str, password: str) -> str:
    token = b64encode(f"{username}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


def rebase_url(url: str, base_url: str) -> str:
    """Keep path, query and fragment of ``url``; take scheme and host from ``base_url``."""
    u, b = urlsplit(url), urlsplit(base_url)
    return urlunsplit((b.scheme, b.netloc, u.path, u.query, u.fragment))


class RebasingHttpClient(AsyncTwilioHttpClient):  # type: ignore[misc]
    """``AsyncTwilioHttpClient`` with an optional base URL; create it inside the running loop."""

    def __init__(self, base_url: str | None = None, timeout: float = 10.0) -> None:
        super().__init__(pool_connections=False, logger=logger)
        self.base_url = base_url
        self.session = ClientSession(timeout=ClientTimeout(total=timeout))

    async def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 (the twilio library passes it)
        allow_redirects: bool = False,
    ) -> Response:
        headers = dict(headers or {})
        if auth is not None:
            headers["Authorization"] = basic_authorization(*auth)
        if self.base_url:
            url = rebase_url(url, self.base_url)
        # No ``auth`` for the parent (it would use aiohttp's BasicAuth): the header has it.
        response: Response = await super().request(
            method, url, params, data, headers, timeout=timeout, allow_redirects=allow_redirects
        )
        return response

    def log_request(self, kwargs: dict[str, object]) -> None:
        logger.debug("twilio request %s %s", kwargs["method"], urlsplit(str(kwargs["url"])).path)

    def log_response(self, status_code: int, response: object) -> None:
        logger.debug("twilio response %s", status_code)

    async def close(self) -> None:
        await self.session.close()
