"""Texts to officers' phones (Vietnamese). They never carry a citizen's number."""

from __future__ import annotations

NEW_CASE = "{urgent}Phản ánh mới {code} ({category}) qua {medium}: {excerpt}"
URGENT_PREFIX = "KHẨN! "
FOLLOW_UP = "Người dân nhắn thêm về {code} ({category}): {excerpt}"
ESCALATION = "Phản ánh {code} chưa được xử lý sau {minutes} phút ({category}). Đề nghị chỉ đạo."
DIGEST = (
    "Đường dây nóng {hotline}, ngày {day}: {texts} tin nhắn, {calls} cuộc gọi "
    "({answered} nghe máy, {missed} nhỡ), {reports} phản ánh mới, {open} đang xử lý."
)
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
}
EXCERPT_CHARS = 80

# Answers to officers' commands by text (texts/officer_commands.py).
COMMAND_HELP = (
    "Lệnh: OK <mã> (đã nhận), XONG <mã> (đã xử lý), R <mã> <nội dung> (trả lời người dân)."
)
COMMAND_NOT_FOUND = "Không tìm thấy phản ánh {code} trong phạm vi của đồng chí."
COMMAND_DONE = {
    "ok": "Đã ghi nhận: phản ánh {code} đã được tiếp nhận.",
    "xong": "Đã ghi nhận: phản ánh {code} đã xử lý xong.",
    "r": "Tin trả lời cho phản ánh {code} đang được gửi từ số đường dây nóng.",
}
COMMAND_UNCHANGED = "Phản ánh {code} đang ở trạng thái {status}, không thay đổi."
COMMAND_NO_CITIZEN = "Phản ánh {code} không có số điện thoại người dân để trả lời."

CATEGORY_WORDS = {
    "officer_misconduct": "cán bộ sách nhiễu, tiêu cực",
    "traffic": "giao thông, xe quá tải",
    "illegal_mining": "khai thác khoáng sản trái phép",
    "electric_fishing": "kích điện bắt cá",
    "fire_safety": "phòng cháy chữa cháy",
    "immigration": "xuất nhập cảnh",
    "residence_paperwork": "cư trú, thủ tục hành chính",
    "drugs_gambling": "ma túy, cờ bạc",
    "other": "khác",
}


def category_words(category: str | None) -> str:
    return CATEGORY_WORDS.get(category or "other", category or "khác")


def excerpt(body: str) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1] + "…"
