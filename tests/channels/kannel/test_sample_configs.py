"""The sample kannel.conf files in docs/kannel/: a real Kannel accepts every key.

Ports, log and store paths are moved into the test's directory and the SMPP host to
127.0.0.1 (where nothing listens); the modem and the SMSC themselves are not tested.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from hotline_server.devtools.kannel.stack import BEARERBOX, SMSBOX, free_ports, http_get

DOCS = Path(__file__).resolve().parents[3] / "docs" / "kannel"


def loopback(conf: str, tmp: Path) -> tuple[str, int, int]:
    admin, box, sendsms, smpp = free_ports(4)
    for key, port in [
        ("admin-port", admin), ("smsbox-port", box), ("bearerbox-port", box),
        ("sendsms-port", sendsms), ("port", smpp),
    ]:  # fmt: skip
        conf = re.sub(rf"^{key} = .*$", f"{key} = {port}", conf, flags=re.M)
    conf = conf.replace("/var/log/kannel/", f"{tmp}/").replace("/var/spool/kannel/", f"{tmp}/")
    conf = re.sub(r"^host = .*$", "host = 127.0.0.1", conf, flags=re.M)
    return conf, admin, sendsms


@pytest.mark.parametrize("name", ["kannel-gsm-modem.conf", "kannel-smpp.conf"])
def test_kannel_takes_the_sample_config(tmp_path: Path, name: str) -> None:
    conf, admin, sendsms = loopback((DOCS / name).read_text(), tmp_path)
    path = tmp_path / name
    path.write_text(conf)
    with (tmp_path / "out.log").open("ab") as out:
        boxes = [subprocess.Popen([BEARERBOX, "-v", "2", str(path)], stdout=out, stderr=out)]
        try:
            status = f"http://127.0.0.1:{admin}/status.txt?password=CHANGE-ME-ADMIN"
            assert _until(lambda: http_get(status, 1)[0] == 200), (tmp_path / "out.log").read_text()
            boxes.append(subprocess.Popen([SMSBOX, "-v", "2", str(path)], stdout=out, stderr=out))
            sendsms_url = f"http://127.0.0.1:{sendsms}/cgi-bin/sendsms"
            assert _until(lambda: http_get(sendsms_url, 1)[0] == 403)
            assert all(box.poll() is None for box in boxes)
        finally:
            for box in reversed(boxes):
                box.terminate()
                box.wait(15)
    assert "may not contain" not in (tmp_path / "out.log").read_text()


def _until(ready: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return True
        time.sleep(0.05)
    return False
