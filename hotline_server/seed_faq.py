"""The demo's frequent questions: where to go, which public-service portal, when."""

from __future__ import annotations

from hotline_server.models import FaqEntry

DEMO_FAQ = (
    (
        "hộ chiếu, passport, xuất cảnh",
        "Hộ chiếu: nộp trực tuyến trên Cổng dịch vụ công Bộ Công an (dichvucong.bocongan.gov.vn) "
        "hoặc ứng dụng VNeID, hoặc tại Phòng Quản lý xuất nhập cảnh Công an tỉnh, giờ hành chính "
        "thứ 2 đến thứ 6; thường có kết quả sau 5-8 ngày làm việc.",
        "Passport: apply online at dichvucong.bocongan.gov.vn or in the VNeID app, or at the "
        "provincial Immigration Office on weekdays during office hours; it usually takes 5-8 "
        "working days.",
    ),
    (
        "tạm trú, thường trú, cư trú, tạm vắng, temporary residence",
        "Đăng ký thường trú, tạm trú, khai báo tạm vắng: làm trên ứng dụng VNeID hoặc Cổng dịch "
        "vụ công quốc gia (dichvucong.gov.vn), hoặc tại Công an xã, phường nơi cư trú trong giờ "
        "hành chính.",
        "Residence registration: in the VNeID app or at dichvucong.gov.vn, or at the commune or "
        "ward police station during office hours (a host registers a foreign guest the same way).",
    ),
    (
        "phạt nguội, nộp phạt, phạt giao thông, traffic fine",
        "Tra cứu phạt nguội trên trang csgt.vn hoặc ứng dụng VNeID; nộp phạt trực tuyến trên Cổng "
        "dịch vụ công quốc gia (dichvucong.gov.vn) hoặc tại cơ quan ra quyết định xử phạt.",
        "Traffic fines: look them up at csgt.vn or in the VNeID app and pay online at "
        "dichvucong.gov.vn, or at the office that issued the fine.",
    ),
    (
        "căn cước, cccd, chứng minh nhân dân, id card",
        "Căn cước: làm tại Công an xã, phường hoặc điểm cấp căn cước của Công an huyện trong giờ "
        "hành chính, có thể đặt lịch trên VNeID; cấp đổi khi đủ 14, 25, 40 và 60 tuổi.",
        "ID cards: at the commune or ward police or the district police ID desk during office "
        "hours (book in VNeID); renewed at 14, 25, 40 and 60.",
    ),
)


async def seed_faq() -> None:
    """The demo's entries, once: an administrator's own table is left alone."""
    if await FaqEntry.exists():
        return
    for keywords, answer, answer_en in DEMO_FAQ:
        await FaqEntry.create(keywords=keywords, answer=answer, answer_en=answer_en)
