"""What the officer hears on a callback call, Vietnamese first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class CallbackTexts:
    whisper: str
    connecting: str
    not_reached: str
    gave_up: str
    no_number: str
    declined: str
    goodbye: str
    error: str


VI = CallbackTexts(
    whisper=(
        "Cuộc gọi lại từ đường dây nóng cho vụ việc mã {code}. Bấm phím 1 để kết nối với người dân."
    ),
    connecting="Đang kết nối với người dân, xin vui lòng chờ.",
    not_reached="Người dân chưa nghe máy. Hệ thống sẽ gọi lại sau.",
    gave_up="Người dân chưa nghe máy. Hệ thống sẽ nhắn tin cho người dân.",
    no_number="Vụ việc này không còn số điện thoại của người dân.",
    declined="Đã hủy cuộc gọi lại.",
    goodbye="Xin cảm ơn.",
    error="Xin lỗi, hệ thống đang gặp sự cố. Cuộc gọi lại sẽ được thực hiện sau.",
)

EN = CallbackTexts(
    whisper="Hotline callback for case {code}. Press 1 to connect to the citizen.",
    connecting="Connecting you to the citizen, please hold.",
    not_reached="The citizen did not answer. We will try again later.",
    gave_up="The citizen did not answer. They will get a text instead.",
    no_number="This case no longer has the citizen's number.",
    declined="The callback is cancelled.",
    goodbye="Thank you.",
    error="Sorry, we are having a technical problem. The callback will be tried again later.",
)

CALLBACK_TEXTS: Mapping[str, CallbackTexts] = MappingProxyType({"vi": VI, "en": EN})


def callback_texts_for(language: str) -> CallbackTexts:
    return CALLBACK_TEXTS.get(language.split("-")[0].lower(), VI)
