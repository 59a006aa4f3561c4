"""Administration: hotlines, units, officers (with the roster rules) and users."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.responses import Response

from hotline_server.auth.audit import audit
from hotline_server.auth.passwords import WeakPassword
from hotline_server.auth.reveal import request_approval
from hotline_server.auth.roles import Perm
from hotline_server.auth.users import UserError, create_user
from hotline_server.cases.filters import as_int
from hotline_server.console import admin_forms as f
from hotline_server.console.web import Console, Endpoint, page, refused, safe_next
from hotline_server.core.phones import BadNumber, normalise_number
from hotline_server.models import (
    DutyRule,
    FaqEntry,
    Hotline,
    HotlineLevel,
    Officer,
    OfficerRole,
    Unit,
    User,
    UserRole,
)


@page(Perm.ADMIN)
async def admin_home(c: Console) -> Response:
    return c.render(
        "admin.html",
        hotlines=await Hotline.all().order_by("id"),
        units=await Unit.all().prefetch_related("hotline").order_by("name"),
        officers=await Officer.all()
        .prefetch_related("hotline", "unit")
        .order_by("hotline_id", "name"),
        users=await User.all().prefetch_related("hotline", "unit").order_by("username"),
        faq=await FaqEntry.all().order_by("id"),
        editing_faq=await FaqEntry.get_or_none(id=as_int(c.request.query_params.get("faq")) or 0),
        levels=list(HotlineLevel),
        officer_roles=list(OfficerRole),
        user_roles=list(UserRole),
    )


FormFn = Callable[[Console], Awaitable[dict[str, object]]]


def admin_action(name: str) -> Callable[[FormFn], Endpoint]:
    """Run a form handler; a FormError or bad number comes back as a message."""

    def wrap(fn: FormFn) -> Endpoint:
        @page(Perm.ADMIN)
        async def endpoint(c: Console) -> Response:
            try:
                detail = await fn(c)
            except (f.FormError, BadNumber, UserError, WeakPassword) as exc:
                flash = str(exc) if isinstance(exc, f.FormError) else "bad_input"
                return c.redirect(safe_next(c.field("back"), "/console/admin"), flash)
            await audit(c.now(), c.user, "admin_" + name, detail=detail)
            return c.redirect(safe_next(c.field("back"), "/console/admin"), "done")

        endpoint.__name__ = fn.__name__
        return endpoint

    return wrap


def _number(c: Console, name: str) -> str:
    return normalise_number(f.text(c, name, 30), c.app.settings.default_region)


@admin_action("hotline")
async def create_hotline(c: Console) -> dict[str, object]:
    parent = as_int(c.field("parent"))
    level = c.field("level")
    if level not in {lv.value for lv in HotlineLevel}:
        raise f.FormError("bad_input")
    hotline = await Hotline.create(
        number=_number(c, "number"),
        name=f.text(c, "name"),
        level=HotlineLevel(level),
        parent_id=parent if parent and await Hotline.exists(id=parent) else None,
        ring_timeout=f.number(c, "ring_timeout", 5, 120, 20),
        sla_minutes=f.number(c, "sla_minutes", 5, 10_000, 120),
    )
    return {"hotline": hotline.id}


@admin_action("unit")
async def create_unit(c: Console) -> dict[str, object]:
    hotline = as_int(c.field("hotline"))
    code = f.text(c, "code", 40).lower()
    if await Unit.exists(code=code):
        raise f.FormError("bad_input")
    unit = await Unit.create(
        code=code,
        name=f.text(c, "name"),
        hotline_id=hotline if hotline and await Hotline.exists(id=hotline) else None,
    )
    return {"unit": unit.code}


@admin_action("officer")
async def create_officer(c: Console) -> dict[str, object]:
    hotline = await Hotline.get_or_none(id=f.number(c, "hotline", 1, 2**31 - 1))
    role = c.field("role")
    if hotline is None or role not in {r.value for r in OfficerRole}:
        raise f.FormError("bad_input")
    unit_id = as_int(c.field("unit"))
    officer = await Officer.create(
        hotline=hotline,
        name=f.text(c, "name"),
        phone=_number(c, "phone"),
        role=OfficerRole(role),
        unit_id=unit_id if unit_id and await Unit.exists(id=unit_id) else None,
    )
    return {"officer": officer.id}


@admin_action("officer_flags")
async def officer_flags(c: Console) -> dict[str, object]:
    officer = await Officer.get_or_none(id=f.number(c, "officer", 1, 2**31 - 1))
    if officer is None:
        raise f.FormError("bad_input")
    officer.active = c.field("active") == "1"
    officer.do_not_disturb = c.field("dnd") == "1"
    await officer.save(update_fields=["active", "do_not_disturb"])
    return {"officer": officer.id, "active": officer.active, "dnd": officer.do_not_disturb}


@admin_action("user")
async def create_console_user(c: Console) -> dict[str, object]:
    role = c.field("role")
    if role not in {r.value for r in UserRole}:
        raise f.FormError("bad_input")
    hotline = await Hotline.get_or_none(id=as_int(c.field("hotline")) or 0)
    unit = await Unit.get_or_none(id=as_int(c.field("unit")) or 0)
    user = await create_user(
        f.text(c, "username", 80),
        c.field("password"),
        UserRole(role),
        display_name=f.text(c, "display_name", required=False),
        hotline_number=hotline.number if hotline else None,
        unit_code=unit.code if unit else None,
        language=c.field("language") or "vi",
        reveal_approved=False,
    )
    await request_approval(c.now(), c.user, user)
    return {"user": user.username, "reveal": user.reveal_approval}


@admin_action("user_active")
async def user_active(c: Console) -> dict[str, object]:
    user = await User.get_or_none(id=f.number(c, "user", 1, 2**31 - 1))
    if user is None or user.id == c.user.id:
        raise f.FormError("bad_input")
    user.active = c.field("active") == "1"
    await user.save(update_fields=["active"])
    return {"user": user.username, "active": user.active}


@admin_action("duty_rule")
async def create_rule(c: Console) -> dict[str, object]:
    hotline = f.number(c, "hotline", 1, 2**31 - 1)
    officer = await Officer.get_or_none(id=f.number(c, "officer", 1, 2**31 - 1), hotline_id=hotline)
    if officer is None:
        raise f.FormError("bad_input")
    rule = await DutyRule.create(
        hotline_id=hotline,
        officer=officer,
        position=f.number(c, "position", 0, 99, 0),
        weekdays=f.weekdays(c),
        start_minute=f.clock_minute(c, "start"),
        end_minute=f.clock_minute(c, "end"),
    )
    return {"rule": rule.id, "hotline": hotline}


@admin_action("duty_rule_edit")
async def update_rule(c: Console) -> dict[str, object]:
    rule = await DutyRule.get_or_none(id=as_int(str(c.request.path_params["rule_id"])) or 0)
    if rule is None:
        raise f.FormError("not_found")
    hotline = rule.hotline_id
    officer = await Officer.get_or_none(id=f.number(c, "officer", 1, 2**31 - 1), hotline_id=hotline)
    if officer is None:
        raise f.FormError("bad_input")
    rule.officer = officer
    rule.position = f.number(c, "position", 0, 99, rule.position)
    rule.weekdays = f.weekdays(c)
    rule.start_minute = f.clock_minute(c, "start")
    rule.end_minute = f.clock_minute(c, "end")
    await rule.save()
    return {"rule": rule.id, "hotline": hotline}


@page(Perm.ADMIN)
async def delete_rule(c: Console) -> Response:
    rule_id = as_int(str(c.request.path_params["rule_id"]))
    rule = await DutyRule.get_or_none(id=rule_id or 0)
    if rule is None:
        return refused(404, c.t("not_found"))
    hotline = rule.hotline_id
    await rule.delete()
    await audit(c.now(), c.user, "admin_duty_rule_delete", detail={"rule": rule_id})
    return c.redirect(f"/console/roster?hotline={hotline}", "done")
