"""The call spool: what happened on calls while the database was unreachable.

One JSON object per line (a webhook step of a call: route, CallSid, time, the
flow states and effects), fsync'd before the webhook answers. Like the text
spool, every process writes its own file and a replayer takes a file by
renaming it. The lines name the caller's number only in a call's first step,
and the file is readable by its owner only; each line is sealed with the phone key.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from hotline_server.core.crypto import PhoneVault
from hotline_server.outage.jsonl_spool import JsonlSpool, read_lines

log = logging.getLogger(__name__)
PREFIX = "calls-"

Record = dict[str, Any]


class CallSpool(JsonlSpool):
    def __init__(self, directory: Path, vault: PhoneVault) -> None:
        super().__init__(directory, PREFIX, vault)

    async def append(self, record: Record) -> None:
        await self.append_record(record)
        log.warning(
            "call %s step %s spooled: database unreachable", record["call_sid"], record["route"]
        )


def _record(data: Record) -> Record:
    if not {"route", "call_sid", "at"} <= set(data):
        raise ValueError("not a call record")
    return data


def read_records(path: Path, vault: PhoneVault) -> tuple[list[Record], int]:
    """The records of a spool file, and how many lines could not be read."""
    return read_lines(path, _record, vault)
