"""Administrators keep the FAQ in the console; a question it answers is answered at once."""

from __future__ import annotations

import httpx2

from hotline_server.models import FaqEntry
from tests.console.conftest import Login, World, page_csrf
from tests.twilio_helpers import text


async def test_an_administrator_adds_and_edits_an_faq_entry(
    login: Login, world: World, client: httpx2.AsyncClient
) -> None:
    admin = await login("admin")
    page = (await admin.get("/console/admin")).text
    assert "phạt nguội" in page  # the demo's entries
    csrf = await page_csrf(admin, "/console/admin")
    data = {
        "csrf_token": csrf, "keywords": "đăng ký xe, biển số", "active": "1",
        "answer": "Đăng ký xe máy tại Công an xã nơi thường trú, giờ hành chính.",
    }  # fmt: skip
    assert (await admin.post("/console/admin/faq", data=data)).status_code == 303
    entry = await FaqEntry.get(keywords="đăng ký xe, biển số")
    data |= {"entry": str(entry.id), "answer": "Đăng ký xe tại Công an xã, sáng thứ 7 cũng làm."}
    assert (await admin.post("/console/admin/faq", data=data)).status_code == 303
    assert (await FaqEntry.get(id=entry.id)).answer.endswith("sáng thứ 7 cũng làm.")
    [reply] = await text(
        client, "Cho tôi hỏi dang ky xe may moi mua lam o dau a?", sender="+84911000003"
    )
    assert "sáng thứ 7 cũng làm" in reply and "HT-" in reply
