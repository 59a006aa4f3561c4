"""`simulate zalo` against the real server and worker, through the fake Zalo process: the
signed event becomes a case, and the acknowledgement with its code comes back on Zalo."""

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
from hotline_server.devtools.fake_zalo import FakeZalo
from hotline_server.devtools.simulate import processes
from hotline_server.models import ChannelKind, Hotline
from hotline_server.settings import load_settings
from tests.e2e.live import live_server

pytestmark = pytest.mark.e2e
REFRESH = "rt-e2e-first"
USER = "2512523625412515"


async def _zalo_channel(database: Path) -> None:
    await Tortoise.init(config=tortoise_config(f"sqlite://{database}"))
    try:
        hotline = await Hotline.get(number="+84919697575")
        key = load_settings(dev_mode=True).phone_key.get_secret_value()
        fake = FakeZalo()
        await add_channel(
            SecretBox(key), hotline.id, ChannelKind.ZALO, fake.oa_id, SystemClock().now(),
            options={"app_id": fake.app_id}, position=0,
            credentials={"oa_secret_key": fake.oa_secret, "app_secret": fake.app_secret,
                         "refresh_token": REFRESH},
        )  # fmt: skip
    finally:
        await Tortoise.close_connections()


def test_a_message_on_zalo_is_answered_on_zalo_with_its_case_code(tmp_path: Path) -> None:
    port = processes.free_port()
    argv = [sys.executable, "-m", "hotline_server.devtools.fake_zalo", "--port", str(port),
            "--refresh-token", REFRESH, "--start", processes.DEV_CLOCK]  # fmt: skip
    fake = processes.spawn(argv, None, tmp_path / "zalo.log")
    try:
        processes.wait_ready(processes.local_url(port) + "/_fake/messages.json", fake)
        zalo = {"HOTLINE_ZALO__OPENAPI_BASE_URL": processes.local_url(port),
                "HOTLINE_ZALO__OAUTH_BASE_URL": processes.local_url(port)}  # fmt: skip
        with live_server(tmp_path, **zalo) as server:
            asyncio.run(_zalo_channel(server.database))
            done = subprocess.run(
                [sys.executable, "-m", "hotline_server", "simulate", "zalo", "--user", USER,
                 "--server", server.url, "Có người đòi tiền xe tải ở chốt Km12"],
                env=server.env, cwd=processes.ROOT, capture_output=True, text=True, timeout=60,
                check=False,
            )  # fmt: skip
            assert done.returncode == 0, done.stderr
            assert re.search(r"HT-[0-9A-Z]{4}", done.stdout), done.stdout
            log = (tmp_path / "server.log").read_text(encoding="utf-8")
            assert USER not in log and "Km12" not in log
    finally:
        processes.stop(fake)
