from __future__ import annotations

import random
import secrets

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline_server.cases.codes import (
    ALPHABET,
    _symbols,
    code_to_digits,
    digits_to_code,
    new_code,
    normalise_code,
)

codes = st.text(st.sampled_from(ALPHABET), min_size=4, max_size=4).map(lambda s: f"HT-{s}")


def test_alphabet_has_no_ambiguous_symbols() -> None:
    assert len(ALPHABET) == len(set(ALPHABET)) == 31
    assert not set(ALPHABET) & set("01OIL")
    assert ALPHABET.isupper() or ALPHABET.isalnum()


def test_new_code_shape_with_each_random_source() -> None:
    for source in (random.Random(7), secrets.SystemRandom(), secrets.randbelow, None):
        code = new_code(source)
        assert len(code) == 7
        assert code.startswith("HT-")
        assert all(ch in ALPHABET for ch in code[3:])


def test_new_code_is_reproducible_with_a_seeded_random() -> None:
    assert new_code(random.Random(42)) == new_code(random.Random(42))


def test_new_codes_spread() -> None:
    rand = random.Random(1)
    drawn = {new_code(rand) for _ in range(2000)}
    assert len(drawn) > 1990
    by_default = {new_code() for _ in range(2000)}  # one secure draw a code
    assert len(by_default) > 1990
    for place in range(3, 7):
        assert len({code[place] for code in by_default}) == len(ALPHABET)


@given(st.integers(0, len(ALPHABET) ** 4 - 1))
def test_one_draw_is_one_code_each(number: int) -> None:
    """The secure draw's number written in the alphabet: each number its own code."""
    symbols = _symbols(number)
    assert [ALPHABET.index(ch) for ch in symbols] == [
        number // len(ALPHABET) ** power % len(ALPHABET) for power in (3, 2, 1, 0)
    ]
    assert (_symbols(0), _symbols(len(ALPHABET) ** 4 - 1)) == ("2222", "ZZZZ")


@pytest.mark.parametrize(
    "text",
    ["HT-7K3Q", "ht-7k3q", "HT7K3Q", "ht 7k3q", " HT - 7K3Q ", "7k3q", "ht_7k3q", "HT.7K3Q"],
)
def test_normalise_accepts_spellings(text: str) -> None:
    assert normalise_code(text) == "HT-7K3Q"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "HT-",
        "HT-7K3",
        "HT-7K3QQ",
        "HT-7K3O",
        "HT-0000",
        "HT-1III",
        "XY-7K3Q",
        "hello",
        "HT-7K3Ư",
        "123456789",
        "31000000",
        "0000000",
    ],
)
def test_normalise_rejects(text: str) -> None:
    assert normalise_code(text) is None


def test_digits_examples() -> None:
    assert code_to_digits("HT-2222") == "00000000"
    assert code_to_digits("HT-ZZZZ") == "30303030"
    assert code_to_digits("ht7k3q") == "05170121"
    assert digits_to_code("05 17 01 21") == "HT-7K3Q"
    assert normalise_code("05170121") == "HT-7K3Q"
    assert digits_to_code("31000000") is None
    assert digits_to_code("0518012") is None


def test_code_to_digits_rejects_non_codes() -> None:
    with pytest.raises(ValueError, match="not a case code"):
        code_to_digits("HT-OOOO")


@settings(deadline=None)
@given(st.integers())
def test_new_code_round_trips(seed: int) -> None:
    code = new_code(random.Random(seed))
    assert normalise_code(code) == code
    assert normalise_code(code.lower().replace("-", " ")) == code
    assert normalise_code(code[3:]) == code


@settings(deadline=None)
@given(codes)
def test_digits_form_is_reversible(code: str) -> None:
    digits = code_to_digits(code)
    assert len(digits) == 8
    assert digits.isdigit()
    assert digits_to_code(digits) == code
    assert normalise_code(digits) == code


@settings(deadline=None)
@given(codes, codes)
def test_digits_form_is_unique(first: str, second: str) -> None:
    assert (code_to_digits(first) == code_to_digits(second)) == (first == second)
