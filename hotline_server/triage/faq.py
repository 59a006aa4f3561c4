"""Which FAQ entry answers a question: its keyword phrases matched like triage rules
(a phrase written with diacritics also matches the same words typed without them)."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.core.sql import Sql
from hotline_server.models.base import from_row
from hotline_server.models.faq import FaqEntry
from hotline_server.triage.tokens import compile_pattern, matches_at, split_words

GAP = 2


def phrases(keywords: str) -> list[str]:
    return [p.strip() for p in keywords.split(",") if p.strip() and p.strip() != "*"]


def best_entry(entries: Sequence[FaqEntry], text: str) -> FaqEntry | None:
    """The active entry with the most matching phrases (the first on a tie), or None."""
    words = split_words(text)
    best, best_hits = None, 0
    for entry in entries:
        if not entry.active:
            continue
        hits = 0
        for phrase in phrases(entry.keywords):
            pattern = compile_pattern(phrase)
            if any(matches_at(pattern, words, i, GAP) for i in range(len(words))):
                hits += 1
        if hits > best_hits:
            best, best_hits = entry, hits
    return best


async def answer_for(text: str, conn: BaseDBAsyncClient | None = None) -> FaqEntry | None:
    sql = Sql(conn or connections.get("default"))
    rows = await sql.rows("SELECT * FROM faq_entries WHERE active = ? ORDER BY id", [True])
    return best_entry([from_row(FaqEntry, row) for row in rows], text)
