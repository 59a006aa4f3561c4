from __future__ import annotations

import string
import unicodedata
from dataclasses import fields

import pytest

from ivr_flows import TEXTS, Texts, texts_for
from ivr_flows.texts import EN, VI, spell


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("name", [f.name for f in fields(Texts)])
def test_every_text_exists_in_both_languages_with_the_same_placeholders(name: str) -> None:
    vi, en = getattr(VI, name), getattr(EN, name)
    assert vi and en
    assert _placeholders(vi) == _placeholders(en)
    assert unicodedata.is_normalized("NFC", vi)


def test_vietnamese_is_written_with_diacritics() -> None:
    assert "đường dây nóng" in VI.greeting
    assert "bí mật" in VI.notice


@pytest.mark.parametrize(
    ("language", "texts"),
    [("vi-VN", VI), ("vi", VI), ("en-US", EN), ("EN-gb", EN), ("fr-FR", VI), ("", VI)],
)
def test_texts_for_language(language: str, texts: Texts) -> None:
    assert texts_for(language) is texts


def test_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        TEXTS["fr"] = VI  # type: ignore[index]


def test_spell_reads_one_character_at_a_time() -> None:
    assert spell("4711") == "4 7 1 1"
    assert spell("HT-7K3Q") == "H T 7 K 3 Q"
