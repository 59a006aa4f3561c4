"""Every text the server sends to a citizen, in Vietnamese and English.

Each must fit the reply limit (2 UCS-2 segments, 134 characters) with the longest
case code filled in; tests/i18n checks that with the segment counter.
"""

from __future__ import annotations

from enum import StrEnum


class SmsText(StrEnum):
    ACK_REPORT = "ack_report"
    ACK_QUESTION = "ack_question"
    FAQ_ANSWER = "faq_answer"
    ACK_URGENT = "ack_urgent"
    ACK_FOLLOW_UP = "ack_follow_up"
    GREETING = "greeting"
    STOPPED = "stopped"
    STARTED = "started"
    HELP = "help"
    STATUS = "status"
    STATUS_NOT_FOUND = "status_not_found"
    SURVEY_THANKS = "survey_thanks"
    MISSED_CALL = "missed_call"
    MISSED_CALL_NO_CALLBACK = "missed_call_no_callback"
    MISSED_CALL_MORNING = "missed_call_morning"
    STATUS_UPDATE = "status_update"
    SURVEY = "survey"
    CALLBACK_GAVE_UP = "callback_gave_up"
    ACK_DEFERRED = "ack_deferred"
    CALL_CODE_CHANGED = "call_code_changed"
    ERASE_ASK = "erase_ask"
    ERASE_DONE = "erase_done"
    ZALO_LOCATION = "zalo_location"
    ZALO_FILE_NOT_TAKEN = "zalo_file_not_taken"
    ZALO_FILE_REFUSED = "zalo_file_refused"


