"""`python -m hotline_server kannel-demo`: the demo with a real local Kannel.

It writes a loopback kannel.conf (a fake SMSC instead of a modem) into a temporary
directory outside the project's data, starts bearerbox and smsbox, gives the demo
hotline a Kannel channel pointing at them, and runs the server and worker (`run`)
until interrupted. `simulate sms --via kannel` then texts the hotline as a phone would.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from tortoise import Tortoise

from hotline_server.channels.records import add_channel
from hotline_server.core.clock import SystemClock
from hotline_server.core.crypto import SecretBox
from hotline_server.core.db import migrate, tortoise_config
from hotline_server.devtools.kannel.stack import BEARERBOX, SMSBOX, KannelStack
from hotline_server.models import Channel, ChannelKind, ChannelStatus
from hotline_server.seed import seed_demo
from hotline_server.settings import Settings

STATE_FILE = "kannel-demo.json"  # in spool_dir: the running demo's fake SMSC port
DEMO_NAME = "Kannel (demo)"


def mo_url_line(server: str, public_id: str, secret: str) -> str:
    query = f"secret={secret}&id=%I&ts=%T&smsc=%i&coding=%c&charset=%C"
    return f'post-url = "{server}/kannel/{public_id}/receive?{query}"'


async def demo_channel(
    settings: Settings,
    secret: str,
    options: dict[str, str],
    password: str = "",
    *,
    only: bool = False,
) -> str:
    """The demo hotline's Kannel channel (created once), with this run's secret and ports;
    `only`: the hotline's other channels are switched off."""
    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        hotline = (await seed_demo(settings))[0]
        box = SecretBox(settings.phone_key.get_secret_value())
        credentials = {"username": "hotline", "password": password, "secret": secret}
        channel = await Channel.filter(hotline=hotline, kind=ChannelKind.KANNEL).first()
        if channel is None:
            channel = await add_channel(
                box, hotline.id, ChannelKind.KANNEL, "8088", SystemClock().now(),
                credentials=credentials, options=options, name=DEMO_NAME,
            )  # fmt: skip
        channel.credentials_enc = box.seal(credentials)
        channel.options = {**(channel.options or {}), **options}
        channel.status = ChannelStatus.ACTIVE
        await channel.save()
        if only:
            others = Channel.filter(hotline=hotline).exclude(id=channel.id)
            await others.update(status=ChannelStatus.OFF)
        return channel.public_id
    finally:
        await Tortoise.close_connections()


def kannel_demo(settings: Settings) -> int:
    missing = [p for p in (BEARERBOX, SMSBOX) if not os.access(p, os.X_OK)]
    if missing:
        print("Kannel is not installed: apt-get install kannel kannel-extras", file=sys.stderr)
        return 2
    state = Path(settings.spool_dir) / STATE_FILE
    asyncio.run(migrate(settings.database_url))
    server = f"http://127.0.0.1:{settings.port}"
    secret = secrets.token_urlsafe(18)
    public_id = asyncio.run(demo_channel(settings, secret, {}))
    workdir = Path(tempfile.mkdtemp(prefix="hotline-kannel-"))
    stack = KannelStack(workdir, mo_url_line(server, public_id, secret))
    options = {"sendsms_url": stack.sendsms_url}
    asyncio.run(demo_channel(settings, secret, options, stack.password))
    try:
        stack.start_bearerbox()
        stack.start_smsbox()
        state.parent.mkdir(parents=True, exist_ok=True)
        state.write_text(json.dumps({"smsc_port": stack.fake_port, "receiver": "8088"}))
        print(f"Kannel runs in {workdir}; text the hotline with:", flush=True)
        print('  python -m hotline_server simulate sms --via kannel --from 0912345678 "..."')
        return _run_server({**os.environ, "HOTLINE_PUBLIC_BASE_URL": server})
    finally:
        state.unlink(missing_ok=True)
        stack.stop()


def _run_server(env: dict[str, str]) -> int:
    """`run` (web and worker) until it ends or this process is interrupted or terminated."""
    argv = [sys.executable, "-m", "hotline_server", "run"]
    proc = subprocess.Popen(argv, env=env)  # noqa: S603 - our own interpreter and module

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        proc.wait(40)
        return 0


def simulate_via_kannel(
    settings: Settings, sender: str, body: str, wait: float, port: int | None
) -> int:
    from hotline_server.devtools.kannel.fakesmsc import send_through_fakesmsc

    path = Path(settings.spool_dir) / STATE_FILE
    state = json.loads(path.read_text()) if path.exists() else {}
    port = port or state.get("smsc_port")
    if not port:
        print(
            "no Kannel demo running: start `python -m hotline_server kannel-demo`", file=sys.stderr
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="hotline-fakesmsc-") as scratch:
        receiver = str(state.get("receiver", "8088"))
        texts = send_through_fakesmsc(
            int(port), sender, receiver, body, wait=wait, scratch=Path(scratch)
        )
    for text in texts:
        print(text)
    return 0 if texts else 1
