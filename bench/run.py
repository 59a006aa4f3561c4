"""`python -m bench.run [--database sqlite|postgres]`: the load benchmark (README, "Performance").

The ceiling: a bare Starlette route (`bench.ceiling`: reads the body, answers fixed
TwiML) on the same uvicorn setup and core, measured just before each phase at its
connections. Then uvicorn as the
Procfile runs it (uvloop, httptools; pinned to core 0 when there are two) on a fresh,
migrated database (SQLite, or `hotline_bench` on the local PostgreSQL) with the demo
hotline, and the worker (timed, core 1). wrk (core 1) replays pre-signed Twilio SMS
webhooks, the Android gateway's signed `sms:received` webhooks, texts as Kannel's
smsbox posts them, and Twilio voice webhooks, at 10 and 50 connections; each phase is
reported as a share of the ceiling measured just before it. Prints a Markdown table
and writes bench/results/latest.*.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from bench.android import android_channel, fake_phone, write_android_requests
from bench.database import bench_database
from bench.kannel import kannel_channel, write_kannel_requests
from bench.notices import BENCH_SETTINGS, WINDOW_S, render_notices, team_notices
from bench.probes import enqueue_probes, percentile, read_starts
from bench.procs import (
    RssSampler,
    bench_env,
    rss_mb,
    settings_of,
    start_ceiling,
    start_web,
    start_worker,
)
from bench.report import Lateness, Measured, Restart, RunInfo, render
from bench.requests import write_requests
from bench.wrk import LoadResult, run_wrk
from hotline_server.devtools.simulate.processes import (
    DEV_SECRETS,
    ROOT,
    free_port,
    migrate_and_seed,
    stop,
)
from hotline_server.settings_secrets import dev_secrets

HOTLINE = "+84919697575"
ACCOUNT_SID = "AC00000000000000000000000000000000"
KINDS = ("sms", "android", "kannel", "voice")
PHASES = tuple((kind, conns) for kind in KINDS for conns in (10, 50))
POOL_PER_SECOND = 3000


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--seconds", type=int, default=30, help="length of each SMS phase")
    parser.add_argument("--voice-seconds", type=int, default=15, help="length of each other phase")
    parser.add_argument("--ceiling-seconds", type=int, default=5, help="before each phase")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--citizens", type=int, default=20_000, help="distinct senders")
    parser.add_argument("--port", type=int, default=0, help="the web's port (default: a free one)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--keep", action="store_true", help="keep the database and logs")
    parser.add_argument("--only", choices=KINDS, help="run one kind of phase")
    return parser.parse_args()


def _phase(tmp: Path, args: argparse.Namespace, kind: str, conns: int, seed: int) -> LoadResult:
    seconds = args.seconds if kind == "sms" else args.voice_seconds
    pool = seconds * POOL_PER_SECOND
    if kind == "kannel":
        return _kannel_phase(tmp, args, conns, seed, seconds)
    if kind == "android":
        return _android_phase(tmp, args, conns, seed, seconds)
    path = "/twilio/sms" if kind == "sms" else "/twilio/voice"
    base = f"http://127.0.0.1:{args.port}"
    requests = write_requests(
        tmp / f"{kind}-{conns}.txt",
        kind=kind,
        count=pool,
        url=base + path,
        token=dev_secrets(DEV_SECRETS)["twilio.auth_token"],
        hotline=HOTLINE,
        account_sid=ACCOUNT_SID,
        citizens=args.citizens,
        seed=seed,
    )
    return run_wrk(f"{kind} webhook", base, path, requests, pool, conns, seconds)


def _kannel_phase(
    tmp: Path, args: argparse.Namespace, conns: int, seed: int, seconds: int
) -> LoadResult:
    """smsbox's post-url requests to a Kannel channel (texts in, answers left to the worker)."""
    pool = seconds * POOL_PER_SECOND
    public_id, secret = args.kannel_channel
    requests = write_kannel_requests(
        tmp / f"kannel-{conns}.txt", count=pool, public_id=public_id, secret=secret,
        citizens=args.citizens, seed=seed,
    )  # fmt: skip
    base = f"http://127.0.0.1:{args.port}"
    path = f"/kannel/{public_id}/receive"
    return run_wrk("kannel webhook", base, path, requests, pool, conns, seconds,
                   kind="kannel")  # fmt: skip


def _android_phase(
    tmp: Path, args: argparse.Namespace, conns: int, seed: int, seconds: int
) -> LoadResult:
    """The hotline phone's signed `sms:received` webhooks (answers left to the worker)."""
    pool = seconds * POOL_PER_SECOND
    requests = write_android_requests(
        tmp / f"android-{conns}.txt", count=pool, citizens=args.citizens, seed=seed
    )
    base = f"http://127.0.0.1:{args.port}"
    path = f"/android/{args.android_channel}/events"
    return run_wrk("Android gateway webhook", base, path, requests, pool, conns, seconds,
                   kind="android")  # fmt: skip


