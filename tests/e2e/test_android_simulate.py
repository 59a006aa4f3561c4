"""`simulate sms --via android` against the real server and worker, through the fake gateway
process: the signed webhook becomes a case, and the answer reaches the phone at once."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from pathlib import Path

import pytest
from tortoise import Tortoise

from hotline_server.channels.records import add_channel
from hotline_server.core.clock import SystemClock
from hotline_server.core.crypto import SecretBox
from hotline_server.core.db import tortoise_config
from hotline_server.devtools.simulate.processes import (
    ROOT,
    free_port,
    local_url,
    spawn,
    stop,
    wait_ready,
)
from hotline_server.models import ChannelKind, Hotline
from hotline_server.settings import load_settings
from tests.e2e.live import live_server

pytestmark = pytest.mark.e2e
PASSWORD, KEY = "mat-khau-cong-e2e", "khoa-ky-e2e-0123456789"


async def _phone_channel(database: Path, gateway: str) -> None:
    await Tortoise.init(config=tortoise_config(f"sqlite://{database}"))
    try:
        hotline = await Hotline.get(number="+84919697575")
        key = load_settings(dev_mode=True).phone_key.get_secret_value()
        await add_channel(
            SecretBox(key), hotline.id, ChannelKind.ANDROID_GATEWAY, hotline.number,
            SystemClock().now(), credentials={"login": "sms", "password": PASSWORD,
            "signing_key": KEY}, options={"base_url": gateway}, sim_slot=1, position=0,
        )  # fmt: skip
    finally:
        await Tortoise.close_connections()


def test_a_text_through_the_android_phone_is_answered_on_it(tmp_path: Path) -> None:
    port = free_port()
    argv = [sys.executable, "-m", "hotline_server.devtools.fake_android_gateway", "--port",
            str(port), "--password", PASSWORD, "--signing-key", KEY]  # fmt: skip
    gateway = spawn(argv, None, tmp_path / "gateway.log")
    try:
        wait_ready(local_url(port) + "/health", gateway)
        with live_server(tmp_path) as server:
            asyncio.run(_phone_channel(server.database, local_url(port)))
            done = subprocess.run(
                [sys.executable, "-m", "hotline_server", "simulate", "sms", "--via", "android",
                 "--from", "0912345678", "Xe tải chở cát quá tải qua cầu Km12"],
                env=server.env, cwd=ROOT, capture_output=True, text=True, timeout=60,
                check=False,
            )  # fmt: skip
            assert done.returncode == 0, done.stderr
            assert re.search(r"HT-[0-9A-Z]{4}", done.stdout), done.stdout
    finally:
        stop(gateway)
