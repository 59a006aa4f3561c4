"""Search that ignores accents, đ/Đ and case, on SQLite and PostgreSQL alike.

At intake each text's body is folded (`lang.fold`: "Kích ĐIỆN" → "kich dien")
into `messages.body_folded` and marked `words_pending`; the worker then puts its
distinct folded words into `message_words`, indexed by word (`cases.word_index`).
A search folds the query the same way, finds the texts holding every query word
through that index, and keeps those whose folded body holds the query as written
("kich dien" matches "kích điện", not "điện ... kích"); the few texts not indexed
yet are read by their folded body alone, so a text is found from the moment it is
stored. No database extension is needed. Retention clears both with the body.
"""

from __future__ import annotations

import re

from hotline_server.lang.fold import fold
from hotline_server.models import Message, MessageWord

MAX_WORD = 40
MAX_WORDS = 400
_WORD = re.compile(r"[^\W_]+")


def folded_words(folded: str) -> list[str]:
    """The distinct words of an already folded text, in order, each cut to MAX_WORD."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(folded):
        seen.setdefault(word[:MAX_WORD], None)
        if len(seen) == MAX_WORDS:
            break
    return list(seen)


async def matching_case_ids(query: str) -> set[int]:
    """Ids of the cases with a text that holds `query`, folded on both sides."""
    folded = fold(query)
    words = folded_words(folded)
    if not words:
        return set()
    pending = Message.filter(words_pending=True, body_folded__contains=folded)
    cases = set(await pending.filter(case_id__isnull=False).values_list("case_id", flat=True))
    ids: set[int] | None = None
    for word in words:
        rows = await MessageWord.filter(word=word).values_list("message_id", flat=True)
        found = {int(str(i)) for i in rows}
        ids = found if ids is None else ids & found
        if not ids:
            return {int(str(i)) for i in cases}
    hits = await Message.filter(
        id__in=list(ids or ()), body_folded__contains=folded, case_id__isnull=False
    ).values_list("case_id", flat=True)
    return {int(str(i)) for i in (*cases, *hits)}
