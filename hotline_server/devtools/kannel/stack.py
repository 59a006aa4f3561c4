"""A real Kannel (Debian's `kannel` package) on 127.0.0.1 for the tests and the demo.

    bearerbox <-- box port --> smsbox --post-url/get-url/dlr-url--> the hotline server
        ^                         ^
        | smsc = fake             | /cgi-bin/sendsms (the hotline server's answers)
    FakeSmscClient (the handsets' side: speaks the fakesmsc line protocol)

bearerbox and smsbox run in the foreground, each in its own process group (smsbox
re-spawns itself under a new pid when it loses bearerbox), on ports the kernel picks.
`make test` installs the packages when they are missing. The `%p`/`%P`/`%b`-free
access log format and log level 2 keep numbers and texts out of Kannel's files.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

HERE = Path(__file__).resolve().parent
BEARERBOX = "/usr/sbin/bearerbox"
SMSBOX = "/usr/sbin/smsbox"
FAKESMSC = "/usr/lib/kannel/test/fakesmsc"
# What Kannel's access log keeps of each text: no number (%p, %P) and no body (%b).
ACCESS_LOG_FORMAT = "%t %l [SMSC:%i] [SVC:%n] [ACT:%A] [FID:%F] [flags:%m:%c:%M:%C:%d] [len:%L]"


def free_ports(n: int) -> list[int]:
    """`n` distinct free TCP ports on 127.0.0.1 (held together, then released)."""
    socks: list[socket.socket] = []
    try:
        for _ in range(n):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            socks.append(sock)
        return [int(s.getsockname()[1]) for s in socks]
    finally:
        for sock in socks:
            sock.close()


def http_get(url: str, timeout: float = 5.0) -> tuple[int, str]:
    """(status, body); (0, the error) when the connection fails."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback)
            return int(response.status), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as exc:
        return 0, repr(getattr(exc, "reason", exc))