_TEXTS: dict[str, dict[SmsText, str]] = {
    "vi": {
        SmsText.ACK_REPORT: (
            "Công an đã nhận phản ánh, mã {code}. Danh tính của anh/chị được giữ bí mật. "
            "Tra cứu: nhắn TT {code}"
        ),
        SmsText.ACK_URGENT: (
            "KHẨN: gọi ngay 113 (công an), 114 (cứu hỏa), 115 (cấp cứu). "
            "Đã nhận tin, mã {code}, danh tính được giữ bí mật."
        ),
        SmsText.ACK_FOLLOW_UP: "Đã bổ sung tin nhắn vào phản ánh {code}. Cảm ơn anh/chị.",
        SmsText.ACK_QUESTION: (
            "Công an đã nhận câu hỏi, mã {code}. Cán bộ sẽ trả lời anh/chị sớm. "
            "Tra cứu: nhắn TT {code}"
        ),
        SmsText.FAQ_ANSWER: "{answer} Mã câu hỏi {code}: nhắn tiếp nếu cần hỏi thêm.",
        SmsText.GREETING: (
            "Cảm ơn anh/chị đã nhắn tin. Khi có việc cần phản ánh, anh/chị cứ nhắn vào số này, "
            "chúng tôi luôn lắng nghe."
        ),
        SmsText.STOPPED: "Đã dừng nhận tin từ đường dây nóng. Nhắn BATDAU để nhận lại.",
        SmsText.ERASE_ASK: (
            "Xoá số điện thoại và nội dung anh/chị đã gửi? Nhắn XOA DONGY để xác nhận."
        ),
        SmsText.ERASE_DONE: (
            "Đã nhận yêu cầu xoá. Phản ánh đã xong được xoá ngay, phản ánh đang xử lý "
            "được xoá khi kết thúc."
        ),
        SmsText.STARTED: "Đã nhận lại tin từ đường dây nóng. Nhắn DUNG để dừng.",
        SmsText.HELP: (
            "Đường dây nóng Công an: nhắn nội dung phản ánh; TT <mã> để tra cứu; "
            "DUNG để dừng nhận tin."
        ),
        SmsText.STATUS: "Phản ánh {code}: {status}.",
        SmsText.STATUS_NOT_FOUND: "Không tìm thấy phản ánh {code} của số điện thoại này.",
        SmsText.SURVEY_THANKS: "Cảm ơn anh/chị đã đánh giá, ý kiến sẽ được ghi nhận.",
        SmsText.MISSED_CALL: (
            "Đường dây nóng Công an đã nhận cuộc gọi của anh/chị, mã {code}. "
            "Cán bộ sẽ gọi lại trong {minutes} phút."
        ),
        SmsText.MISSED_CALL_NO_CALLBACK: (
            "Đường dây nóng Công an đã nhận cuộc gọi của anh/chị, mã {code}. "
            "Tra cứu: nhắn TT {code}"
        ),
        SmsText.MISSED_CALL_MORNING: (
            "Đường dây nóng Công an đã nhận cuộc gọi của anh/chị, mã {code}. "
            "Cán bộ sẽ gọi lại sau {time} sáng."
        ),
        SmsText.STATUS_UPDATE: "Phản ánh {code}: {status}. Tra cứu: nhắn TT {code}",
        SmsText.SURVEY: (
            "Phản ánh {code} đã xử lý xong. Anh/chị hài lòng mức nào? "
            "Nhắn 1 (rất không hài lòng) đến 5 (rất hài lòng)."
        ),
        SmsText.ZALO_LOCATION: "Vị trí gửi kèm",
        SmsText.ZALO_FILE_NOT_TAKEN: (
            "(Người dân gửi một tệp qua Zalo; đường dây nóng không nhận tệp, chỉ nhận tin và ảnh.)"
        ),
        SmsText.ZALO_FILE_REFUSED: (
            "Xin lỗi anh/chị, đường dây nóng chưa nhận được tệp gửi qua Zalo. "
            "Xin anh/chị gửi nội dung bằng tin nhắn, hoặc gửi ảnh."
        ),
        SmsText.ACK_DEFERRED: (
            "Công an đã nhận tin nhắn của anh/chị, mã phản ánh sẽ được nhắn trong ít phút. "
            "Danh tính được giữ bí mật."
        ),
        SmsText.CALLBACK_GAVE_UP: (
            "Cán bộ đã gọi lại nhưng chưa liên lạc được, mã {code}. "
            "Anh/chị có thể gọi lại hoặc nhắn tin cho đường dây nóng."
        ),
        SmsText.CALL_CODE_CHANGED: (
            "Mã phản ánh cuộc gọi của anh/chị đã đổi thành {code} (thay cho mã đọc "
            "trong cuộc gọi). Tra cứu: nhắn TT {code}"
        ),
    },
    "en": {
        SmsText.ACK_REPORT: (
            "Police received your report, code {code}. Your identity is kept confidential. "
            "Status: text TT {code}"
        ),
        SmsText.ACK_URGENT: (
            "URGENT: call 113 (police), 114 (fire), 115 (ambulance) now. "
            "Received, code {code}, your identity is kept confidential."
        ),
        SmsText.ACK_FOLLOW_UP: "Added to report {code}. Thank you.",
        SmsText.ACK_QUESTION: (
            "Police received your question, code {code}. An officer will answer you soon. "
            "Status: text TT {code}"
        ),
        SmsText.FAQ_ANSWER: "{answer} Question {code}: text again if you need more.",
        SmsText.GREETING: (
            "Thank you for your message. Whenever something needs reporting, just text this "
            "number: we are always listening."
        ),
        SmsText.STOPPED: "You will get no more texts from the hotline. Text START to resume.",
        SmsText.ERASE_ASK: "Erase your number and what you sent? Text XOA DONGY to confirm.",
        SmsText.ERASE_DONE: (
            "Erasure requested: finished reports are erased now, open ones when they end."
        ),
        SmsText.STARTED: "Texts from the hotline are back on. Text STOP to stop.",
        SmsText.HELP: "Police hotline: text your report; TT <code> for status; STOP to stop.",
        SmsText.STATUS: "Report {code}: {status}.",
        SmsText.STATUS_NOT_FOUND: "No report {code} found for this phone number.",
        SmsText.SURVEY_THANKS: "Thank you for your rating.",
        SmsText.MISSED_CALL: (
            "The police hotline got your call, code {code}. "
            "An officer will call you back within {minutes} minutes."
        ),
        SmsText.MISSED_CALL_NO_CALLBACK: (
            "The police hotline got your call, code {code}. Status: text TT {code}"
        ),
        SmsText.MISSED_CALL_MORNING: (
            "The police hotline got your call, code {code}. "
            "An officer will call you back after {time} in the morning."
        ),
        SmsText.STATUS_UPDATE: "Report {code}: {status}. Status: text TT {code}",
        SmsText.SURVEY: (
            "Report {code} is resolved. How satisfied are you? "
            "Reply 1 (very unhappy) to 5 (very happy)."
        ),
        SmsText.ZALO_LOCATION: "Location sent",
        SmsText.ZALO_FILE_NOT_TAKEN: (
            "(The citizen sent a file on Zalo; the hotline takes texts and photos, not files.)"
        ),
        SmsText.ZALO_FILE_REFUSED: (
            "Sorry, the hotline cannot take files sent on Zalo. "
            "Please send what you wish to report as a message, or as a photo."
        ),
        SmsText.ACK_DEFERRED: (
            "Police received your text; the case code follows by text in a few minutes. "
            "Your identity is kept confidential."
        ),
        SmsText.CALLBACK_GAVE_UP: (
            "We tried to call you back but could not reach you, code {code}. "
            "Please call or text the hotline again."
        ),
        SmsText.CALL_CODE_CHANGED: (
            "The case code of your call is now {code} (not the one read during the call). "
            "Status: text TT {code}"
        ),
    },
}

STATUS_WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "new": "đã tiếp nhận, đang chờ xem xét",
        "acknowledged": "cán bộ đã đọc, đang xem xét",
        "assigned": "đã chuyển đơn vị chức năng xử lý",
        "in_progress": "đang được xử lý",
        "resolved": "đã xử lý xong",
        "closed": "đã kết thúc",
        "closed_not_actionable": "đã kết thúc, không đủ cơ sở xử lý",
        "spam": "đã kết thúc",
        "duplicate": "đã gộp vào phản ánh khác",
    },
    "en": {
        "new": "received, awaiting review",
        "acknowledged": "read by an officer, under review",
        "assigned": "passed to the responsible unit",
        "in_progress": "being handled",
        "resolved": "resolved",
        "closed": "closed",
        "closed_not_actionable": "closed, not enough grounds to act",
        "spam": "closed",
        "duplicate": "merged into another report",
    },
}


def _language(language: str) -> str:
    return language if language in _TEXTS else "vi"


def sms_text(key: SmsText, language: str = "vi", **values: str) -> str:
    return _TEXTS[_language(language)][key].format(**values)


def status_words(status: str, language: str = "vi") -> str:
    return STATUS_WORDS[_language(language)].get(status, status)
