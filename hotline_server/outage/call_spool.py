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

from hotline_server.core.crypto import PhoneVault
from hotline_server.outage.jsonl_spool import JsonlSpool, read_lines
from hotline_server.outage.records import CallStep, decode_call, encode_call

log = logging.getLogger(__name__)
PREFIX = "calls-"


class CallSpool(JsonlSpool):
    def __init__(self, directory: Path, vault: PhoneVault) -> None:
        super().__init__(directory, PREFIX, vault)

    async def append(self, step: CallStep) -> None:
        await self.append_record(encode_call(step))
        log.warning(
            "call %s step %s spooled: database unreachable", step.call_sid, step.route.value
        )


def read_records(path: Path, vault: PhoneVault) -> tuple[list[CallStep], int]:
    """The steps in a spool file, and how many lines could not be read."""
    return read_lines(path, decode_call, vault)
