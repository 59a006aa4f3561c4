"""An HTTP relay between smsbox and the hotline server that can lose answers.

It forwards every request and hands back the server's answer, except for the first
`lose` texts: those reach the server, but smsbox gets a 503 (as if the answer were
lost on the way), so smsbox sends the same text (the same `%I`) again.
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.channels.kannel.capture import serving_in_thread

FORWARDED = ("Content-Type", "X-Kannel-From", "X-Kannel-To", "X-Kannel-Time", "X-Kannel-SMSC")


class _Handler(BaseHTTPRequestHandler):
    server: Relay

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k in FORWARDED if (v := self.headers.get(k)) is not None}
        request = urllib.request.Request(  # noqa: S310 - loopback only
            self.server.target + self.path, data=body, headers=headers, method=self.command
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
                status, content = int(answer.status), answer.read()
        except urllib.error.HTTPError as exc:
            status, content = exc.code, exc.read()
        self.server.seen.append((self.path, status))
        if self.server.take_loss():
            status, content = 503, b"lost"
        self.send_response(status)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    do_GET = _forward
    do_POST = _forward

    def log_message(self, format: str, *args: object) -> None:
        return None


class Relay(ThreadingHTTPServer):
    def __init__(self, target: str, lose: int = 0) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.port = int(self.server_address[1])
        self.target = target
        self.lose = lose
        self.seen: list[tuple[str, int]] = []  # (request target, the server's status)
        self._lock = threading.Lock()

    def take_loss(self) -> bool:
        with self._lock:
            if self.lose <= 0:
                return False
            self.lose -= 1
            return True


@contextmanager
def relaying(target: str, lose: int = 0) -> Iterator[Relay]:
    relay = Relay(target, lose)
    with serving_in_thread(relay):
        yield relay
