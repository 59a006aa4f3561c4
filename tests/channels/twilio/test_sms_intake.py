"""The text webhook end to end through the ASGI app, on SQLite and PostgreSQL."""

from __future__ import annotations

import httpx2
import pytest

from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.simulate.sms import replies
from hotline_server.models import Case, CaseKind, CaseStatus, Citizen, Message, Task
from tests.twilio_helpers import CITIZEN, post_signed, sms_form, text

pytestmark = pytest.mark.usefixtures("hotline")
REPORT = "Xe tải chở cát quá tải chạy liên tục qua cầu Bến Lức, cầu đã nứt"
OTHER = "+84987654321"


async def test_report_gets_a_case_code_and_confidentiality(client: httpx2.AsyncClient) -> None:
    [reply] = await text(client, REPORT)
    case = await Case.get()
    assert case.code in reply and "bí mật" in reply
    assert case.kind == CaseKind.REPORT and case.category == "traffic"
    assert case.status == CaseStatus.NEW  # an automatic reply acknowledges nothing
    assert await Task.filter(kind="team_batch").count() == 1  # the team is told in its batch


async def test_greeting_gets_warm_thanks_and_no_team_task(client: httpx2.AsyncClient) -> None:
    [reply] = await text(client, "Chúc anh Giám đốc và các anh em công an sức khỏe, năm mới vui vẻ")
    assert "Cảm ơn anh/chị đã nhắn tin" in reply and "HT-" not in reply
    case = await Case.get()
    assert case.kind in (CaseKind.GREETING, CaseKind.THANKS)
    assert await Task.all().count() == 0


async def test_duplicate_message_sid_stores_once_and_answers_the_same(
    client: httpx2.AsyncClient,
) -> None:
    form = sms_form(REPORT)
    first = await post_signed(client, "/twilio/sms", form)
    second = await post_signed(client, "/twilio/sms", form)
    assert first.status_code == second.status_code == 200
    assert replies(first.text) == replies(second.text) and replies(first.text)
    assert await Message.filter(direction="inbound").count() == 1
    assert await Message.filter(direction="outbound").count() == 1
    assert await Case.all().count() == 1


async def test_follow_up_threads_into_the_open_case(
    client: httpx2.AsyncClient, clock: FrozenClock
) -> None:
    [first] = await text(client, REPORT)
    clock.advance(hours=2)
    [second] = await text(client, "Biển số xe 51C-123.45, sáng nay lúc 6h")
    case = await Case.get()
    assert case.code in first and case.code in second and "bổ sung" in second
    assert await Message.filter(case_id=case.id, direction="inbound").count() == 2
    assert await Task.filter(kind="team_batch").count() == 2  # one a window with a text


async def test_text_after_the_window_opens_a_new_case(
    client: httpx2.AsyncClient, clock: FrozenClock
) -> None:
    await text(client, REPORT)
    clock.advance(hours=73)
    await text(client, "Lại có xe quá tải chạy qua cầu đêm qua")
    assert await Case.all().count() == 2
    assert await Case.exclude(thread_key=None).count() == 1


async def test_closed_case_is_not_threaded_into(client: httpx2.AsyncClient) -> None:
    await text(client, REPORT)
    await Case.all().update(status=CaseStatus.RESOLVED)
    await text(client, "Cảm ơn các anh đã xử lý nhanh")
    assert await Case.all().count() == 2


async def test_report_in_a_greeting_thread_turns_it_into_a_report(
    client: httpx2.AsyncClient,
) -> None:
    await text(client, "Chào anh, em chúc anh sức khỏe")
    [reply] = await text(client, "Em muốn báo có nhóm đánh bắt cá bằng kích điện ở sông Vàm Cỏ")
    case = await Case.get()
    assert case.kind == CaseKind.REPORT and case.category == "electric_fishing"
    assert case.code in reply
    assert await Task.filter(kind="team_batch").count() == 1  # the team is told in its batch


async def test_threads_are_per_citizen(client: httpx2.AsyncClient) -> None:
    await text(client, REPORT)
    await text(client, REPORT, sender=OTHER)
    assert await Case.all().count() == 2
    assert await Citizen.all().count() == 2


async def test_local_and_whatsapp_forms_are_the_same_citizen(client: httpx2.AsyncClient) -> None:
    await text(client, REPORT, sender="0912345678")
    [reply] = await text(
        client, "Thêm thông tin: xe chạy lúc 2h sáng", sender=f"whatsapp:{CITIZEN}"
    )
    assert await Citizen.all().count() == 1
    assert await Case.all().count() == 1
    messages = await Message.filter(direction="inbound")
    channels = {str(m.medium) for m in messages}
    assert channels == {"sms", "whatsapp"}
    assert "bổ sung" in reply


