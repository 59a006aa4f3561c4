"""Directories that hold personal data are created readable by their owner only."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from hotline_server.core.crypto import PhoneVault
from hotline_server.media.store import MediaStore
from hotline_server.outage.jsonl_spool import JsonlSpool, read_lines
from hotline_server.outage.roster_snapshot import _write_atomic


@pytest.fixture(autouse=True)
def _usual_umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_spool_directories_are_private(tmp_path: Path) -> None:
    vault = PhoneVault("test-phone-key-0123456789abcdef0123")
    spool = JsonlSpool(tmp_path / "var" / "spool", "texts-", vault)
    await spool.append_record({"from": "+84912345678", "body": "CSGT đòi tiền"})
    assert _mode(tmp_path / "var") == 0o700
    assert _mode(tmp_path / "var" / "spool") == 0o700
    (written,) = (tmp_path / "var" / "spool").iterdir()
    assert _mode(written) == 0o600
    raw = written.read_bytes()  # sealed: neither the sender nor the text in clear
    assert b"912345678" not in raw and "đòi".encode() not in raw and b"CSGT" not in raw
    assert read_lines(written, dict, vault) == (
        [{"from": "+84912345678", "body": "CSGT đòi tiền"}],
        0,
    )


def test_media_directories_are_private(tmp_path: Path) -> None:
    store = MediaStore(tmp_path / "media")
    digest = store.put(b"photo bytes")
    path = store.path_for(digest)
    assert _mode(tmp_path / "media") == 0o700
    assert _mode(path.parent) == 0o700
    assert _mode(path) == 0o600


def test_roster_directory_is_private(tmp_path: Path) -> None:
    target = tmp_path / "spool" / "roster" / "84919697575.roster"
    _write_atomic(target, '{"chain": []}')
    assert _mode(tmp_path / "spool") == 0o700
    assert _mode(target.parent) == 0o700
    assert _mode(target) == 0o600
