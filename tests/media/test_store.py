"""The content-addressed store: named by SHA-256, written once, never half."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from hotline_server.media.store import MediaStore


def test_put_names_the_file_by_its_sha256(tmp_path: Path) -> None:
    store = MediaStore(tmp_path)
    digest = store.put(b"photo bytes")
    assert digest == hashlib.sha256(b"photo bytes").hexdigest()
    assert store.path_for(digest) == tmp_path / digest[:2] / digest
    assert store.path_for(digest).read_bytes() == b"photo bytes"


def test_the_same_bytes_are_stored_once_and_no_temporary_file_stays(tmp_path: Path) -> None:
    store = MediaStore(tmp_path)
    assert store.put(b"same") == store.put(b"same")
    store.put(b"other")
    files = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
    assert files == sorted(hashlib.sha256(b).hexdigest() for b in (b"same", b"other"))


@pytest.mark.parametrize("digest", ["../../etc/passwd", "AB" * 32, "a" * 63, ""])
def test_only_digests_name_files(tmp_path: Path, digest: str) -> None:
    with pytest.raises(ValueError):
        MediaStore(tmp_path).path_for(digest)
