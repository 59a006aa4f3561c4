"""The words of an officer notice: one line per case, as many as two segments hold.

Pure: `batch_text([...])` → "3 phản ánh mới, 1 quá hạn chưa xử lý: HT-7K3Q (giao
thông, chốt Km12 đòi tiền…), HT-4M2P (cuộc gọi nhỡ, lời nhắn 35 giây) và 2 phản ánh khác".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from hotline_server.i18n import officer as texts
from hotline_server.lang.segments import fits

MAX_SEGMENTS = 2
KIND_ORDER = ("new_case", "escalation", "unit")


@dataclass(frozen=True)
class NoticeLine:
    code: str
    kind: str
    detail: str  # "giao thông, chốt Km12 đòi tiền…" or "cuộc gọi nhỡ, lời nhắn 35 giây"


def case_detail(
    category: str | None,
    first_text: str | None,
    voicemail_s: int | None,
    words_shown: int = texts.FIRST_WORDS,
) -> str:
    """What an officer needs to act: the category, then the first words or the call."""
    words = texts.short_category(category)
    if first_text:
        return f"{words}, {texts.first_words(first_text, words_shown)}"
    if first_text is None:  # a call
        call = texts.CALL_MISSED
        if voicemail_s:
            call += ", " + texts.CALL_VOICEMAIL.format(seconds=voicemail_s)
        return call if category in (None, "other") else f"{words}, {call}"
    return words


def _header(lines: list[NoticeLine]) -> str:
    counts = Counter(line.kind for line in {(ln.kind, ln.code): ln for ln in lines}.values())
    parts = [f"{counts[k]} {texts.NOTICE_KIND_WORDS[k]}" for k in KIND_ORDER if counts[k]]
    return ", ".join(parts)


def _unique(lines: list[NoticeLine]) -> list[NoticeLine]:
    seen: dict[str, NoticeLine] = {}
    for line in lines:
        seen.setdefault(line.code, line)
    return list(seen.values())


def _text(prefix: str, unique: list[NoticeLine], shown: int, with_detail: bool) -> str:
    items = [f"{ln.code} ({ln.detail})" if with_detail else ln.code for ln in unique[:shown]]
    rest = len(unique) - shown
    return prefix + ", ".join(items) + (texts.NOTICE_MORE.format(n=rest) if rest else "")


def batch_text(lines: list[NoticeLine], summary: bool = False) -> str:
    """One text for the lines (at least one), within MAX_SEGMENTS segments: as many
    lines with their detail as fit, else as many codes, then "và N phản ánh khác"."""
    unique = _unique(lines)
    prefix = (texts.NOTICE_SUMMARY if summary else "") + _header(lines) + ": "
    for with_detail in (True, False):
        best = None
        for shown in range(1, len(unique) + 1):
            text = _text(prefix, unique, shown, with_detail)
            if not fits(text, MAX_SEGMENTS):
                break
            best = text
        if best is not None:
            return best
    return prefix + unique[0].code  # the header alone never fills two segments
