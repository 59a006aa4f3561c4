"""A TCP proxy on 127.0.0.1 that a test can cut and restore, to play a database outage."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator


class CuttableProxy:
    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._links: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._link, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        """Refuse new connections and reset the open ones."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._links):
            writer.transport.abort()
        self._links.clear()

    async def restore(self) -> None:
        await self.start()

    async def _link(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._links.update((writer, up_writer))
        await asyncio.gather(
            _pipe(reader, up_writer), _pipe(up_reader, writer), return_exceptions=True
        )
        self._links.difference_update((writer, up_writer))


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        with contextlib.suppress(Exception):
            writer.transport.abort()


@contextlib.asynccontextmanager
async def proxied_database(proxy: CuttableProxy) -> AsyncIterator[str]:
    """A fresh migrated PostgreSQL database reached through ``proxy``, so a test can cut it."""
    from tortoise.backends.base.executor import EXECUTOR_CACHE

    from hotline_server.core.db import migrate
    from tests.conftest import _create_pg_database, _drop_pg_database

    EXECUTOR_CACHE.clear()
    name = await _create_pg_database()
    try:
        await migrate(f"postgres://postgres@127.0.0.1:5432/{name}")
        yield f"postgres://postgres@127.0.0.1:{proxy.port}/{name}"
    finally:
        await _drop_pg_database(name)
