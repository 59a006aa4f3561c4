"""Erasure on request: ``XOA`` asks for confirmation, ``XOA DONGY`` erases the closed cases at
once and the open ones when they close; the number goes with the last; audited, in the digest."""

from __future__ import annotations

from datetime import timedelta

import httpx2
import pytest

from hotline_server.auth.reveal_digest import erasure_line
from hotline_server.cases.purge import ERASED
from hotline_server.cases.status import change_status
from hotline_server.core.clock import FrozenClock
from hotline_server.lang.keywords import Erase, parse_command
from hotline_server.models import AuditEvent, Case, CaseEvent, CaseStatus, Citizen, Hotline, Message
from hotline_server.tasks.payloads import Retention
from hotline_server.tasks.queue import enqueue
from hotline_server.tasks.worker import Worker
from tests.twilio_helpers import text


@pytest.mark.parametrize(
    ("body", "command"),
    [
        ("XOA", Erase(False)), ("xoá", Erase(False)), ("Xóa đồng ý", Erase(True)),
        ("XOA DONGY", Erase(True)), ("xoa dong y", Erase(True)), ("erase yes", Erase(True)),
        ("xoa giup toi cai bien so", None), ("Xoá HT-7K3Q", None),
    ],
)  # fmt: skip
def test_the_erasure_keyword(body: str, command: Erase | None) -> None:
    assert parse_command(body) == command


async def _case_of_text(client: httpx2.AsyncClient, body: str) -> Case:
    await text(client, body)
    message = await Message.filter(body=body).get()
    return await Case.get(id=message.case_id)


async def test_xoa_dongy_erases_closed_cases_now_and_open_ones_when_they_close(
    client: httpx2.AsyncClient, worker: Worker, hotline: Hotline, clock: FrozenClock
) -> None:
    closed = await _case_of_text(client, "Cán bộ phường đòi tiền ở nhà số 5")
    await change_status(closed, CaseStatus.CLOSED, "troly", "xong", clock.now())
    await worker.run_until_idle()  # the citizen is told the case is closed
    open_case = await _case_of_text(client, "Xe quá tải đi qua cầu nhà tôi")
    assert open_case.id != closed.id
    [ask] = await text(client, "XOA")
    assert "XOA DONGY" in ask and not await AuditEvent.filter(action="erasure_request").exists()
    [done] = await text(client, "XOA DONGY")
    assert "xoá" in done
    assert await CaseEvent.filter(case_id=open_case.id, kind="erasure_requested").exists()
    [request] = await AuditEvent.filter(action="erasure_request")
    assert request.detail["open"] == 1 and request.case_id is None

    clock.advance(minutes=3)
    await worker.run_until_idle()
    bodies = [m.body for m in await Message.filter(case_id=closed.id)]
    assert len(bodies) >= 3 and set(bodies) == {ERASED}  # the text, the ack, the closing text
    assert (await Case.get(id=closed.id)).erased_at is not None
    assert await Message.filter(case_id=open_case.id, body__not=ERASED).exists()
    citizen = await Citizen.get(id=closed.citizen_id)
    assert citizen.phone_enc is not None  # an open case may still need an answer

    await change_status(open_case, CaseStatus.CLOSED, "troly", "xong", clock.now())
    await worker.run_until_idle()  # the closing text first: the case waits for it
    await enqueue(Retention(day=clock.now().date()), "retention:now", clock.now(), now=clock.now())
    await worker.run_until_idle()
    assert (await Case.get(id=open_case.id)).erased_at is not None
    assert {m.body for m in await Message.filter(case_id=open_case.id)} == {ERASED}
    citizen = await Citizen.get(id=citizen.id)
    assert citizen.phone_enc is None and citizen.erased_at is not None
    day = clock.now() - timedelta(hours=1)
    assert await erasure_line(hotline.id, day, clock.now() + timedelta(hours=1)) == (
        " Yêu cầu xoá dữ liệu: 1."
    )
