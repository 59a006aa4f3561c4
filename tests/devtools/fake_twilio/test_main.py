"""The fake as its own process, as end-to-end runs start it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from hotline_server.channels.port import SmsRequest
from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.devtools.simulate.processes import fake_twilio_argv, free_port, local_url
from tests.devtools.fake_twilio.support import ACCOUNT_SID, AUTH_TOKEN, CITIZEN, HOTLINE


async def wait_for_port(port: int, process: asyncio.subprocess.Process) -> None:
    async with asyncio.timeout(20):
        while process.returncode is None:
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                await asyncio.sleep(0.05)
                continue
            writer.close()
            await writer.wait_closed()
            return
    raise AssertionError(f"fake exited with {process.returncode}")


@pytest.fixture
async def process_url() -> AsyncIterator[str]:
    port = free_port()
    process = await asyncio.create_subprocess_exec(*fake_twilio_argv(port, ACCOUNT_SID, AUTH_TOKEN))
    try:
        await wait_for_port(port, process)
        yield local_url(port)
    finally:
        process.terminate()
        async with asyncio.timeout(10):
            await process.wait()


async def test_the_module_serves_the_api(process_url: str) -> None:
    async with TwilioTelephony(ACCOUNT_SID, AUTH_TOKEN, api_base_url=process_url) as adapter:
        sent = await adapter.send_sms(SmsRequest(CITIZEN, HOTLINE, "xin chào"))
        assert (await adapter.fetch_message(sent.sid)).sid == sent.sid