class Ceiling:
    """The bare route (`bench.ceiling`) on the web's uvicorn setup and core, measured just
    before each phase at the phase's connections, so that a share compares two figures
    taken under the same machine load."""

    def __init__(self, tmp: Path, args: argparse.Namespace, env: dict[str, str]) -> None:
        self.seconds = args.ceiling_seconds
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.pool = self.seconds * POOL_PER_SECOND * 3
        self.requests = write_requests(
            tmp / "ceiling.txt", kind="sms", count=self.pool, url=self.base + "/twilio/sms",
            token=dev_secrets(DEV_SECRETS)["twilio.auth_token"], hotline=HOTLINE,
            account_sid=ACCOUNT_SID, citizens=args.citizens, seed=100,
        )  # fmt: skip
        self.proc = start_ceiling(env, port, tmp / "ceiling.log")

    def measure(self, conns: int) -> LoadResult:
        found = run_wrk("ceiling (bare Starlette route)", self.base, "/twilio/sms",
                        self.requests, self.pool, conns, self.seconds)  # fmt: skip
        print(f"ceiling c={conns}: {found.rps:.0f} req/s", flush=True)
        return found

    def stop(self) -> None:
        stop(self.proc)


def _lateness(starts_path: Path, skip: int) -> Lateness:
    starts = read_starts(starts_path, skip)
    probes = [s.late_ms for s in starts if s.kind == "bench_probe"]
    every = [s.late_ms for s in starts]
    return Lateness(
        probes=len(probes),
        probe_p50_ms=percentile(probes, 50),
        probe_p99_ms=percentile(probes, 99),
        probe_max_ms=max(probes, default=float("nan")),
        tasks=len(every),
        task_p99_ms=percentile(every, 99),
        task_max_ms=max(every, default=float("nan")),
    )


def _restart(env: dict[str, str], url: str, starts: Path, tmp: Path) -> Restart:
    """Stop the worker, let 50 tasks fall overdue, start it and time their starts."""
    skip = len(read_starts(starts))
    enqueue_probes(url, 50, start_in=0, spacing=0.01)
    time.sleep(2)
    began = time.time()
    worker = start_worker(env, starts, tmp / "worker.log")
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            probes = [s for s in read_starts(starts, skip) if s.kind == "bench_probe"]
            if len(probes) >= 50:
                break
            time.sleep(0.05)
        every = read_starts(starts, skip)
        probes = [s for s in every if s.kind == "bench_probe"]
        first = min((s.at for s in every), default=float("nan")) - began
        last = max((s.at for s in probes), default=float("nan")) - began
        return Restart(first_s=first, probes=len(probes), last_probe_s=last)
    finally:
        stop(worker)


def _exit_on_term(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # the finally blocks stop every process the run started


def main() -> int:
    signal.signal(signal.SIGTERM, _exit_on_term)
    args = _args()
    args.port = args.port or free_port()
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="hotline-bench-"))
    load_before = os.getloadavg()[0]
    peers = contextlib.ExitStack()  # the phone and the Kannel that take the answers
    try:
        url = bench_database(args.database, tmp)
        env = bench_env(tmp, args.port, database_url=url, **BENCH_SETTINGS)
        ceiling = Ceiling(tmp, args, env)
        migrate_and_seed(env)
        settings = settings_of(env)
        args.kannel_channel = peers.enter_context(kannel_channel(settings, tmp))
        args.android_channel = android_channel(settings, peers.enter_context(fake_phone(tmp)))
        starts = tmp / "starts.jsonl"
        web = start_web(env, args.port, tmp / "web.log")
        worker = start_worker(env, starts, tmp / "worker.log")
        results: list[Measured] = []
        try:
            with RssSampler(web.pid) as rss:
                rss_start = rss_mb(web.pid)
                for seed, (kind, conns) in enumerate(PHASES):
                    if args.only and kind != args.only:
                        continue
                    skip = len(read_starts(starts))
                    seconds = args.seconds if kind == "sms" else args.voice_seconds
                    bare = ceiling.measure(conns)
                    enqueue_probes(url, seconds * 5, start_in=8, spacing=0.2)
                    result = _phase(tmp, args, kind, conns, seed)
                    results.append(Measured(result, bare, _lateness(starts, skip), rss_mb(web.pid)))
                    share = result.rps / bare.rps * 100
                    print(f"{result.name} c={conns}: {result.rps:.0f} req/s ({share:.1f} %)",
                          flush=True)  # fmt: skip
            time.sleep(WINDOW_S + 5)  # the last batch window closes and its text goes
            stop(worker)
            notices = team_notices(url)
            restart = _restart(env, url, starts, tmp)
        finally:
            stop(web)
            stop(worker)
            ceiling.stop()
        info = RunInfo(args.database, load_before, os.getloadavg()[0], " ".join(sys.argv[1:]))
        table = render(info, results, rss_start, rss.samples, restart)
        table += "\n" + render_notices(notices)
    finally:
        peers.close()
        if args.keep:
            print(f"database and logs kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(table)
    stem = "latest" if args.database == "sqlite" else f"latest-{args.database}"
    (args.out / f"{stem}.md").write_text(table + "\n", encoding="utf-8")
    raw_results = [asdict(m) | {"share": m.share} for m in results]
    (args.out / f"{stem}.json").write_text(json.dumps(raw_results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
