"""Zalo's OA API: consultation messages (``/v3.0/oa/message/cs``) and token refresh.

Zalo answers errors with HTTP 200 and a negative ``error`` code; each code the
hotline acts on is in ``ERRORS``. A refresh token works once: the caller keeps the
pair it gets back (``tokens.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import httpx2

OPENAPI_BASE = "https://openapi.zalo.me"
OAUTH_BASE = "https://oauth.zaloapp.com"
SEND_PATH = "/v3.0/oa/message/cs"
TOKEN_PATH = "/v4/oa/access_token"  # noqa: S105 (a path, not a secret)
MAX_TEXT = 2000


class ErrorKind(StrEnum):
    TOKEN = "token"  # noqa: S105 (refresh the access token, then try once more)
    WINDOW = "window"  # the citizen has not written recently enough: another channel
    PERMANENT = "permanent"  # this message cannot go to this user on Zalo
    RETRY = "retry"  # rate limit or a passing failure


ERRORS: dict[int, ErrorKind] = {
    -216: ErrorKind.TOKEN,  # access token is invalid
    -220: ErrorKind.TOKEN,  # access token is expired or removed
    -230: ErrorKind.WINDOW,  # user has not interacted with the OA in the past 7 days
    -232: ErrorKind.WINDOW,  # user has not interacted, or the interaction expired
    -211: ErrorKind.WINDOW,  # out of quota
    -213: ErrorKind.PERMANENT,  # user has not followed the OA
    -201: ErrorKind.PERMANENT,  # a parameter is invalid (user id, text)
    -227: ErrorKind.PERMANENT,  # user inactive or banned
    -244: ErrorKind.PERMANENT,  # user restricted this message type
    -248: ErrorKind.PERMANENT,  # content policy
    -32: ErrorKind.RETRY,  # rate limit
}


class ZaloError(Exception):
    def __init__(self, code: int | None, message: str) -> None:
        super().__init__(f"zalo {code}: {message}")
        self.code = code
        self.message = message

    @property
    def kind(self) -> ErrorKind:
        return ERRORS.get(self.code, ErrorKind.RETRY) if self.code is not None else ErrorKind.RETRY


class ZaloUnreachable(ZaloError):
    """No answer from Zalo (network, 5xx): nothing was refused, try again later."""

    def __init__(self, message: str) -> None:
        super().__init__(None, message)


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int  # seconds


class ZaloClient:
    def __init__(
        self,
        http: httpx2.AsyncClient,
        *,
        app_id: str,
        app_secret: str,
        openapi_base: str = OPENAPI_BASE,
        oauth_base: str = OAUTH_BASE,
    ) -> None:
        self.http = http
        self.app_id = app_id
        self.app_secret = app_secret
        self.openapi_base = openapi_base.rstrip("/")
        self.oauth_base = oauth_base.rstrip("/")

    async def send_text(self, access_token: str, user_id: str, text: str) -> str:
        """Send a consultation text; returns Zalo's message id. Raises ``ZaloError``."""
        body = {"recipient": {"user_id": user_id}, "message": {"text": text[:MAX_TEXT]}}
        data = await self._post_json(
            self.openapi_base + SEND_PATH, body, {"access_token": access_token}
        )
        result = data.get("data")
        if not isinstance(result, dict) or not result.get("message_id"):
            raise ZaloError(None, "answer without a message id")
        return str(result["message_id"])

    async def refresh(self, refresh_token: str) -> TokenPair:
        try:
            response = await self.http.post(
                self.oauth_base + TOKEN_PATH,
                data={
                    "app_id": self.app_id,
                    "refresh_token": refresh_token,
                    "grant_type": "refresh_token",
                },
                headers={"secret_key": self.app_secret},
            )
        except httpx2.HTTPError as exc:
            raise ZaloUnreachable(f"token refresh failed: {type(exc).__name__}") from exc
        data = _json(response)
        if not data.get("access_token") or not data.get("refresh_token"):
            raise ZaloError(_code(data), str(data.get("error_name") or "token refresh refused"))
        try:
            expires_in = int(str(data.get("expires_in", "0")))
        except ValueError:
            expires_in = 0
        return TokenPair(str(data["access_token"]), str(data["refresh_token"]), expires_in)

    async def _post_json(
        self, url: str, body: dict[str, Any], headers: dict[str, str]
    ) -> dict[str, Any]:
        try:
            response = await self.http.post(url, json=body, headers=headers)
        except httpx2.HTTPError as exc:
            raise ZaloUnreachable(f"request failed: {type(exc).__name__}") from exc
        data = _json(response)
        code = _code(data)
        if code:
            raise ZaloError(code, str(data.get("message", "")))
        return data


def _json(response: httpx2.Response) -> dict[str, Any]:
    if response.status_code >= 500:
        raise ZaloUnreachable(f"HTTP {response.status_code}")
    try:
        data = response.json()
    except ValueError as exc:
        raise ZaloError(None, f"HTTP {response.status_code}, not JSON") from exc
    if not isinstance(data, dict):
        raise ZaloError(None, "answer is not a JSON object")
    return data


def _code(data: dict[str, Any]) -> int | None:
    raw = data.get("error")
    if raw is None:
        return None
    try:
        return int(str(raw))
    except ValueError:
        return None
