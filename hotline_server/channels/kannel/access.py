"""Who may call a Kannel channel's URLs: the channel's secret, and its source addresses.

smsbox cannot sign its requests, so each channel has a secret that Kannel's config puts
in the URLs it calls (`secret=` in the query, never logged: the access log drops query
strings), compared in constant time; an optional allowlist of source addresses
(`allow_from`, comma-separated) narrows it further.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass


@dataclass(frozen=True)
class KannelEndpoint:
    channel_id: int
    hotline_id: int
    hotline_number: str  # the hotline the channel's texts are for, whatever %P says
    secret: str
    allow_from: frozenset[str] = frozenset()  # source addresses; empty: any

    def admits(self, secret: str, client: str | None) -> bool:
        if not self.secret or not hmac.compare_digest(secret.encode(), self.secret.encode()):
            return False
        return not self.allow_from or client in self.allow_from


def allowlist(raw: str) -> frozenset[str]:
    return frozenset(part.strip() for part in raw.split(",") if part.strip())
