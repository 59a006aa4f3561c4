"""Waking the worker at once when the web process stores work that cannot wait for a poll.

A text on a channel without inline replies (Kannel, the Android phone) is answered by
the worker: the webhook sends one UDP datagram to the worker's wake port on 127.0.0.1
after the text is committed, and the worker polls the tasks table at once. It works
the same on SQLite and PostgreSQL; a lost datagram costs one poll interval, never a
text (the task is in the database either way). With several workers on one host each
binds the port with SO_REUSEPORT and the kernel hands each datagram to one of them.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Callable

log = logging.getLogger(__name__)
WAKE = b"w"


class WakeSender:
    """The web side: fire and forget; nothing listening is not an error."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._sock: socket.socket | None = None

    def wake(self) -> None:
        if not self.port:
            return
        try:
            if self._sock is None:
                self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                self._sock.setblocking(False)
            self._sock.sendto(WAKE, ("127.0.0.1", self.port))
        except OSError as exc:
            log.debug("worker wake not sent (%s)", type(exc).__name__)

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None


class _Protocol(asyncio.DatagramProtocol):
    def __init__(self, on_wake: Callable[[], None]) -> None:
        self.on_wake = on_wake

    def datagram_received(self, data: bytes, addr: tuple[str | object, int]) -> None:
        if data == WAKE:
            self.on_wake()


async def listen_for_wakes(port: int, on_wake: Callable[[], None]) -> asyncio.BaseTransport | None:
    """The worker side; None when the port cannot be bound (the poll still finds the work)."""
    if not port:
        return None
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(("127.0.0.1", port))
    except OSError as exc:
        sock.close()
        log.warning("worker wake port %s not bound (%s): polling only", port, exc.strerror)
        return None
    loop = asyncio.get_running_loop()
    transport, _ = await loop.create_datagram_endpoint(lambda: _Protocol(on_wake), sock=sock)
    log.info("worker woken by datagrams on 127.0.0.1:%s", port)
    return transport
