"""The inbound spool: texts taken while the database is unreachable.

Each text is appended (fsync'd) before the webhook answers, so an acknowledged
text is never lost. When the database answers again the spool is replayed
through the intake, which dedupes on the provider id, and the citizens get the
case codes they were promised. At its size cap (`spool_max_bytes`) a text is not
kept: it is logged by provider id, counted for `/healthz`, and the webhook still answers.
"""

from __future__ import annotations

import logging
from pathlib import Path

from hotline_server.core.crypto import PhoneVault
from hotline_server.outage.jsonl_spool import JsonlSpool, SpoolFull, read_lines
from hotline_server.outage.records import decode_text, encode_text
from hotline_server.texts.inbound import InboundMessage

log = logging.getLogger(__name__)


class Spool(JsonlSpool):
    def __init__(self, directory: Path, vault: PhoneVault, max_bytes: int | None = None) -> None:
        super().__init__(directory, "inbound-", vault, max_bytes)
        self.not_kept = 0

    async def append(self, msg: InboundMessage) -> bool:
        """Keep the text; False when the spool is full and the text is not kept."""
        try:
            await self.append_record(encode_text(msg))
        except SpoolFull:
            self.not_kept += 1
            log.error(
                "text %s:%s NOT KEPT: database unreachable and spool full (%d not kept)",
                msg.provider,
                msg.provider_id,
                self.not_kept,
            )
            return False
        log.warning("text %s:%s spooled: database unreachable", msg.provider, msg.provider_id)
        return True


def read_spooled(path: Path, vault: PhoneVault) -> tuple[list[InboundMessage], int]:
    """The texts in a spool file, and how many lines could not be read."""
    return read_lines(path, decode_text, vault)
