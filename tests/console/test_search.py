"""Search folds Vietnamese on both sides (accents, đ/Đ, case), through the indexed
folded copy stored at intake, on SQLite and PostgreSQL; retention clears the copy."""

from __future__ import annotations

from datetime import timedelta

import httpx2
import pytest

from hotline_server.cases.purge import Purge, erase_case
from hotline_server.channels.log.adapter import ConsoleTelephony
from hotline_server.core.clock import FrozenClock
from hotline_server.models import Case, CaseStatus, Message, MessageWord, Task, TaskStatus
from hotline_server.settings import Settings
from tests.console.conftest import Login, World
from tests.twilio_helpers import text

ACCENTED = "Có người dùng máy KÍCH ĐIỆN bắt cá ở đập Đồng Tâm"
PLAIN = "tui thay may ong chich dien ca o kenh Xang"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("kích điện", {"accented"}),
        ("kich dien", {"accented"}),
        ("KICH ĐIỆN", {"accented"}),
        ("đồng tâm", {"accented"}),
        ("dong tam", {"accented"}),
        ("chích điện", {"plain"}),
        ("điện", {"accented", "plain"}),
        ("dien kich", set()),  # the words as written, in order
        ("điện thoại", set()),
    ],
)
async def test_search_ignores_accents_and_case_on_both_sides(
    login: Login, world: World, client: httpx2.AsyncClient, clock: FrozenClock,
    query: str, found: set[str],
) -> None:  # fmt: skip
    await text(client, ACCENTED, sender="+84911000001")
    await text(client, PLAIN, sender="+84911000002")
    codes = {}
    for name, body in (("accented", ACCENTED), ("plain", PLAIN)):
        message = await Message.get(body=body)
        codes[name] = (await Case.get(id=message.case_id)).code
    client_ = await login("director")
    page = (await client_.get("/console/", params={"q": query})).text
    assert {name for name, code in codes.items() if code in page} == found


async def test_the_folded_copy_is_stored_and_cleared_by_retention(
    world: World, client: httpx2.AsyncClient, clock: FrozenClock, settings: Settings
) -> None:
    await text(client, ACCENTED, sender="+84911000001")
    message = await Message.get(body=ACCENTED)
    assert message.body_folded == "co nguoi dung may kich dien bat ca o dap dong tam"
    words = set(await MessageWord.filter(message_id=message.id).values_list("word", flat=True))
    assert {"kich", "dien", "dong", "tam"} <= words
    case_id = message.case_id
    await Case.filter(id=case_id).update(
        status=CaseStatus.CLOSED, updated_at=clock.now() - timedelta(days=400)
    )
    await Task.filter(case_id=case_id).update(status=TaskStatus.DONE)
    purge = Purge.of(ConsoleTelephony(), settings.media_dir)
    assert await erase_case(purge, await Case.get(id=case_id), clock.now())
    cleared = await Message.get(id=message.id)
    assert ACCENTED not in cleared.body and cleared.body_folded == ""
    assert not await MessageWord.filter(message_id=message.id).exists()
