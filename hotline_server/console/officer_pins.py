"""Officer PINs from the console: an admin sets any officer's PIN and links console
accounts to officers; a user linked to an officer sets that officer's own PIN."""

from __future__ import annotations

from starlette.responses import Response

from hotline_server.auth.audit import audit
from hotline_server.auth.roles import Perm
from hotline_server.console import admin_forms as f
from hotline_server.console.admin import admin_action
from hotline_server.console.web import Console, page, safe_next
from hotline_server.models import Officer, User
from hotline_server.texts.officer_pin import BadPin, hash_pin


async def _set_pin(officer: Officer, pin: str) -> None:
    try:
        officer.pin_hash = hash_pin(pin)
    except BadPin:
        raise f.FormError("pin_bad") from None
    await officer.save(update_fields=["pin_hash"])


@admin_action("officer_pin")
async def officer_pin(c: Console) -> dict[str, object]:
    officer = await Officer.get_or_none(id=f.number(c, "officer", 1, 2**31 - 1))
    if officer is None:
        raise f.FormError("bad_input")
    await _set_pin(officer, c.field("pin"))
    return {"officer": officer.id}


@admin_action("user_officer")
async def user_officer(c: Console) -> dict[str, object]:
    user = await User.get_or_none(id=f.number(c, "user", 1, 2**31 - 1))
    officer_id = f.number(c, "officer", 0, 2**31 - 1, 0)
    officer = await Officer.get_or_none(id=officer_id) if officer_id else None
    if user is None or (officer_id and officer is None):
        raise f.FormError("bad_input")
    user.officer = officer
    await user.save(update_fields=["officer_id"])
    return {"user": user.username, "officer": officer.id if officer else None}


@page(Perm.VIEW_CASES)
async def own_pin(c: Console) -> Response:
    back = safe_next(c.field("next"))
    officer_id = c.user.officer_id
    officer = await Officer.get_or_none(id=officer_id) if officer_id else None
    if officer is None:
        return c.redirect(back, "bad_input")
    try:
        await _set_pin(officer, c.field("pin"))
    except f.FormError as exc:
        return c.redirect(back, str(exc))
    await audit(c.now(), c.user, "own_pin", detail={"officer": officer.id})
    return c.redirect(back, "done")
