from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline_server.lang.fold import fold
from hotline_server.lang.keywords import (
    BadStatusQuery,
    Command,
    Help,
    Start,
    StatusQuery,
    Stop,
    SurveyAnswer,
    parse_command,
)


@pytest.mark.parametrize(
    "text",
    [
        "STOP",
        "stop",
        " Stop! ",
        "STOPALL",
        "unsubscribe",
        "Cancel.",
        "HUY",
        "huy",
        "HỦY",
        "Huỷ",
        "hủy.",
        "DUNG",
        "dung",
        "DỪNG",
        "Dừng!!",
        "TU CHOI",
        "tuchoi",
        "Từ chối",
        "từ  chối 🙏",
        '"huy"',
    ],
)
def test_stop(text: str) -> None:
    assert parse_command(text) == Stop()


@pytest.mark.parametrize(
    "text", ["START", "start", "UNSTOP", "BATDAU", "bat dau", "Bắt đầu", "BẮT ĐẦU."]
)
def test_start(text: str) -> None:
    assert parse_command(text) == Start()


@pytest.mark.parametrize(
    "text", ["HELP", "help?", "INFO", "TROGIUP", "tro giup", "Trợ giúp", "TRỢ GIÚP!", "huong dan"]
)
def test_help(text: str) -> None:
    assert parse_command(text) == Help()


@pytest.mark.parametrize(
    "text",
    [
        "dừng xe đòi tiền",
        "CSGT bắt dừng xe rồi đòi tiền",
        "stop it now",
        "huy bo ho so giup em",
        "Đúng",  # "yes": folds to "dung" but carries other marks than "dừng"
        "Dũng",  # a name
        "dùng",
        "bắt đầu từ hôm qua xe cát chạy suốt đêm",
        "chào anh",
        "",
        "   ",
        "🙏",
    ],
)
def test_ordinary_messages_are_not_commands(text: str) -> None:
    assert parse_command(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "TT HT-7K3Q",
        "tt ht-7k3q",
        "TT HT7K3Q",
        "Tt: ht 7k3q",
        "TT 7K3Q",
        "tt-ht7k3q",
        "TT HT-7K3Q.",
        "TT HT-7K3Q cho em hỏi với",
        "HT-7K3Q",
        "ht7k3q",
        " HT 7K3Q! ",
        "TT 05170121",
    ],
)
def test_status_query(text: str) -> None:
    assert parse_command(text) == StatusQuery("HT-7K3Q")


@pytest.mark.parametrize(
    ("text", "rest"),
    [("TT", ""), ("tt HT-0O1I", "ht-0o1i"), ("TT abc", "abc"), ("TT 123", "123")],
)
def test_status_query_with_bad_code(text: str, rest: str) -> None:
    assert parse_command(text) == BadStatusQuery(rest)


@pytest.mark.parametrize(
    "text",
    ["tt cho anh biết csgt chốt km 12 đòi tiền", "ttin csgt", "HTA2", "HT-7K3Q và HT-2222"],
)
def test_not_a_status_query(text: str) -> None:
    assert not isinstance(parse_command(text), StatusQuery)


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("1", 1),
        ("5", 5),
        (" 3 ", 3),
        ("5.", 5),
        ("5 sao", 5),
        ("4 SAO", 4),
        ("5*", 5),
        ("2 *", 2),
        ("5 điểm", 5),
        ("4 diem", 4),
        ("5đ", 5),
        ("5/5", 5),
        ("5️⃣", 5),
        ("⭐⭐⭐", 3),
        ("★★★★★", 5),
    ],
)
def test_survey_answer(text: str, score: int) -> None:
    assert parse_command(text) == SurveyAnswer(score)


@pytest.mark.parametrize(
    "text", ["0", "6", "10", "15", "5 xe tải", "⭐⭐⭐⭐⭐⭐", "-1", "5 sao nhưng chậm quá"]
)
def test_not_a_survey_answer(text: str) -> None:
    assert not isinstance(parse_command(text), SurveyAnswer)


def test_commands_are_matchable_values() -> None:
    def describe(command: Command | None) -> str:
        match command:
            case Stop():
                return "stop"
            case StatusQuery(code=code):
                return code
            case SurveyAnswer(score=score):
                return str(score)
            case _:
                return "other"

    assert describe(parse_command("Hủy")) == "stop"
    assert describe(parse_command("tt ht-7k3q")) == "HT-7K3Q"
    assert describe(parse_command("4")) == "4"
    assert describe(parse_command("xe quá tải")) == "other"


COMMAND_LIKE = st.lists(
    st.sampled_from(["STOP", "hủy", "XÓA", "xoa", "đồng ý", "HT-7K3Q", "5", "mã", "ok", "Tra cứu"]),
    max_size=4,
).map(" ".join)


@settings(deadline=None, max_examples=300)
@given(st.one_of(COMMAND_LIKE, st.text(max_size=40)))
def test_a_text_folded_already_parses_as_the_text(text: str) -> None:
    """The intake hands over the body it folded when it stored the text."""
    assert parse_command(text, fold(text)) == parse_command(text)
