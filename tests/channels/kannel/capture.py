"""A stdlib HTTP server on 127.0.0.1 that keeps every request as Kannel sent it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Captured:
    method: str
    target: str  # the request-target exactly as sent: path and raw query
    headers: dict[str, str]
    body: bytes

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    @property
    def query(self) -> bytes:
        return self.target.partition("?")[2].encode("ascii")


class _Handler(BaseHTTPRequestHandler):
    server: CaptureServer

    def _take(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.keep(Captured(self.command, self.path, dict(self.headers), body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = _take
    do_POST = _take

    def log_message(self, format: str, *args: object) -> None:
        return None


class CaptureServer(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.port = int(self.server_address[1])
        self.requests: list[Captured] = []
        self._cv = threading.Condition()

    def keep(self, request: Captured) -> None:
        with self._cv:
            self.requests.append(request)
            self._cv.notify_all()

    def wait_for(self, match: Callable[[Captured], bool], timeout: float = 10.0) -> Captured:
        deadline = time.monotonic() + timeout
        with self._cv:
            while True:
                found = [r for r in self.requests if match(r)]
                if found:
                    return found[0]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("no such request arrived")
                self._cv.wait(left)


@contextmanager
def serving_in_thread(server: ThreadingHTTPServer) -> Iterator[None]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def capturing() -> Iterator[CaptureServer]:
    server = CaptureServer()
    with serving_in_thread(server):
        yield server
