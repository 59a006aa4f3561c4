"""Every body has a size limit: 413 before the rest is read, on every route."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx2
import pytest

from hotline_server.settings import Settings

TEN_MB = 10 * 1024 * 1024


class Counted:
    """A 10 MB body sent in 64 KiB chunks, counting what the server pulled."""

    def __init__(self, chunk: bytes = b"a" * 65536) -> None:
        self.chunk = chunk
        self.pulled = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(TEN_MB // len(self.chunk)):
            self.pulled += len(self.chunk)
            yield self.chunk


@pytest.mark.parametrize(
    "path",
    ["/console/login", "/console/cases/HT-7K3Q/note", "/api/v1/cases/HT-7K3Q/notes", "/twilio/sms"],
)
async def test_a_declared_oversized_body_is_refused_unread(
    client: httpx2.AsyncClient, path: str
) -> None:
    body = Counted()
    headers = {"content-type": "application/x-www-form-urlencoded", "content-length": str(TEN_MB)}
    answer = await client.post(path, content=aiter(body), headers=headers)
    assert answer.status_code == 413
    assert body.pulled <= 65536  # the in-process transport reads at most what it must


async def test_a_streamed_body_past_the_limit_is_cut_off(
    client: httpx2.AsyncClient, settings: Settings
) -> None:
    body = Counted(b"username=" + b"a" * 65527)
    headers = {"content-type": "application/x-www-form-urlencoded"}
    answer = await client.post("/console/login", content=aiter(body), headers=headers)
    assert answer.status_code == 413
    assert body.pulled <= settings.max_body_bytes + 2 * 65536


async def test_a_small_form_still_gets_through(client: httpx2.AsyncClient) -> None:
    answer = await client.post("/console/login", data={"username": "x"})
    assert answer.status_code == 403  # CSRF refusal: the body was read
