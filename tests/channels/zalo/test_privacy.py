"""What a Zalo citizen shared stays sealed: the case page, the CSV export and the worker's
task payloads never carry the Zalo id, the shared name or address, nor the full number."""

from __future__ import annotations

import httpx2

from hotline_server.models import Case, Task
from hotline_server.tasks.worker import Worker
from tests.channels.zalo.conftest import USER, Oa

SHARED = {"name": "Trần Thị Bảo Mật", "phone": "84912345678", "address": "99 ngõ Kín"}


async def test_the_page_and_the_export_show_none_of_what_zalo_brought(
    oa: Oa, worker: Worker, officer: httpx2.AsyncClient
) -> None:
    await oa.write("Xe chở gỗ lậu qua cầu lúc nửa đêm")
    await oa.post(oa.fake.event("user_submit_info", USER, info=SHARED))
    await worker.run_until_idle()
    case = await Case.get()
    page = (await officer.get(f"/console/cases/{case.code}")).text
    export = await officer.get("/console/export.csv")
    assert export.status_code == 200 and case.code in export.text
    payloads = repr([t.payload for t in await Task.all()])
    secret = (USER, SHARED["name"], SHARED["address"], SHARED["phone"], "0912345678")
    for where in (page, export.text, payloads):
        assert not [s for s in secret if s in where]
