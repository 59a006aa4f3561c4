"""Recognise keyword commands in an inbound SMS.

A keyword counts only when it is the whole message (apart from case,
spaces, punctuation and emoji): "Dừng" opts out, "dừng xe đòi tiền" is a
report. Vietnamese keywords are accepted with or without diacritics; when
the citizen did type diacritics they must be the keyword's own, so "Đúng"
(yes) or "Dũng" (a name) is not "Dừng" (stop), although all three fold to
"dung".

Status queries: ``TT`` followed by a case code in any spelling that
``normalise_code`` accepts (``TT HT-7K3Q``, ``tt ht7k3q``, ``TT 7K3Q``, the
eight-digit form), or a message that is only an ``HT-`` code. ``TT`` with
something that is not a code is a ``BadStatusQuery``, so the citizen can be
told how to write it.

Survey answers: a lone score 1-5, optionally followed by a star, "sao" or
"điểm" ("5", "5*", "5 sao", "4 điểm", "5/5"), a keycap emoji or 1-5 stars.
Whether a survey is pending is for the caller to decide.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from hotline_server.cases.codes import LENGTH, PREFIX, normalise_code
from hotline_server.lang.fold import fold, strip_marks


@dataclass(frozen=True, slots=True)
class Stop:
    pass


@dataclass(frozen=True, slots=True)
class Start:
    pass


@dataclass(frozen=True, slots=True)
class Help:
    pass


@dataclass(frozen=True, slots=True)
class StatusQuery:
    code: str


@dataclass(frozen=True, slots=True)
class BadStatusQuery:
    text: str


@dataclass(frozen=True, slots=True)
class SurveyAnswer:
    score: int


@dataclass(frozen=True, slots=True)
class Erase:
    """``XOA``: the citizen asks for their data to be erased; ``XOA DONGY`` confirms."""

    confirmed: bool = False


Command = Stop | Start | Help | StatusQuery | BadStatusQuery | SurveyAnswer | Erase
ERASE_WORDS = ("xoa", "erase", "delete")
CONFIRM_WORDS = ("dongy", "xacnhan", "yes", "confirm", "ok")

KEYWORDS: Final[dict[str, tuple[str, ...]]] = {
    "stop": (
        "stop",
        "stopall",
        "unsubscribe",
        "cancel",
        "end",
        "quit",
        "huy",
        "hủy",
        "huỷ",
        "dung",
        "dừng",
        "tu choi",
        "từ chối",
    ),
    "start": ("start", "unstop", "batdau", "bat dau", "bắt đầu"),
    "help": (
        "help",
        "info",
        "trogiup",
        "tro giup",
        "trợ giúp",
        "huongdan",
        "huong dan",
        "hướng dẫn",
    ),
}
_COMMANDS: Final[dict[str, Stop | Start | Help]] = {
    "stop": Stop(),
    "start": Start(),
    "help": Help(),
}

_NON_WORD = re.compile(r"[\W_]+")
_STATUS = re.compile(r"^tt(?:\s+|[:.\-#]+\s*|$)(.*)$")
_SURVEY = re.compile(r"^([1-5])\s*(?:\*|sao|diem|d|/\s*5)?$")
_STARS = re.compile(r"^[⭐★*]{1,5}$")
_DROP = re.compile("[\ufe0f\u20e3\u200d]")


def _squash(text: str) -> str:
    """Lowercase NFC letters and digits only, no spaces."""
    lowered = unicodedata.normalize("NFC", text).lower()
    return _NON_WORD.sub("", lowered)


def _is_marked(squashed: str) -> bool:
    return strip_marks(squashed) != squashed or "đ" in squashed


# Each form without spaces, as written (matched by a text with marks) and folded (by one
# without); a text longer than the longest is no keyword.
_FORMS: Final = tuple(
    (key, fold(key), _COMMANDS[name])
    for name, forms in KEYWORDS.items()
    for key in (form.replace(" ", "") for form in forms)
)
_LONGEST: Final = max(max(len(key), len(folded)) for key, folded, _ in _FORMS)


def _keyword(text: str) -> Stop | Start | Help | None:
    squashed = _squash(text)
    if not squashed or len(squashed) > _LONGEST:
        return None
    marked = _is_marked(squashed)
    for key, folded, command in _FORMS:
        if squashed == (key if marked else folded):
            return command
    return None


def _code_in(tokens: list[str]) -> str | None:
    for n in range(min(len(tokens), 4), 0, -1):
        code = normalise_code("".join(tokens[:n]))
        if code is not None:
            return code
    return None


def _status(folded_text: str) -> StatusQuery | BadStatusQuery | None:
    folded = folded_text.strip(" .,!?;")
    match = _STATUS.match(folded)
    if match is None:
        compact = _NON_WORD.sub("", folded).upper()
        if compact.startswith(PREFIX) and len(compact) == len(PREFIX) + LENGTH:
            code = normalise_code(compact)
            return StatusQuery(code) if code else None
        return None
    rest = match.group(1).strip(" .,!?;")
    code = _code_in(rest.split())
    if code is not None:
        return StatusQuery(code)
    if len(rest.split()) <= 2 and len(rest) <= 12:
        return BadStatusQuery(rest)
    return None


def _survey(folded: str) -> SurveyAnswer | None:
    cleaned = _DROP.sub("", folded).strip(" .,!;")
    match = _SURVEY.match(cleaned)
    if match is not None:
        return SurveyAnswer(int(match.group(1)))
    compact = cleaned.replace(" ", "")
    if _STARS.match(compact):
        return SurveyAnswer(len(compact))
    return None


def _erase(folded: str) -> Erase | None:
    """``XOA`` (``xoá``, ``xóa``, ``erase``) alone asks; followed by ``DONGY`` it confirms."""
    words: list[str] = []
    for token in folded.split():
        word = _squash(token)
        if not word:
            continue
        if len(words) == 3 or (not words and word not in ERASE_WORDS):
            return None  # more than three words, or another first word
        words.append(word)
    if not words:
        return None
    rest = "".join(words[1:])
    if not rest:
        return Erase(confirmed=False)
    return Erase(confirmed=True) if rest in CONFIRM_WORDS else None


def parse_command(text: str, folded: str | None = None) -> Command | None:
    """The command an inbound SMS carries, or None for an ordinary message (`folded`:
    `fold(text)`, when the caller has it already)."""
    keyword = _keyword(text)
    if keyword is not None:
        return keyword
    if folded is None:
        folded = fold(text)
    return _erase(folded) or _status(folded) or _survey(folded)
