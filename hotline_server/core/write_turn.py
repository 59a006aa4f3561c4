"""Writers of one SQLite file take turns, woken the moment the file is free.

SQLite lets one writer at a time hold a file; a writer that finds it taken sleeps in
its busy handler (1, 2, 5 ... then 100 ms at a time) and tries again. When the web
process commits one group-commit batch right after the other, the worker's claim
almost never tries in a gap and waits seconds. So every writer of ours first takes an
exclusive `flock` on `<file>-turn` and holds it until its write ends: a waiting writer
sleeps in the kernel and is woken when the turn is let go, before the committer has
gathered its next batch. SQLite's own lock stays the guard of correctness (a writer
without a turn, another tool, still waits in the busy handler as before); the turn only
orders our writers fairly.

A `WriteTurn` is one open file description: `flock` on it excludes every other
description, in this process or another, but not itself, so each holder (the ORM's
connection, the batch thread's connection) has its own and takes it only while it
holds its own in-process lock.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import re

_READ = re.compile(r"\s*(SELECT|PRAGMA|EXPLAIN)\b", re.IGNORECASE)


def writes(sql: str) -> bool:
    """Whether the statement may write (anything but a plain read takes the turn)."""
    return _READ.match(sql) is None


def turn_path(filename: str) -> str:
    return filename + "-turn"


class WriteTurn:
    def __init__(self, filename: str) -> None:
        self._fd = os.open(turn_path(filename), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        self.held = False

    def take(self) -> None:
        """Wait (blocking the calling thread) for the turn."""
        if not self.held:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            self.held = True

    async def take_async(self) -> None:
        """Wait for the turn without blocking the event loop (a thread only when taken)."""
        if self.held:
            return
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting = asyncio.get_running_loop().run_in_executor(
                None, fcntl.flock, self._fd, fcntl.LOCK_EX
            )
            try:
                await asyncio.shield(waiting)
            except asyncio.CancelledError:  # the thread still takes it: let it go then
                waiting.add_done_callback(self._give_up)
                raise
        self.held = True

    def _give_up(self, waited: asyncio.Future[None]) -> None:
        if not waited.cancelled() and waited.exception() is None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def give(self) -> None:
        if self.held:
            self.held = False
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        self.give()
        os.close(self._fd)
