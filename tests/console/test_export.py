"""The CSV speaks the user's language, with the machine codes in extra columns; the
pages name media in Vietnamese too."""

from __future__ import annotations

import csv
import io

from tests.console.conftest import Login, World


async def test_the_csv_is_in_vietnamese_with_the_codes_alongside(
    login: Login, world: World
) -> None:
    client = await login("director")
    text = (await client.get("/console/export.csv")).text.lstrip("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[:4] == ["Mã", "Tiếp nhận", "Đường dây", "Kênh"]
    assert header[-4:] == ["channel_code", "kind_code", "category_code", "status_code"]
    row = next(r for r in rows if r[0] == "HT-7K3Q")
    assert row[3:7] == ["Tin nhắn", "Phản ánh", "Giao thông, xe quá tải", "Mới"]
    assert row[8] == "không"
    assert row[-4:] == ["sms", "report", "traffic", "new"]
    inbox = (await client.get("/console/")).text
    assert ">Tin nhắn<" in inbox and ">sms<" not in inbox
