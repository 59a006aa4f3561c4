"""Login, logout and the language switch."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from hotline_server.auth.roles import Perm
from hotline_server.auth.session import log_in, log_out
from hotline_server.auth.users import LoginPolicy, LoginResult, check_login, revoke_sessions
from hotline_server.console.web import Console, checked_form, page, refused, render, safe_next
from hotline_server.context import app_context


async def login_form(request: Request) -> Response:
    return render(request, "login.html", "vi", next=safe_next(request.query_params.get("next")))


async def login_submit(request: Request) -> Response:
    form = await checked_form(request)
    if form is None:
        return refused(403, "CSRF token missing or wrong")
    ctx = app_context(request.app)
    settings = ctx.settings
    policy = LoginPolicy(
        settings.login_max_failures,
        settings.login_lockout_minutes,
        settings.login_max_failures_per_ip,
    )
    ip = request.client.host if request.client else "-"
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    result, user = await check_login(username, password, ctx.clock.now(), policy, ip)
    target = safe_next(form.get("next"))
    if result != LoginResult.OK or user is None:
        error = "login_locked" if result == LoginResult.LOCKED else "login_bad"
        status = 429 if result == LoginResult.LOCKED else 401
        return render(request, "login.html", "vi", status, error=error, next=target)
    log_in(request, user)
    return RedirectResponse(target, status_code=303)


@page(Perm.VIEW_CASES)
async def logout(c: Console) -> Response:
    await revoke_sessions(c.user)
    log_out(c.request)
    return RedirectResponse("/console/login", status_code=303)


@page(Perm.VIEW_CASES)
async def language(c: Console) -> Response:
    lang = c.field("language")
    if lang in ("vi", "en"):
        c.user.language = lang
        await c.user.save(update_fields=["language"])
    return c.redirect(safe_next(c.field("next")))
