"""`simulate sms --via kannel`: a text from a phone through a running Kannel's fake SMSC.

It runs Kannel's own `fakesmsc` (from `kannel-extras`) against the fake SMSC port of
`kannel-demo`, sends one text as UCS-2 (as a phone sends Vietnamese), and prints the
texts the phone receives back within the wait (the acknowledgement with the case code).
"""

from __future__ import annotations

import re
import signal
import subprocess
import time
import urllib.parse
from pathlib import Path

from hotline_server.devtools.kannel.stack import FAKESMSC, MtLine, whole_texts

# fakesmsc logs each text it receives: "... Got message 1: <8088 0912... ucs-2 %01...>"
GOT = re.compile(rb"Got message \d+: <(.*)>\s*$")


def fakesmsc_argv(port: int, sender: str, receiver: str, text: str) -> list[str]:
    payload = urllib.parse.quote(text.encode("utf-16-be"), safe="")
    line = f"{sender} {receiver} ucs2 {payload}"
    return [FAKESMSC, "-H", "127.0.0.1", "-r", str(port), "-i", "0.1", "-m", "1", line]


def received(log: bytes) -> list[MtLine]:
    lines = [m.group(1) for raw in log.splitlines() if (m := GOT.search(raw))]
    return whole_texts(lines)


def send_through_fakesmsc(
    port: int, sender: str, receiver: str, text: str, *, wait: float, scratch: Path
) -> list[str]:
    """The texts the phone got back within `wait` seconds."""
    log = scratch / "fakesmsc.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(  # noqa: S603 - Kannel's own test tool, our arguments
            fakesmsc_argv(port, sender, receiver, text), stdout=out, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + wait
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            texts = received(log.read_bytes())
            if texts and _quiet(log, 0.5):
                break
            time.sleep(0.1)
    finally:
        _stop(proc)
    return [mt.text for mt in received(log.read_bytes())]


def _quiet(log: Path, seconds: float) -> bool:
    """Nothing more arrived for `seconds` (the parts of a long text come one by one)."""
    size = log.stat().st_size
    time.sleep(seconds)
    return log.stat().st_size == size


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(3)
        except subprocess.TimeoutExpired:
            proc.kill()  # fakesmsc sometimes ignores SIGINT for seconds
            proc.wait()
