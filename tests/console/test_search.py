"""Search folds Vietnamese on both sides (accents, đ/Đ, case), through the folded copy
stored at intake and the words the worker indexes, on SQLite and PostgreSQL; a text is
found before its words are indexed; retention clears the copy and the words."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx2
import pytest

from hotline_server.cases.purge import Purge, erase_case
from hotline_server.cases.search import matching_case_ids
from hotline_server.cases.word_index import index_pending
from hotline_server.channels.log.adapter import ConsoleTelephony
from hotline_server.core.clock import FrozenClock
from hotline_server.models import Case, CaseStatus, Message, MessageWord, Task, TaskStatus
from hotline_server.settings import Settings
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.worker import Worker
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
    assert await index_pending() == 1
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


async def _words(message_id: int) -> list[str]:
    return [
        str(w)
        for w in await MessageWord.filter(message_id=message_id).values_list("word", flat=True)
    ]


async def test_a_text_is_found_before_and_after_the_worker_indexes_it(
    world: World, client: httpx2.AsyncClient
) -> None:
    await text(client, ACCENTED, sender="+84911000001")
    message = await Message.get(body=ACCENTED)
    assert message.words_pending and await _words(message.id) == []  # not on the webhook's path
    assert await matching_case_ids("kích điện") == {message.case_id}
    assert await matching_case_ids("điện kích") == set()
    assert await index_pending() == 1
    indexed = await Message.get(id=message.id)
    assert not indexed.words_pending
    assert sorted(await _words(message.id)) == sorted(set(message.body_folded.split()))
    assert await matching_case_ids("KICH ĐIỆN") == {message.case_id}  # now through the index
    assert await index_pending() == 0  # nothing pending: nothing written
    [reply] = await Message.filter(reply_to_id=message.id)
    assert not reply.words_pending  # answers are not searched


async def test_texts_are_indexed_a_batch_at_a_time_and_each_once(
    world: World, client: httpx2.AsyncClient
) -> None:
    for i in range(7):
        await text(client, f"{PLAIN} lan {i}", sender=f"+8491100{i:04d}")
    # concurrent indexers (several workers on PostgreSQL) take each text once
    taken = await asyncio.gather(*(index_pending(limit=2) for _ in range(4)))
    assert sorted(taken) == [1, 2, 2, 2] and await index_pending() == 0
    inbound = await Message.filter(body__startswith=PLAIN)
    assert len(inbound) == 7 and not any(m.words_pending for m in inbound)
    for message in inbound:
        words = await _words(message.id)
        assert len(words) == len(set(words)) == len(set(message.body_folded.split()))
    assert len(await matching_case_ids("chich dien")) == 7


async def test_a_text_erased_before_it_is_indexed_leaves_no_words(
    world: World, client: httpx2.AsyncClient, clock: FrozenClock, settings: Settings
) -> None:
    await text(client, ACCENTED, sender="+84911000001")
    message = await Message.get(body=ACCENTED)
    await Case.filter(id=message.case_id).update(status=CaseStatus.CLOSED)
    await Task.filter(case_id=message.case_id).update(status=TaskStatus.DONE)
    purge = Purge.of(ConsoleTelephony(), settings.media_dir)
    assert await erase_case(purge, await Case.get(id=message.case_id), clock.now())
    assert await index_pending() == 1  # the flag cleared, the erased body holds no words
    assert await _words(message.id) == []
    assert await matching_case_ids("kich dien") == set()


async def test_the_running_worker_indexes_new_texts(
    world: World, client: httpx2.AsyncClient, clock: FrozenClock, settings: Settings
) -> None:
    await text(client, ACCENTED, sender="+84911000001")
    worker = Worker(TaskContext.create(settings, ConsoleTelephony(now=clock.now), clock), {})
    worker.start()
    try:
        for _ in range(200):  # the index job runs each second
            if not await Message.filter(words_pending=True).exists():
                break
            await asyncio.sleep(0.05)
    finally:
        await worker.drain(grace=1)
        await worker.ctx.aclose()
    message = await Message.get(body=ACCENTED)
    assert {"kich", "dien"} <= set(await _words(message.id))
