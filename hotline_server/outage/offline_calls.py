"""What the web process remembers of calls it runs without the database.

A call that took one step during an outage keeps going offline in this
process until it ends, so its steps are replayed in the order they happened.
The officer's key press (``/screen/answer``) is remembered here for the dial
action that follows; a case code read to a caller is derived from the
``CallSid`` with a secret key, so a retried webhook (or another process)
reads the same code.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from pathlib import Path

from hotline_server.cases.codes import new_code
from hotline_server.core.crypto import PhoneVault
from hotline_server.outage.call_spool import CallSpool
from hotline_server.outage.roster_snapshot import RosterSnapshots

KEEP_SECONDS = 6 * 3600
MAX_CALLS = 10_000


class OfflineCalls:
    def __init__(self, spool_dir: Path, code_key: bytes, vault: PhoneVault) -> None:
        self.spool = CallSpool(spool_dir, vault)
        self.rosters = RosterSnapshots(spool_dir, vault)
        self._code_key = code_key
        self._calls: dict[str, float] = {}
        self._accepted: dict[tuple[str, int], bool] = {}

    def adopt(self, call_sid: str) -> None:
        if call_sid not in self._calls and len(self._calls) >= MAX_CALLS:
            self._forget_old()
        self._calls[call_sid] = time.monotonic()

    def owns(self, call_sid: str) -> bool:
        since = self._calls.get(call_sid)
        return since is not None and time.monotonic() - since < KEEP_SECONDS

    def accept(self, call_sid: str, tier: int, accepted: bool) -> None:
        self._accepted[(call_sid, tier)] = accepted

    def accepted(self, call_sid: str, tier: int) -> bool:
        return self._accepted.get((call_sid, tier), False)

    def local_code(self, call_sid: str) -> str:
        """A case code for this call, the same on every request about it."""
        digest = iter(hmac.new(self._code_key, call_sid.encode(), hashlib.sha256).digest())
        return new_code(lambda n: next(digest) % n)

    def _forget_old(self) -> None:
        cutoff = time.monotonic() - KEEP_SECONDS
        for sid, since in list(self._calls.items()):
            if since < cutoff:
                del self._calls[sid]
                for tier in range(16):
                    self._accepted.pop((sid, tier), None)
