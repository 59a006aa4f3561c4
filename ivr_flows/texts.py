"""What callers and officers hear, Vietnamese first, keyed by language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["TEXTS", "Texts", "texts_for"]


@dataclass(frozen=True)
class Texts:
    greeting: str
    notice: str
    hold: str
    whisper: str
    whisper_case: str
    no_one: str
    prefs_call_text: str
    prefs_call: str
    prefs_noted: str
    record: str
    thanks_message: str
    no_message: str
    your_code: str
    again_code: str
    callback_promise: str
    callback_promise_morning: str
    text_promise: str
    check_later: str
    goodbye: str
    status_prompt: str
    status_own: str
    status_not_found: str
    status_give_up: str
    error: str


VI = Texts(
    greeting="Xin chào, bạn đã gọi đến đường dây nóng của Công an.",
    notice=(
        "Cuộc gọi có thể được ghi âm. Danh tính của bạn được giữ bí mật. "
        "Để tra cứu vụ việc, bấm phím 2. Hoặc xin vui lòng giữ máy."
    ),
    hold="Xin vui lòng giữ máy, chúng tôi đang kết nối với cán bộ khác.",
    whisper="Cuộc gọi từ đường dây nóng. Bấm phím 1 để nhận cuộc gọi.",
    whisper_case="Người gọi có vụ việc mã {code}.",
    no_one="Hiện chưa có cán bộ nào nghe máy. Bạn có thể để lại lời nhắn.",
    prefs_call_text="Nếu bạn không muốn được gọi lại hoặc nhắn tin, hãy bấm phím 9.",
    prefs_call="Nếu bạn không muốn được gọi lại, hãy bấm phím 9.",
    prefs_noted="Chúng tôi sẽ không gọi lại hoặc nhắn tin cho bạn.",
    record="Vui lòng để lại lời nhắn sau tiếng bíp. Nói xong, bấm phím thăng.",
    thanks_message="Cảm ơn bạn, chúng tôi đã nhận được lời nhắn.",
    no_message="Chúng tôi chưa nhận được lời nhắn của bạn.",
    your_code="Mã vụ việc của bạn là: {code}.",
    again_code="Xin nhắc lại, mã vụ việc của bạn là: {code}.",
    callback_promise="Cán bộ sẽ gọi lại trong {minutes} phút.",
    callback_promise_morning="Cán bộ sẽ gọi lại sau {time} sáng.",
    text_promise="Chúng tôi cũng sẽ gửi mã này cho bạn qua tin nhắn.",
    check_later="Bạn có thể gọi lại số này và bấm phím 2 để tra cứu vụ việc.",
    goodbye="Xin cảm ơn và chào tạm biệt.",
    status_prompt="Vui lòng nhập các chữ số của mã vụ việc, sau đó bấm phím thăng.",
    status_own="Vụ việc mã {code}: {status}.",
    status_not_found="Không tìm thấy mã vụ việc này. Xin vui lòng nhập lại.",
    status_give_up=(
        "Rất tiếc, chúng tôi không tìm thấy mã vụ việc. "
        "Bạn có thể gọi lại sau hoặc nhắn tin đến số này."
    ),
    error=(
        "Xin lỗi, hệ thống đang gặp sự cố. "
        "Vui lòng để lại lời nhắn sau tiếng bíp, chúng tôi sẽ xử lý sớm nhất."
    ),
)

EN = Texts(
    greeting="Hello, you have reached the police hotline.",
    notice=(
        "This call may be recorded. Your identity is kept confidential. "
        "To check a case, press 2. Otherwise, please hold."
    ),
    hold="Please hold while we connect you to another officer.",
    whisper="Call from the hotline. Press 1 to accept.",
    whisper_case="The caller has case {code}.",
    no_one="No officer can answer right now. You can leave a message.",
    prefs_call_text="If you do not want a call back or a text, press 9.",
    prefs_call="If you do not want a call back, press 9.",
    prefs_noted="We will not call you back or text you.",
    record="Please leave a message after the tone. Press the pound key when you are done.",
    thanks_message="Thank you, we have received your message.",
    no_message="We did not receive a message from you.",
    your_code="Your case code is: {code}.",
    again_code="Again, your case code is: {code}.",
    callback_promise="An officer will call you back within {minutes} minutes.",
    callback_promise_morning="An officer will call you back after {time} in the morning.",
    text_promise="We will also send you this code by text.",
    check_later="You can call this number again and press 2 to check your case.",
    goodbye="Thank you, goodbye.",
    status_prompt="Please enter the digits of your case code, then press the pound key.",
    status_own="Case {code}: {status}.",
    status_not_found="We could not find this case code. Please try again.",
    status_give_up=(
        "Sorry, we could not find this case code. "
        "You can call again later or send a text to this number."
    ),
    error=(
        "Sorry, we are having a technical problem. "
        "Please leave a message after the tone and we will deal with it as soon as we can."
    ),
)

TEXTS: Mapping[str, Texts] = MappingProxyType({"vi": VI, "en": EN})


def texts_for(language: str) -> Texts:
    """Texts for a BCP-47 tag such as ``vi-VN`` or ``en-US``; Vietnamese otherwise."""
    return TEXTS.get(language.split("-")[0].lower(), VI)


def spell(code: str) -> str:
    """A code read one character at a time, e.g. ``"4 7 1 2"``."""
    return " ".join(ch for ch in code if ch.isalnum())
