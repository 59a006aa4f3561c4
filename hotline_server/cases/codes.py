"""Human case codes such as ``HT-7K3Q``, and their numeric voice form.

A code is ``HT-`` followed by four symbols from a 31-symbol alphabet: the
digits 2-9 and the capital letters without I, L and O. The characters that
are easily misread for one another (0/O, 1/I/L) never appear, so a code read
from a phone screen or written on paper can be typed back without doubt.
This gives 31**4 = 923,521 codes per prefix; a code is drawn at random and
the store retries on the (rare) clash with an existing code.

On a phone keypad letters share keys, so a code cannot be keyed letter by
letter without ambiguity. Every code therefore also has a numeric form: each
symbol becomes its two-digit position in the alphabet (00-30), giving eight
digits that identify the code uniquely (``HT-2222`` is ``00000000``). The
voice line reads and accepts that form, and ``TT`` by text accepts it too.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Final, Protocol

ALPHABET: Final = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PREFIX: Final = "HT"
LENGTH: Final = 4
DIGITS_LENGTH: Final = 2 * LENGTH

_INDEX: Final = {ch: i for i, ch in enumerate(ALPHABET)}
_SEPARATORS = re.compile(r"[\s\-_.:/#]+")


class SupportsChoice(Protocol):
    def choice(self, seq: str, /) -> str: ...


RandomSource = SupportsChoice | Callable[[int], int]


def _pick(rand: RandomSource) -> str:
    if callable(rand):
        return ALPHABET[rand(len(ALPHABET))]
    return rand.choice(ALPHABET)


def new_code(rand: RandomSource | None = None) -> str:
    """Draw a new random code, e.g. ``HT-7K3Q``.

    ``rand`` is a ``random.Random`` (or anything with ``choice``) or a
    ``secrets.randbelow``-like callable; by default the system's secure source.
    """
    if rand is None:  # one draw from the secure source for the whole code
        return f"{PREFIX}-" + _symbols(secrets.randbelow(len(ALPHABET) ** LENGTH))
    return f"{PREFIX}-" + "".join(_pick(rand) for _ in range(LENGTH))


def _symbols(number: int) -> str:
    """`number` (below 31**4) written in the alphabet's four symbols."""
    symbols = []
    for _ in range(LENGTH):
        number, position = divmod(number, len(ALPHABET))
        symbols.append(ALPHABET[position])
    return "".join(reversed(symbols))


def _from_digits(digits: str) -> str | None:
    if len(digits) != DIGITS_LENGTH or not digits.isascii() or not digits.isdigit():
        return None
    positions = [int(digits[i : i + 2]) for i in range(0, DIGITS_LENGTH, 2)]
    if any(p >= len(ALPHABET) for p in positions):
        return None
    return f"{PREFIX}-" + "".join(ALPHABET[p] for p in positions)


def normalise_code(text: str) -> str | None:
    """The canonical ``HT-XXXX`` form of what a citizen typed, or None.

    Accepts any case, with or without the dash or the ``HT`` prefix, with
    stray spaces or punctuation, and the eight-digit numeric form.
    """
    compact = _SEPARATORS.sub("", text.strip()).upper()
    if len(compact) == DIGITS_LENGTH and compact.isdigit():
        return _from_digits(compact)
    if compact.startswith(PREFIX) and len(compact) == len(PREFIX) + LENGTH:
        compact = compact[len(PREFIX) :]
    if len(compact) != LENGTH or any(ch not in _INDEX for ch in compact):
        return None
    return f"{PREFIX}-{compact}"


def code_to_digits(code: str) -> str:
    """The eight-digit numeric form of a code (any accepted spelling)."""
    canonical = normalise_code(code)
    if canonical is None:
        raise ValueError("not a case code")
    symbols = canonical[len(PREFIX) + 1 :]
    return "".join(f"{_INDEX[ch]:02d}" for ch in symbols)


def digits_to_code(digits: str) -> str | None:
    """The code whose numeric form is ``digits`` (keyed on a phone), or None."""
    return _from_digits(_SEPARATORS.sub("", digits))
