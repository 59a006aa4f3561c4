from __future__ import annotations

import pytest

from hotline_server.triage.tokens import (
    Abbreviations,
    Word,
    compile_pattern,
    expand,
    matches_at,
    split_words,
    word,
)


def found(pattern: str, text: str, gap: int = 3) -> bool:
    compiled = compile_pattern(pattern)
    words = split_words(text)
    return any(matches_at(compiled, words, i, gap) for i in range(len(words)))


def test_split_words_keeps_folded_form_and_marks() -> None:
    words = split_words("CSGT đòi 500k!! 😡")
    assert [w.folded for w in words] == ["csgt", "doi", "500k"]
    assert words[0].marks == ""
    assert words[1].marks == "\u0300"


def test_tone_placement_does_not_matter() -> None:
    assert word("tuý") == word("túy")
    assert word("khoẻ") == word("khỏe")


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("cháy", "nhà bên đang cháy", True),
        ("cháy", "nha ben dang chay", True),
        ("cháy", "xe tải đang chạy", False),
        ("ma túy", "bán ma tuý", True),
        ("ma túy", "MA TUY", True),
        ("dừng", "Đúng rồi", False),
        ("csgt", "Csgt chốt", True),
        ("đòi tiền", "đòi tiềnnn", False),
        ("xe tải", "xe tảii", False),
        ("đòi * tiền", "đòi thêm ít tiền", True),
        ("đòi * tiền", "đòi một hai ba bốn tiền", False),
        ("đòi * tiền", "đòi tiền", True),
        ("đòi <money>", "đòi 500k", True),
        ("đòi <money>", "đồi 3", False),
        ("đòi <money>", "doi 3", False),
        ("<num> triệu", "đưa 2 triệu", True),
    ],
)
def test_pattern_matching(pattern: str, text: str, expected: bool) -> None:
    assert found(pattern, text) is expected


def test_gap_width_is_a_parameter() -> None:
    assert not found("đòi * tiền", "đòi thêm ít tiền", gap=1)
    assert found("đòi * tiền", "đòi thêm tiền", gap=1)


@pytest.mark.parametrize("bad", ["", "   ", "* cháy", "cháy *"])
def test_bad_patterns_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="bad pattern"):
        compile_pattern(bad)


def test_expand_abbreviations_only_when_unmarked() -> None:
    table = Abbreviations.of(
        {
            ("ca", "xa"): tuple(split_words("công an xã")),
            ("k",): tuple(split_words("không")),
        }
    )
    assert [w.folded for w in expand(split_words("CA xã k làm"), table)] == [
        "cong",
        "an",
        "xa",
        "khong",
        "lam",
    ]
    assert [w.folded for w in expand(split_words("cá xã"), table)] == ["ca", "xa"]
    assert expand([], table) == []
    assert expand([Word("k", "")], Abbreviations.of({})) == [Word("k", "")]
