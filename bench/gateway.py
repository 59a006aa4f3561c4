"""The gateway phase: webhook to gateway send request, for a channel without inline replies.

`python -m bench.gateway [--texts N] [--spacing S]` migrates a fresh SQLite database
with the demo hotline, gives it an Android phone channel served by the fake gateway
(in this process, on 127.0.0.1), starts the web process and the real worker with a
slow poll (`worker_poll_seconds = 2`: only the wake-up datagram can make the answer
fast), and has the fake deliver N signed `sms:received` webhooks from N citizens,
below the channel's pace. For each it measures from the moment the phone starts
posting the webhook to the moment the worker's `POST /messages` for that citizen
reaches the phone. The table goes to `bench/results/gateway.md`.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
import time
from pathlib import Path

import aiohttp
import httpx2
from android_sms_gateway import AsyncAPIClient, Webhook, WebhookEvent
from android_sms_gateway.ahttp import AiohttpAsyncHttpClient
from tortoise import Tortoise

from bench.probes import percentile
from bench.procs import bench_env, start_web
from hotline_server.channels.records import add_channel
from hotline_server.core.clock import SystemClock
from hotline_server.core.crypto import SecretBox
from hotline_server.core.db import tortoise_config
from hotline_server.devtools.fake_android_gateway import (
    build_fake_gateway,
    http_poster,
    running_fake_gateway,
)
from hotline_server.devtools.simulate.processes import (
    ROOT,
    free_port,
    migrate_and_seed,
    spawn,
    stop,
    worker_argv,
)
from hotline_server.models import ChannelKind, Hotline

LOGIN, PASSWORD, KEY = "sms", "bench-gateway-password", "bench-signing-key-0123456789"
TARGET_P99 = 1.0


async def _add_channel(db_url: str, phone_key: str, gateway_url: str) -> str:
    await Tortoise.init(config=tortoise_config(db_url))
    try:
        hotline = await Hotline.first()
        assert hotline is not None
        channel = await add_channel(
            SecretBox(phone_key), hotline.id, ChannelKind.ANDROID_GATEWAY, hotline.number,
            SystemClock().now(), credentials={"login": LOGIN, "password": PASSWORD,
            "signing_key": KEY}, options={"base_url": gateway_url}, sim_slot=1, position=0,
            per_minute=600.0, hourly_cap=None, daily_cap=None,
        )  # fmt: skip
        return channel.public_id
    finally:
        await Tortoise.close_connections()


async def _register(gateway_url: str, webhook_url: str) -> None:
    async with aiohttp.ClientSession() as session:
        api = AsyncAPIClient(LOGIN, PASSWORD, base_url=gateway_url,
                             http_client=AiohttpAsyncHttpClient(session))  # fmt: skip
        for event in (WebhookEvent.SMS_RECEIVED, WebhookEvent.SMS_SENT,
                      WebhookEvent.SMS_DELIVERED):  # fmt: skip
            await api.create_webhook(Webhook(id=None, url=webhook_url, event=event))


async def run(texts: int, spacing: float, tmp: Path) -> list[float]:
    port = free_port()
    env = bench_env(tmp, port, HOTLINE_WORKER_POLL_SECONDS="2")
    migrate_and_seed(env)
    async with httpx2.AsyncClient(timeout=30) as poster:
        fake = build_fake_gateway(LOGIN, PASSWORD, KEY, http_poster(poster), retries=1)
        async with running_fake_gateway(fake) as gateway_url:
            key = env.get("HOTLINE_PHONE_KEY") or _toml_phone_key()
            public_id = await _add_channel(env["HOTLINE_DATABASE_URL"], key, gateway_url)
            web = start_web(env, port, tmp / "web.log")
            worker = spawn(worker_argv(), env, tmp / "worker.log")
            try:
                await asyncio.sleep(3)  # the worker binds its wake port
                await _register(gateway_url, f"http://127.0.0.1:{port}/android/{public_id}/events")
                return await _measure(fake, texts, spacing)
            finally:
                stop(worker)
                stop(web)


async def _measure(fake: object, texts: int, spacing: float) -> list[float]:
    from hotline_server.devtools.fake_android_gateway.fake import FakeGateway

    assert isinstance(fake, FakeGateway)
    started: dict[str, float] = {}
    for n in range(texts):
        sender = f"+8491{n:07d}"
        started[sender] = time.monotonic()
        await fake.receive(sender, f"Phản ánh số {n}: xe quá tải qua cầu", 1)
        await asyncio.sleep(spacing)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        answered = {m.phone_numbers[0]: m.accepted_at for m in fake.messages.values()
                    if m.phone_numbers[0] in started}  # fmt: skip
        if len(answered) == texts:
            break
        await asyncio.sleep(0.2)
    return [answered[s] - t for s, t in started.items() if s in answered]


def _toml_phone_key() -> str:
    import tomllib

    return str(tomllib.loads((ROOT / "settings.toml").read_text())["phone_key"])


def render(latencies: list[float], texts: int) -> str:
    ms = sorted(x * 1000 for x in latencies)
    p99 = percentile(ms, 99) if ms else float("nan")
    verdict = "met" if ms and len(ms) == texts and p99 <= TARGET_P99 * 1000 else "**missed**"
    return "\n".join([
        "| phase | texts | answered | p50 ms | p99 ms | max ms | target |",
        "|---|---|---|---|---|---|---|",
        f"| Android webhook → gateway send | {texts} | {len(ms)} | "
        f"{percentile(ms, 50):.0f} | {p99:.0f} | {max(ms, default=float('nan')):.0f} | "
        f"p99 ≤ 1,000 ms: {verdict} |",
    ])  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gateway")
    parser.add_argument("--texts", type=int, default=60)
    parser.add_argument("--spacing", type=float, default=0.5, help="seconds between texts")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="hotline-bench-gateway-"))
    try:
        latencies = asyncio.run(run(args.texts, args.spacing, tmp))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    table = render(latencies, args.texts)
    print(table)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "gateway.md").write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
