"""What each kind of text is answered, in the language it was written in."""

from __future__ import annotations

import httpx2
import pytest

from hotline_server.core.clock import FrozenClock
from hotline_server.models import Case, CaseEvent, CaseKind, Citizen, Message, Task
from tests.twilio_helpers import text

pytestmark = pytest.mark.usefixtures("hotline")


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("Vay tiêu dùng 50 triệu, không cần chứng minh thu nhập, LH 0912 345 678", CaseKind.SPAM),
        ("asdfghjkl", CaseKind.SPAM),
        ("???", CaseKind.SPAM),
        ("Mẹ ơi tối nay con học thêm, 9h mẹ ra cổng trường đón con nhé", CaseKind.WRONG_NUMBER),
    ],
)
async def test_spam_and_wrong_numbers_are_kept_unanswered_and_open_no_work(
    client: httpx2.AsyncClient, body: str, kind: CaseKind
) -> None:
    assert await text(client, body) == []
    case = await Case.get()
    assert case.kind is kind
    assert await Message.filter(case_id=case.id, direction="inbound").count() == 1
    assert await Message.filter(direction="outbound").count() == 0
    assert await Task.all().count() == 0  # no team notice, no escalation


async def test_a_question_gets_a_code_and_the_question_acknowledgement(
    client: httpx2.AsyncClient,
) -> None:
    [reply] = await text(client, "Cho em hỏi làm hộ chiếu lần đầu nộp online thì bao lâu có ạ?")
    case = await Case.get()
    assert case.kind is CaseKind.QUESTION
    assert "câu hỏi" in reply and case.code in reply and "phản ánh" not in reply
    assert await Task.filter(kind="team_batch").count() == 1  # the team is told in its batch


async def test_an_english_report_is_classified_and_answered_in_english(
    client: httpx2.AsyncClient,
) -> None:
    body = "A traffic policeman at the Km 18 checkpoint asked me for 500k, he gave me no ticket"
    [reply] = await text(client, body)
    case = await Case.get()
    assert case.kind is CaseKind.REPORT and case.category == "officer_misconduct"
    assert reply.startswith("Police received your report") and case.code in reply
    assert (await Citizen.get()).language == "en"  # later texts to this citizen too


async def test_an_english_greeting_is_answered_in_english(client: httpx2.AsyncClient) -> None:
    [reply] = await text(client, "Happy Lunar New Year to you and your team")
    assert reply.startswith("Thank you for your message")


async def test_a_report_after_a_greeting_gets_the_full_acknowledgement(
    client: httpx2.AsyncClient, clock: FrozenClock
) -> None:
    [greeting] = await text(client, "Chào anh Giám đốc ạ")
    assert "HT-" not in greeting and "Cảm ơn anh/chị đã nhắn tin" in greeting
    clock.advance(minutes=5)
    [ack] = await text(client, "CSGT ở chốt Km12 đòi tiền xe tải, không lập biên bản")
    case = await Case.get()
    assert case.kind is CaseKind.REPORT
    assert ack.startswith("Công an đã nhận phản ánh") and case.code in ack
    clock.advance(minutes=5)
    [follow_up] = await text(client, "Biển số xe 51C-123.45, lúc 6h sáng")
    assert "bổ sung" in follow_up and case.code in follow_up


async def test_a_follow_up_never_cites_a_code_the_citizen_was_not_given(
    client: httpx2.AsyncClient, clock: FrozenClock
) -> None:
    await text(client, "asdfghjkl")
    case = await Case.get()
    case.kind = CaseKind.REPORT  # turned into a report in the console, nothing texted
    await case.save()
    clock.advance(minutes=5)
    [reply] = await text(client, "Biển số xe 51C-123.45, lúc 6h sáng")
    assert reply.startswith("Công an đã nhận phản ánh") and case.code in reply


async def test_a_question_the_faq_answers_gets_the_answer_at_once_with_its_code(
    client: httpx2.AsyncClient,
) -> None:
    [reply] = await text(
        client, "Bị phạt nguội thì tra cứu ở đâu và nộp phạt online được không anh?"
    )
    case = await Case.get()
    assert case.kind is CaseKind.QUESTION
    assert "csgt.vn" in reply and case.code in reply
    assert await CaseEvent.filter(case_id=case.id, kind="faq_answer").exists()
    assert (
        await Task.filter(kind="team_batch").count() == 1
    )  # the team is told in its batch  # still a person's


async def test_an_english_question_gets_the_english_answer(client: httpx2.AsyncClient) -> None:
    [reply] = await text(client, "How long does it take to get a new passport if I apply online?")
    assert reply.startswith("Passport: apply online") and "HT-" in reply


async def test_a_photo_with_a_punctuation_caption_is_still_a_report(
    client: httpx2.AsyncClient,
) -> None:
    media = {"MediaUrl0": "https://api.twilio.com/x/Media/ME1", "MediaContentType0": "image/jpeg"}
    [reply] = await text(client, ".", num_media="1", **media)
    case = await Case.get()
    assert case.kind is CaseKind.REPORT and case.code in reply
