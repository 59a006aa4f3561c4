"""Duty rules can be edited in place: the form comes back filled in, and saving changes
the rule (and the call chain) instead of adding one."""

from __future__ import annotations

from hotline_server.models import AuditEvent, DutyRule
from tests.console.conftest import Login, World, page_csrf


async def test_an_administrator_edits_a_duty_rule(login: Login, world: World) -> None:
    admin = await login("admin")
    rule = await DutyRule.filter(hotline_id=world.province.id).order_by("position").first()
    assert rule is not None
    count = await DutyRule.all().count()
    roster = f"/console/roster?hotline={world.province.id}"
    page = (await admin.get(roster)).text
    assert f"edit={rule.id}" in page and ">1</td>" in page  # numbered from 1, like the diagram
    form = (await admin.get(f"{roster}&edit={rule.id}")).text
    assert f'action="/console/admin/roster/rules/{rule.id}"' in form
    csrf = await page_csrf(admin, roster)
    answer = await admin.post(
        f"/console/admin/roster/rules/{rule.id}",
        data={
            "csrf_token": csrf, "officer": str(rule.officer_id), "position": "0",
            "weekday": ["0", "1", "2", "3", "4"], "start": "07:30", "end": "17:00",
            "back": roster,
        },
    )  # fmt: skip
    assert answer.status_code == 303
    changed = await DutyRule.get(id=rule.id)
    assert (changed.weekdays, changed.start_minute, changed.end_minute) == ("01234", 450, 1020)
    assert await DutyRule.all().count() == count
    assert await AuditEvent.filter(action="admin_duty_rule_edit").exists()
