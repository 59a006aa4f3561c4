from __future__ import annotations

import pytest

from hotline_server.triage import Category, Classification, Kind, classify, default_rules
from hotline_server.triage.rules import load_rules

TINY = """
[settings]
gap = 2
report_min = 2
category_min = 2
spam_min = 4
urgent_min = 3
question_mark = 2

[abbreviations]
"ko" = "không"

[kinds.greeting]
"chào" = 2

[kinds.thanks]
"cảm ơn" = 3

[kinds.spam]
"trúng thưởng" = 4

[report]
"đề nghị" = 2

[urgent]
"cứu với" = 3

[categories.traffic]
"quá tải" = 3

[categories.drugs_gambling]
"lô đề" = 3
"""


@pytest.fixture
def tiny() -> object:
    return load_rules(TINY)


def test_enum_values() -> None:
    assert [k.value for k in Kind] == [
        "greeting",
        "thanks",
        "question",
        "report",
        "spam",
        "wrong_number",
    ]
    assert [c.value for c in Category] == [
        "officer_misconduct",
        "traffic",
        "illegal_mining",
        "electric_fishing",
        "fire_safety",
        "immigration",
        "residence_paperwork",
        "drugs_gambling",
        "other",
    ]


def test_classify_with_given_rules_is_pure() -> None:
    rules = load_rules(TINY)
    first = classify("xe quá tải chạy suốt đêm", rules)
    assert first == classify("xe quá tải chạy suốt đêm", rules)
    assert first == Classification(Kind.REPORT, Category.TRAFFIC, False, ("traffic:quá tải",))


@pytest.mark.parametrize(
    ("text", "kind", "category"),
    [
        ("Chào anh", Kind.GREETING, None),
        ("cảm ơn anh", Kind.THANKS, None),
        ("có phải số đường dây nóng?", Kind.QUESTION, None),
        ("Bạn đã trúng thưởng", Kind.SPAM, None),
        ("chào anh, xe quá tải chạy suốt", Kind.REPORT, Category.TRAFFIC),
        ("chào anh, đề nghị kiểm tra", Kind.REPORT, Category.OTHER),
        ("ghi lô đề xe quá tải lô đề", Kind.REPORT, Category.TRAFFIC),
        ("", Kind.REPORT, Category.OTHER),
        ("📷", Kind.REPORT, Category.OTHER),
        ("???", Kind.SPAM, None),
        ("...", Kind.SPAM, None),
        ("asdfghjkl", Kind.SPAM, None),
        ("jjjjjjj", Kind.SPAM, None),
        ("qưeqưeqư", Kind.SPAM, None),
        ("xe ko", Kind.REPORT, Category.OTHER),
        ("cứuuuuuu", Kind.REPORT, Category.OTHER),
        ("alooooo", Kind.REPORT, Category.OTHER),
        ("kkkkkkkk", Kind.SPAM, None),
    ],
)
def test_decisions_with_tiny_rules(text: str, kind: Kind, category: Category | None) -> None:
    result = classify(text, load_rules(TINY))
    assert (result.kind, result.category) == (kind, category)


def test_urgent_is_always_a_report() -> None:
    result = classify("chào anh, cứu với", load_rules(TINY))
    assert result.urgent
    assert result.kind is Kind.REPORT
    assert "urgent:cứu với" in result.matched


def test_default_rules_are_loaded_once() -> None:
    assert default_rules() is default_rules()
    assert classify("Chào anh ạ") == classify("Chào anh ạ", default_rules())


@pytest.mark.parametrize(
    ("text", "kind", "category", "urgent"),
    [
        ("Chúc anh sức khỏe", Kind.GREETING, None, False),
        ("chao giam doc", Kind.GREETING, None, False),
        ("Cảm ơn các anh", Kind.THANKS, None, False),
        ("csgt doi tien", Kind.REPORT, Category.OFFICER_MISCONDUCT, False),
        ("CSGT ĐÒI 200K", Kind.REPORT, Category.OFFICER_MISCONDUCT, False),
        ("dừng xe đòi tiền", Kind.REPORT, Category.OFFICER_MISCONDUCT, False),
        ("công an xã vòi vĩnh", Kind.REPORT, Category.OFFICER_MISCONDUCT, False),
        ("xe quá tải phá nát đường", Kind.REPORT, Category.TRAFFIC, False),
        ("cát tặc hút cát ban đêm", Kind.REPORT, Category.ILLEGAL_MINING, False),
        ("có người chích điện bắt cá", Kind.REPORT, Category.ELECTRIC_FISHING, False),
        ("quán không có bình chữa cháy", Kind.REPORT, Category.FIRE_SAFETY, False),
        ("nhà bên đang cháy lớn, cứu với", Kind.REPORT, Category.FIRE_SAFETY, True),
        ("xe tải đang chạy quá tốc độ", Kind.REPORT, Category.TRAFFIC, False),
        ("người nước ngoài ở trọ không khai báo", Kind.REPORT, Category.IMMIGRATION, False),
        ("làm CCCD 3 tháng chưa có", Kind.REPORT, Category.RESIDENCE_PAPERWORK, False),
        ("tụ tập sử dụng ma túy", Kind.REPORT, Category.DRUGS_GAMBLING, False),
        ("đang đánh nhau ngoài chợ, có người bị đâm", Kind.REPORT, Category.OTHER, True),
        ("khẩn cấp!", Kind.REPORT, Category.OTHER, True),
        ("Mẹ ơi tối nay con về muộn", Kind.WRONG_NUMBER, None, False),
        ("Mẹ ơi cứu con, có người cầm dao đòi chém", Kind.REPORT, Category.OTHER, True),
        ("Cho em hỏi đổi CCCD ở xã hay huyện ạ?", Kind.QUESTION, None, False),
        (
            "làm CCCD 3 tháng chưa có, hỏi thì bảo chờ",
            Kind.REPORT,
            Category.RESIDENCE_PAPERWORK,
            False,
        ),
        ("Vay nhanh 50 triệu, LH 0912 345 678", Kind.SPAM, None, False),
        (
            "Police asked me for a bribe at the checkpoint",
            Kind.REPORT,
            Category.OFFICER_MISCONDUCT,
            False,
        ),
        ("How long does a passport take?", Kind.QUESTION, None, False),
    ],
)
def test_packaged_rules_examples(
    text: str, kind: Kind, category: Category | None, urgent: bool
) -> None:
    result = classify(text)
    assert (result.kind, result.category, result.urgent) == (kind, category, urgent)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Fire at the market right now, people are trapped", "en"),
        ("Thank you so much for your help", "en"),
        ("csgt doi tien o chot", "vi"),
        ("Chuyen nhan lam bang lai, giay to nhanh gia re", "vi"),
        ("Hello anh, em là người dân huyện Tân Phú", "vi"),
    ],
)
def test_english_texts_are_read_with_the_english_rules(text: str, lang: str) -> None:
    assert classify(text).lang == lang
    assert classify(text, load_rules(TINY)).lang == "vi"  # no English rules given
