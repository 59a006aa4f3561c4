"""uvicorn's access log of the app never shows a query string (it carries personal data)."""

from __future__ import annotations

import asyncio
import logging
import socket

import httpx2
import pytest
import uvicorn
from starlette.applications import Starlette

from ivr_flows import CallState, Officer, Phase, encode_state

OFFICER_PHONE = "+84913000111"
CITIZEN_PHONE = "0912345678"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _state_token() -> str:
    officer = Officer(id=7, phone=OFFICER_PHONE, name="Nguyen Van A", is_director=True)
    return encode_state(CallState(hotline="+84919697575", phase=Phase.RINGING, tiers=(officer,)))


async def test_access_log_leaves_out_query_strings(
    app: Starlette, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="uvicorn.access")
    port = _free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, lifespan="off", log_config=None, ws="none"
    )
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    try:
        for _ in range(500):
            if server.started:
                break
            await asyncio.sleep(0.01)
        async with httpx2.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            await client.get("/console/nowhere", params={"q": CITIZEN_PHONE})
            await client.post("/twilio/voice/dial", params={"s": _state_token()})
    finally:
        server.should_exit = True
        await serving
    lines = [r.getMessage() for r in caplog.records if r.name == "uvicorn.access"]
    assert any("/console/nowhere" in line for line in lines), lines
    assert any("/twilio/voice/dial" in line for line in lines), lines
    assert not any("?" in line for line in lines), lines
    assert CITIZEN_PHONE not in caplog.text and _state_token() not in caplog.text