def _group_alive(pgid: int) -> bool:
    """Whether a process (not a zombie) of this process group still runs."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            return True
    return False


@dataclass(frozen=True)
class MtLine:
    """A text the fake SMSC received from bearerbox."""

    sender: str
    receiver: str
    kind: str  # "text", "data", "ucs-2" or "udh" (a part of a long text)
    data: bytes
    udh: bytes = b""

    @property
    def text(self) -> str:
        """The text of a whole message (the kind says its coding; parts are UCS-2 here)."""
        return self.data.decode("utf-8" if self.kind == "text" else "utf-16-be")


def _unquote(value: str) -> bytes:
    return urllib.parse.unquote_to_bytes(value.replace("+", " "))


def parse_mt(line: bytes) -> MtLine:
    """`<from> <to> text|data|ucs-2 <data>` or `<from> <to> udh <udh> data <data>`."""
    parts = line.decode("latin-1").split(" ")
    sender, receiver, kind = parts[:3]
    if kind == "text":
        return MtLine(sender, receiver, kind, " ".join(parts[3:]).encode("latin-1"))
    if kind == "udh":
        assert parts[4] == "data", line
        return MtLine(sender, receiver, kind, _unquote(parts[5]), _unquote(parts[3]))
    return MtLine(sender, receiver, kind, _unquote(parts[3]))


def whole_texts(lines: list[bytes]) -> list[MtLine]:
    """The texts the lines carry: the parts of a long text (UDH `05 00 03 ref total seq`)
    joined into one UCS-2 message, in the order each text was completed."""
    texts: list[MtLine] = []
    parts: dict[tuple[str, int], dict[int, MtLine]] = {}
    for line in lines:
        mt = parse_mt(line)
        if mt.kind != "udh":
            texts.append(mt)
            continue
        ref, total, seq = mt.udh[3], mt.udh[4], mt.udh[5]
        got = parts.setdefault((mt.receiver, ref), {})
        got[seq] = mt
        if len(got) == total:
            data = b"".join(got[i].data for i in sorted(got))
            texts.append(MtLine(mt.sender, mt.receiver, "ucs-2", data))
            del parts[(mt.receiver, ref)]
    return texts


class FakeSmscClient:
    """The handsets' side of Kannel's `smsc = fake`: the line protocol of `fakesmsc`.

    MO lines: `<from> <to> text <text>`, `<from> <to> ucs2 <urlencoded UTF-16BE>`,
    `<from> <to> data <urlencoded bytes>`. smsc_fake serves one client at a time.
    """

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self.sock = socket.create_connection((host, port), timeout=5)
        self.sock.settimeout(None)
        self.lines: list[bytes] = []
        self._cv = threading.Condition()
        self._closed = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = self.sock.recv(65536)
            except OSError:
                chunk = b""
            with self._cv:
                if not chunk:
                    self._closed = True
                    self._cv.notify_all()
                    return
                buf += chunk
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    self.lines.append(line)
                self._cv.notify_all()

    def send_line(self, line: str) -> None:
        self.sock.sendall(line.encode("utf-8").rstrip(b"\n") + b"\n")

    def send_mo(self, sender: str, receiver: str, text: str, mode: str = "ucs2") -> None:
        """A text from `sender`: `ucs2` (as a phone sends Vietnamese), `text` or `data`."""
        if mode == "ucs2":
            payload = urllib.parse.quote(text.encode("utf-16-be"), safe="")
        elif mode == "data":
            payload = urllib.parse.quote(text.encode("utf-8"), safe="")
        elif mode == "text":
            payload = text
        else:
            raise ValueError(mode)
        self.send_line(f"{sender} {receiver} {mode} {payload}")

    def wait_lines(self, n: int, timeout: float = 10.0, start: int = 0) -> list[bytes]:
        """The lines from `start` on, once there are `n` of them (or the time is up)."""
        deadline = time.monotonic() + timeout
        with self._cv:
            while len(self.lines) - start < n and not self._closed:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cv.wait(left)
            return self.lines[start:]

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()


@dataclass
class KannelStack:
    """bearerbox, smsbox and a fake SMSC with a config written into `workdir`.

    `mo_url_line` is the sms-service's `get-url = "..."` or `post-url = "..."` line.
    """

    workdir: Path
    mo_url_line: str
    mo_recode: bool = True
    sendsms_max_messages: int = 3
    user: str = "hotline"
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    admin_password: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    global_sender: str = "8088"
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    client: FakeSmscClient | None = None

    def __post_init__(self) -> None:
        (self.workdir / "log").mkdir(parents=True, exist_ok=True)
        self.admin_port, self.smsbox_port, self.fake_port, self.sendsms_port = free_ports(4)
        values = {
            "ADMIN_PORT": self.admin_port,
            "ADMIN_PASSWORD": self.admin_password,
            "SMSBOX_PORT": self.smsbox_port,
            "FAKE_PORT": self.fake_port,
            "SENDSMS_PORT": self.sendsms_port,
            "WORKDIR": self.workdir,
            "ACCESS_LOG_FORMAT": ACCESS_LOG_FORMAT,
            "MO_RECODE": "true" if self.mo_recode else "false",
            "GLOBAL_SENDER": self.global_sender,
            "SENDSMS_USER": self.user,
            "SENDSMS_PASS": self.password,
            "SENDSMS_MAX_MESSAGES": self.sendsms_max_messages,
            "MO_URL_LINE": self.mo_url_line,
        }
        self.conf = self.workdir / "kannel.conf"
        template = Template((HERE / "kannel.conf.tmpl").read_text())
        self.conf.write_text(template.substitute(values))

    @property
    def sendsms_url(self) -> str:
        return f"http://127.0.0.1:{self.sendsms_port}/cgi-bin/sendsms"

    def _spawn(self, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
        with (self.workdir / "log" / f"{name}.stdout").open("ab") as out:
            proc = subprocess.Popen(  # noqa: S603 - Kannel's binaries, our config
                argv, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                cwd=self.workdir,
            )  # fmt: skip
        self.procs[name] = proc
        return proc

    def status(self) -> tuple[int, str]:
        url = f"http://127.0.0.1:{self.admin_port}/status.txt?password={self.admin_password}"
        return http_get(url, timeout=1)

    def _until(self, name: str, ready: Callable[[], bool], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            proc = self.procs.get(name)
            if proc is not None and proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}: see {self.workdir}/log")
            if ready():
                return
            time.sleep(0.02)
        raise TimeoutError(f"{name} not ready within {timeout}s")

    def start_bearerbox(self, timeout: float = 10.0) -> None:
        self._spawn("bearerbox", [BEARERBOX, "-v", "2", str(self.conf)])
        self._until("bearerbox", lambda: self.status()[0] == 200, timeout)

    def start_smsbox(self, timeout: float = 10.0) -> None:
        """smsbox needs a running bearerbox (it exits at once without one). It once died
        of SIGSEGV while starting on a loaded machine: a crash at start is tried again."""
        for attempt in range(2):
            self._spawn("smsbox", [SMSBOX, "-v", "2", str(self.conf)])
            try:
                self._until("smsbox", self.smsbox_ready, timeout)
                return
            except RuntimeError:
                crashed = (self.procs["smsbox"].returncode or 0) < 0
                if attempt == 1 or not crashed:
                    raise

    def smsbox_ready(self) -> bool:
        listening = http_get(self.sendsms_url, timeout=1)[0] != 0
        return listening and bool(re.search(r"smsbox:\S*, IP 127\.0\.0\.1", self.status()[1]))

    def stop_smsbox(self) -> None:
        """Stop smsbox alone: sendsms is refused until `start_smsbox`."""
        proc = self.procs.pop("smsbox")
        _terminate_group(proc)

    def connect_smsc(self, timeout: float = 10.0) -> FakeSmscClient:
        self.client = FakeSmscClient(self.fake_port)
        online = f"FAKE:{self.fake_port} (online"
        self._until("bearerbox", lambda: online in self.status()[1], timeout)
        return self.client

    def start(self) -> KannelStack:
        self.start_bearerbox()
        self.start_smsbox()
        self.connect_smsc()
        return self

    @property
    def smsc(self) -> FakeSmscClient:
        assert self.client is not None, "the fake SMSC is not connected"
        return self.client

    def stop(self) -> None:
        """bearerbox first (it tells smsbox to go), then whatever is left of each group."""
        if self.client is not None:
            self.client.close()
            self.client = None
        for name in ("bearerbox", "smsbox"):
            proc = self.procs.get(name)
            if proc is not None:
                _terminate_group(proc)

    def logs(self) -> bytes:
        """Everything Kannel wrote: its config's logs and the boxes' output."""
        return b"".join(p.read_bytes() for p in sorted((self.workdir / "log").iterdir()))


def _terminate_group(proc: subprocess.Popen[bytes], timeout: float = 15.0) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    # A re-spawned smsbox has a new pid (parent 1) in the same group: end it too.
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        return
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _group_alive(proc.pid):
        time.sleep(0.02)
