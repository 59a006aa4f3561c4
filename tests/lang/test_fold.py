from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline_server.lang.fold import fold, strip_marks


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đề nghị XỬ LÝ", "de nghi xu ly"),
        ("  csgt\tđòi\n\ntiền  ", "csgt doi tien"),
        ("Cảm ơn các anh 🙏", "cam on cac anh 🙏"),
        ("ma tuý / ma túy", "ma tuy / ma tuy"),
        ("ĐƯỜNG Dây NÓNG", "duong day nong"),
        ("", ""),
        ("HT-7K3Q", "ht-7k3q"),
    ],
)
def test_fold_examples(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_accepts_decomposed_input() -> None:
    decomposed = unicodedata.normalize("NFD", "Hủy đăng ký")
    assert fold(decomposed) == "huy dang ky"


def test_strip_marks_keeps_case_and_letters() -> None:
    assert strip_marks("Cháy Lớn") == "Chay Lon"


@settings(deadline=None)
@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@settings(deadline=None)
@given(st.text())
def test_fold_has_no_marks_no_d_stroke_and_single_spaces(text: str) -> None:
    folded = fold(text)
    assert "đ" not in folded
    assert not any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", folded))
    assert "  " not in folded
    assert folded == folded.strip()
