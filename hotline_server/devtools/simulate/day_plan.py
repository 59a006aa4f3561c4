"""A busy day on one hotline, drawn at random from a seed: who texts and calls, and how."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from enum import StrEnum

from hotline_server.devtools.simulate.people import Answer

REPORTS = (
    "CSGT chốt {place} đòi tiền xe tải, không đưa thì giữ xe",
    "Xe chở cát quá tải chạy liên tục qua {place}, đường hư hết",
    "Có nhóm hút cát trái phép ban đêm ở {place}",
    "Mấy người dùng kích điện bắt cá ở {place}, chết hết cá con",
    "Làm hồ sơ hộ khẩu ở {place} 2 tháng chưa xong, cán bộ hẹn hoài",
    "Có tụ điểm đánh bạc, cá độ bóng đá ở quán cà phê gần {place}",
    "Kho chứa hàng ở {place} không có bình chữa cháy, rất nguy hiểm",
    "cs phuong {place} vòi tiền làm tạm trú cho người thuê trọ",
)
URGENT = (
    "Cứu với, có đánh nhau bằng dao ở {place}, có người bị thương",
    "Khẩn cấp: cháy lớn ở kho hàng gần {place}, có người mắc kẹt",
)
URGENT_SHARE = 0.02
GREETINGS = (
    "Chúc anh Giám đốc và anh em công an sức khỏe, năm mới bình an",
    "Cảm ơn các anh đã xử lý nhanh vụ xe quá tải hôm trước",
    "Chào đường dây nóng, chúc các anh nhiều sức khỏe",
)
PLACES = ("ngã ba Long Kiển", "cầu Bến Lức", "xã Tân Phú", "phường 3", "sông Vàm Cỏ", "Km12 QL1")


class CallKind(StrEnum):
    DIRECTOR = "director answers"
    BACKUP = "backup answers"
    VOICEMAIL_BOX = "director's voicemail, backup answers"
    MESSAGE = "nobody accepts, message left"
    HANG_UP = "caller hangs up while ringing"


# The share of each kind of call in a day.
CALL_MIX: dict[CallKind, float] = {
    CallKind.DIRECTOR: 0.3,
    CallKind.BACKUP: 0.25,
    CallKind.VOICEMAIL_BOX: 0.1,
    CallKind.MESSAGE: 0.2,
    CallKind.HANG_UP: 0.15,
}
# How the ringing officers (director, backup, backup2) answer, by kind of call.
OFFICERS: dict[CallKind, tuple[Answer, Answer, Answer]] = {
    CallKind.DIRECTOR: (Answer.ACCEPT, Answer.ACCEPT, Answer.ACCEPT),
    CallKind.BACKUP: (Answer.NO_ANSWER, Answer.ACCEPT, Answer.ACCEPT),
    CallKind.VOICEMAIL_BOX: (Answer.VOICEMAIL, Answer.ACCEPT, Answer.ACCEPT),
    CallKind.MESSAGE: (Answer.NO_ANSWER, Answer.DECLINE, Answer.NO_ANSWER),
    CallKind.HANG_UP: (Answer.NO_ANSWER, Answer.NO_ANSWER, Answer.NO_ANSWER),
}


@dataclass(frozen=True)
class PlannedText:
    sid: str
    sender: str
    body: str
    greeting: bool


@dataclass(frozen=True)
class PlannedCall:
    caller: str
    kind: CallKind


@dataclass(frozen=True)
class DayPlan:
    texts: tuple[PlannedText, ...]  # retried duplicates included (same sid twice)
    calls: tuple[PlannedCall, ...]


def _number(rand: random.Random) -> str:
    return "+849" + "".join(rand.choice("0123456789") for _ in range(8))


def plan_day(seed: int, texts: int, calls: int, duplicates: float = 0.1) -> DayPlan:
    rand = random.Random(seed)  # noqa: S311 - a reproducible plan, not a secret
    senders = [_number(rand) for _ in range(max(1, texts // 2))]
    planned: list[PlannedText] = []
    for _ in range(texts):
        greeting = rand.random() < 0.2
        urgent = not greeting and rand.random() < URGENT_SHARE
        template = rand.choice(GREETINGS if greeting else URGENT if urgent else REPORTS)
        body = template.format(place=rand.choice(PLACES))
        planned.append(
            PlannedText("SM" + secrets.token_hex(16), rand.choice(senders), body, greeting)
        )
    retried = rand.sample(planned, int(texts * duplicates))
    kinds = list(CALL_MIX)
    weights = [CALL_MIX[k] for k in kinds]
    return DayPlan(
        texts=tuple(planned + retried),
        calls=tuple(
            PlannedCall(_number(rand), rand.choices(kinds, weights)[0]) for _ in range(calls)
        ),
    )
