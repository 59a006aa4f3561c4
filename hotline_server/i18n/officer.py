"""Texts to officers' phones (Vietnamese). They never carry a citizen's number."""

from __future__ import annotations

NEW_CASE = "{urgent}Phản ánh mới {code} ({category}) qua {medium}: {excerpt}"
URGENT_PREFIX = "KHẨN! "
FOLLOW_UP = "Người dân nhắn thêm về {code} ({category}): {excerpt}"
ESCALATION = "Phản ánh {code} chưa được xử lý sau {minutes} phút ({category}). Đề nghị chỉ đạo."
URGENT_ESCALATION = (
    "KHẨN! Phản ánh {code} chưa được xử lý sau {minutes} phút ({detail}). Đề nghị chỉ đạo."
)
DIGEST = (
    "Đường dây nóng {hotline}, từ {since} đến {until}: {texts} tin nhắn, {calls} cuộc gọi "
    "({answered} nghe máy, {missed} nhỡ), {reports} phản ánh mới, {open} đang xử lý."
)
DIGEST_URGENT = " Khẩn: {items}."
DIGEST_OVERDUE = " Quá hạn: {items}."
DIGEST_MORE = " và {n} phản ánh khác"
REVEALS = " Xem số: {items}."
REVEAL_ITEM = "{actor} {code} ({reason})"
REVEAL_MORE = " Và {count} lần khác."
ERASURES = " Yêu cầu xoá dữ liệu: {count}."
# A hotline's channel needs a person (channels.alerts); sent on another channel.
CHANNEL_ALERT = "Đường dây nóng {hotline}: kênh {channel} {problem}. Đề nghị kiểm tra ngay."
CHANNEL_PROBLEMS = {
    "cap": "đã gần hết hạn mức gửi tin của SIM, chỉ còn gửi tin xác nhận và tin khẩn",
    "down": "không gửi được tin (cổng không trả lời)",
    "silent": "im lặng quá lâu (điện thoại tắt, mất sóng hoặc ứng dụng bị tắt)",
    "token": "Zalo từ chối gia hạn mã truy cập: quản trị OA cần cấp quyền lại và nhập mã mới",
}
EXCERPT_CHARS = 80

# Answers to officers' commands by text (texts/officer_commands.py).
COMMAND_HELP = (
    "Lệnh: OK <mã> <PIN> (đã nhận), XONG <mã> <PIN> (đã xử lý), "
    "R <mã> <PIN> <nội dung> (trả lời người dân)."
)
COMMAND_NOT_FOUND = "Không tìm thấy phản ánh {code} trong phạm vi của đồng chí."
COMMAND_DONE = {
    "ok": "Đã ghi nhận: phản ánh {code} đã được tiếp nhận.",
    "xong": "Đã ghi nhận: phản ánh {code} đã xử lý xong.",
    "r": "Tin trả lời cho phản ánh {code} đang được gửi từ số đường dây nóng.",
}
COMMAND_UNCHANGED = "Phản ánh {code} đang ở trạng thái {status}, không thay đổi."
COMMAND_NO_CITIZEN = "Phản ánh {code} không có số điện thoại người dân để trả lời."

# Each category's words, and the shorter ones a tight text (the batched notice) uses.
CATEGORY_WORDS = {
    "officer_misconduct": ("cán bộ sách nhiễu, tiêu cực", "tiêu cực"),
    "traffic": ("giao thông, xe quá tải", "giao thông"),
    "illegal_mining": ("khai thác khoáng sản trái phép", "khai thác trái phép"),
    "electric_fishing": ("kích điện bắt cá", "kích điện"),
    "fire_safety": ("phòng cháy chữa cháy", "PCCC"),
    "immigration": ("xuất nhập cảnh", "xuất nhập cảnh"),
    "residence_paperwork": ("cư trú, thủ tục hành chính", "cư trú, thủ tục"),
    "drugs_gambling": ("ma túy, cờ bạc", "ma túy, cờ bạc"),
    "other": ("khác", "khác"),
}


def category_words(category: str | None, *, short: bool = False) -> str:
    words = CATEGORY_WORDS.get(category or "other")
    if words is None:
        return category or "khác"
    return words[1] if short else words[0]


def excerpt(body: str) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1] + "…"


# Batched notices (`tasks.notice_text`): "3 phản ánh mới: HT-7K3Q (giao thông, chốt Km12…)".
NOTICE_KIND_WORDS = {
    "new_case": "phản ánh mới",
    "escalation": "quá hạn chưa xử lý",
    "unit": "giao đơn vị",
}
NOTICE_MORE = " và {n} phản ánh khác"
NOTICE_SUMMARY = "Tổng hợp: "
URGENT_PAGE = "KHẨN! Phản ánh {code} ({detail}). Đề nghị xử lý ngay."
UNIT_URGENT_PAGE = "KHẨN! Đơn vị được giao phản ánh {code} ({detail}). Đề nghị xử lý ngay."
FLOOD = (
    "Đường dây {hotline} đang nhận tin dồn dập: {count} phản ánh mới trong {minutes} phút. "
    "Tin vẫn được lưu, xem trên hệ thống."
)
CALL_MISSED = "cuộc gọi nhỡ"
CALL_VOICEMAIL = "lời nhắn {seconds} giây"
FIRST_WORDS = 5
FIRST_WORDS_CHARS = 30
URGENT_WORDS = 14


def short_category(category: str | None) -> str:
    return category_words(category, short=True)


def first_words(body: str, count: int = FIRST_WORDS) -> str:
    """The first few words of a text, for a notice line (more for an urgent page)."""
    words = body.split()
    head = " ".join(words[:count])
    limit = FIRST_WORDS_CHARS * count // FIRST_WORDS
    if len(head) > limit:
        return head[: limit - 1].rstrip() + "…"
    return head + ("…" if len(words) > count else "")


def hotline_name(name: str) -> str:
    """A hotline's name without a leading "Đường dây nóng" (the texts say it once)."""
    for prefix in ("Đường dây nóng ", "đường dây nóng "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name
