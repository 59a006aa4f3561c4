"""The words of batched notices: what an officer needs, within two segments."""

from __future__ import annotations

from hotline_server.lang.segments import count_segments
from hotline_server.tasks.notice_text import NoticeLine, batch_text, case_detail


def test_one_text_lists_cases_with_their_first_words_within_two_segments() -> None:
    lines = [
        NoticeLine(
            f"HT-{n:04d}", "new_case", case_detail("traffic", "chốt Km12 đòi tiền xe tải", None)
        )
        for n in range(7)
    ]
    body = batch_text(lines)
    assert body.startswith("7 phản ánh mới: HT-0000 (giao thông, chốt Km12 đòi tiền xe…), HT-0001")
    assert body.endswith(" phản ánh khác") and count_segments(body) <= 2


def test_kinds_are_counted_and_a_case_listed_once() -> None:
    lines = [
        NoticeLine("HT-AAAA", "escalation", "khác, xin hỏi"),
        NoticeLine("HT-AAAA", "escalation", "khác, xin hỏi"),
        NoticeLine("HT-BBBB", "new_case", "cư trú, làm hộ khẩu"),
    ]
    assert batch_text(lines, summary=True) == (
        "Tổng hợp: 1 phản ánh mới, 1 quá hạn chưa xử lý: HT-AAAA (khác, xin hỏi), "
        "HT-BBBB (cư trú, làm hộ khẩu)"
    )


def test_calls_say_missed_call_and_the_voicemail_length() -> None:
    assert case_detail(None, None, 35) == "cuộc gọi nhỡ, lời nhắn 35 giây"
    assert case_detail("traffic", None, None) == "giao thông, cuộc gọi nhỡ"
    assert case_detail("other", "một hai ba bốn năm sáu bảy", None) == "khác, một hai ba bốn năm…"


def test_hundreds_of_cases_still_fit() -> None:
    lines = [NoticeLine(f"HT-{n:04d}", "new_case", "khác, " + "dài " * 20) for n in range(500)]
    body = batch_text(lines)
    assert count_segments(body) <= 2 and "phản ánh khác" in body
