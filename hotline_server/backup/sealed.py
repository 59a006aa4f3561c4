"""An encrypted file format for backups: AES-GCM in 1 MiB chunks.

`HLBK1` + a random salt, then chunks (4-byte length + ciphertext). The key is derived
from `backup_key` and the salt; each chunk's nonce is its number and its associated data
says whether it is the last, so a truncated, reordered or altered file fails to open.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import BinaryIO

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"HLBK1\n"
CHUNK = 1024 * 1024
_LAST, _MORE = b"last", b"more"


class BadBackup(ValueError):
    """The file is no backup, is damaged, or needs another key."""


def _aead(key: str, salt: bytes) -> AESGCM:
    derived = HKDF(hashes.SHA256(), length=32, salt=salt, info=b"hotline backup").derive(
        key.encode()
    )
    return AESGCM(derived)


def _nonce(number: int) -> bytes:
    return b"\0\0\0\0" + struct.pack(">Q", number)


def seal(plain: Path, sealed: Path, key: str) -> None:
    salt = os.urandom(16)
    aead = _aead(key, salt)
    fd = os.open(sealed, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with plain.open("rb") as src, os.fdopen(fd, "wb") as out:
        out.write(MAGIC + salt)
        number, chunk = 0, src.read(CHUNK)
        while True:
            following = src.read(CHUNK)
            tag = _MORE if following else _LAST
            box = aead.encrypt(_nonce(number), chunk, tag)
            out.write(struct.pack(">I", len(box)) + box)
            if not following:
                break
            number, chunk = number + 1, following
        out.flush()
        os.fsync(out.fileno())


def _read_exact(src: BinaryIO, size: int) -> bytes:
    data = src.read(size)
    if len(data) != size:
        raise BadBackup("the backup file is truncated")
    return data


def unseal(sealed: Path, plain: Path, key: str) -> None:
    from cryptography.exceptions import InvalidTag

    fd = os.open(plain, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with sealed.open("rb") as src, os.fdopen(fd, "wb") as out:
        if src.read(len(MAGIC)) != MAGIC:
            raise BadBackup("not a hotline backup file")
        aead = _aead(key, _read_exact(src, 16))
        number = 0
        while True:
            (size,) = struct.unpack(">I", _read_exact(src, 4))
            box = _read_exact(src, size)
            try:
                out.write(aead.decrypt(_nonce(number), box, _LAST))
                break
            except InvalidTag:
                pass
            try:
                out.write(aead.decrypt(_nonce(number), box, _MORE))
            except InvalidTag:
                raise BadBackup("wrong backup_key, or the file was altered") from None
            number += 1
        if src.read(1):
            raise BadBackup("data after the last chunk")