@pytest.mark.parametrize("stop", ["STOP", "huy", "Hủy", "DỪNG", "dung", " Dung. "])
async def test_stop_opts_out_and_start_opts_back_in(client: httpx2.AsyncClient, stop: str) -> None:
    [confirm] = await text(client, stop)
    assert "dừng" in confirm.lower()
    assert (await Citizen.get()).opted_out
    assert await text(client, REPORT) == []  # stored, but no more texts
    assert await Case.all().count() == 1
    [back] = await text(client, "BẮT ĐẦU")
    assert not (await Citizen.get()).opted_out and back


async def test_help_keyword(client: httpx2.AsyncClient) -> None:
    [reply] = await text(client, "trợ giúp")
    assert "TT" in reply
    assert await Case.all().count() == 0


async def test_status_query_answers_own_case_only(client: httpx2.AsyncClient) -> None:
    await text(client, REPORT)
    case = await Case.get()
    [own] = await text(client, f"tt {case.code.lower()}")
    assert case.code in own and "tiếp nhận" in own
    [others] = await text(client, f"TT {case.code}", sender=OTHER)
    assert "Không tìm thấy" in others and "tiếp nhận" not in others
    [missing] = await text(client, "TT HT-ZZZZ")
    assert "Không tìm thấy" in missing


async def test_survey_answer_is_stored_on_the_case(
    client: httpx2.AsyncClient, clock: FrozenClock
) -> None:
    await text(client, REPORT)
    await Case.all().update(status=CaseStatus.RESOLVED, survey_sent_at=clock.now(), thread_key=None)
    [thanks] = await text(client, "5")
    assert "đánh giá" in thanks
    assert (await Case.get()).satisfaction == 5


async def test_blocked_sender_is_stored_without_reply(client: httpx2.AsyncClient) -> None:
    await text(client, REPORT)
    await Citizen.all().update(blocked=True)
    assert await text(client, "Tin nhắn quấy rối lần nữa") == []
    assert await Message.filter(direction="inbound").count() == 2
    assert await Message.filter(direction="outbound").count() == 1


@pytest.mark.parametrize("sender", ["VIETTEL", "8088", "Vinaphone"])
async def test_senders_that_cannot_take_a_reply_get_none(
    client: httpx2.AsyncClient, sender: str
) -> None:
    assert await text(client, "Khuyen mai nap the 50%", sender=sender) == []
    assert await Message.filter(direction="inbound").count() == 1
    assert await Message.filter(direction="outbound").count() == 0
    assert await Case.all().count() == 0


async def test_emergency_is_urgent_and_points_to_113(client: httpx2.AsyncClient) -> None:
    [reply] = await text(client, "Cứu với, đang có cháy lớn ở chợ Tân Hương, khói rất nhiều")
    assert "113" in reply and "114" in reply
    assert (await Case.get()).urgent


async def test_photos_are_stored_with_the_message(client: httpx2.AsyncClient) -> None:
    url = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1"
    form = sms_form("Xe quá tải đây", num_media="1", MediaUrl0=url, MediaContentType0="image/jpeg")
    response = await post_signed(client, "/twilio/sms", form)
    assert response.status_code == 200
    message = await Message.get(direction="inbound")
    assert message.media == [{"url": url, "content_type": "image/jpeg"}]


@pytest.mark.parametrize(
    "body",
    ["<script>alert('x')</script> CSGT đòi tiền", "🚛🚛 quá tải 😡 ở ngã ba", "", "a&b<c>\"d'"],
)
async def test_any_unicode_is_stored_verbatim(client: httpx2.AsyncClient, body: str) -> None:
    response = await post_signed(client, "/twilio/sms", sms_form(body))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert (await Message.get(direction="inbound")).body == body


async def test_control_characters_are_stripped_before_storage(client: httpx2.AsyncClient) -> None:
    # PostgreSQL refuses NUL in text: the text would be lost with a 500.
    [reply] = await text(client, "Xe tải\x00 quá tải\x07 chạy\r\nqua cầu\tBến Lức")
    case = await Case.get()
    assert case.code in reply
    inbound = await Message.get(direction="inbound")
    assert inbound.body == "Xe tải quá tải chạy\nqua cầu\tBến Lức"
