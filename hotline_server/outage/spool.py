"""The inbound spool: texts taken while the database is unreachable.

Each text is appended (fsync'd) before the webhook answers, so an acknowledged
text is never lost. When the database answers again the spool is replayed
through the intake, which dedupes on the provider id, and the citizens get the
case codes they were promised.
"""

from __future__ import annotations

import logging
from pathlib import Path

from hotline_server.core.crypto import PhoneVault
from hotline_server.outage.jsonl_spool import JsonlSpool, read_lines
from hotline_server.outage.records import decode_text, encode_text
from hotline_server.texts.inbound import InboundMessage

log = logging.getLogger(__name__)


class Spool(JsonlSpool):
    def __init__(self, directory: Path, vault: PhoneVault) -> None:
        super().__init__(directory, "inbound-", vault)

    async def append(self, msg: InboundMessage) -> None:
        await self.append_record(encode_text(msg))
        log.warning("text %s:%s spooled: database unreachable", msg.provider, msg.provider_id)


def read_spooled(path: Path, vault: PhoneVault) -> tuple[list[InboundMessage], int]:
    """The texts in a spool file, and how many lines could not be read."""
    return read_lines(path, decode_text, vault)
