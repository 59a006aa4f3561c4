"""Texts out through smsbox's `cgi-bin/sendsms`, with a delivery report URL back to us.

Every text goes as UCS-2 (`coding=2`, our UTF-8 in `charset`): in the default GSM
alphabet Kannel turns most Vietnamese letters into `?`. Kannel splits a long text
into concatenated parts itself (67 characters each); parts beyond the sendsms-user's
`max-messages` are dropped without a word, so a text that needs more parts than the
channel allows is refused here. Kannel gives no message id back, so the id in the
delivery report URL is ours, derived from the text's idempotency key.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from aiohttp import ClientError, ClientSession, ClientTimeout

from hotline_server.channels.kannel.status import DLR_MASK
from hotline_server.channels.outbound import ChannelUnavailable
from hotline_server.channels.port import TelephonyError
from hotline_server.lang.segments import count_segments
from hotline_server.models import MessageStatus

DEFAULT_MAX_PARTS = 10
# smsbox's answers: "0: Accepted for delivery", "3: Queued for later delivery" (the SMSC
# link is down; bearerbox sends it when the link is back).
ACCEPTED = {"0": MessageStatus.QUEUED, "3": MessageStatus.QUEUED}


class KannelUnavailable(ChannelUnavailable):
    """smsbox cannot take the text now (not running, refusing, overloaded): retry later
    or use another channel."""


@dataclass(frozen=True)
class KannelAccount:
    """One Kannel channel's outbound side."""

    sendsms_url: str  # e.g. http://127.0.0.1:13013/cgi-bin/sendsms
    username: str
    password: str
    sender: str  # `from`: the hotline's number as the SIM or the SMSC sends it
    smsc: str = ""  # route through this smsc-id only (`smsc=`), when Kannel has several
    max_parts: int = DEFAULT_MAX_PARTS


def kannel_id(key: str) -> str:
    """Our id for a text sent through Kannel: the same key always gives the same id."""
    return "k" + hashlib.sha256(key.encode()).hexdigest()[:40]


def dlr_url(status_url: str, secret: str, provider_id: str) -> str:
    """The URL Kannel calls with each delivery report (`%d` is the report type)."""
    return f"{status_url}?{urlencode({'secret': secret, 'id': provider_id})}&d=%d"


def sendsms_query(account: KannelAccount, to: str, body: str, report_url: str) -> str:
    params = {
        "username": account.username,
        "password": account.password,
        "from": account.sender,
        "to": to,
        "text": body,
        "coding": "2",
        "charset": "UTF-8",
        "dlr-mask": str(DLR_MASK),
        "dlr-url": report_url,
    }
    if account.smsc:
        params["smsc"] = account.smsc
    return urlencode(params, quote_via=quote)


class KannelSendsms:
    """The HTTP side; one per process, its session created inside the running loop."""

    def __init__(self, timeout: float = 10.0) -> None:
        self.timeout = timeout
        self._session: ClientSession | None = None

    def _client(self) -> ClientSession:
        if self._session is None or self._session.closed:
            self._session = ClientSession(timeout=ClientTimeout(total=self.timeout))
        return self._session

    async def send(
        self, account: KannelAccount, to: str, body: str, report_url: str
    ) -> MessageStatus:
        """Raises KannelUnavailable (try again or elsewhere) or a permanent TelephonyError."""
        parts = count_segments(body)
        if parts > account.max_parts:
            raise TelephonyError(
                None, f"text needs {parts} parts, the channel sends {account.max_parts}",
                permanent=True,
            )  # fmt: skip
        url = account.sendsms_url + "?" + sendsms_query(account, to, body, report_url)
        try:
            async with self._client().get(url) as response:
                answer = (await response.text(errors="replace")).strip()
                code = response.status
        except (TimeoutError, ClientError, OSError) as exc:
            raise KannelUnavailable(f"sendsms unreachable ({type(exc).__name__})") from None
        return _accepted(code, answer)

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()


def _accepted(code: int, answer: str) -> MessageStatus:
    if code in (200, 202):
        status = ACCEPTED.get(answer.split(":", 1)[0].strip())
        if status is not None:
            return status
        raise KannelUnavailable(f"sendsms answered {code} {answer[:80]!r}")
    if code in (401, 403):
        raise KannelUnavailable(f"sendsms refused the channel's credentials ({code})")
    if 400 <= code < 500:
        raise TelephonyError(None, f"sendsms rejected the text: {code} {answer[:80]}",
                             permanent=True)  # fmt: skip
    raise KannelUnavailable(f"sendsms answered {code}")
