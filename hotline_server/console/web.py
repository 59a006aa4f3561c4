"""The plumbing every console page shares: the logged-in user, CSRF, roles, rendering."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from hotline_server.auth.roles import Perm, allowed
from hotline_server.auth.session import CSRF_FIELD, CSRF_HEADER, csrf_ok, csrf_token, session_user
from hotline_server.cases.scope import hotline_scope
from hotline_server.console.i18n import translate
from hotline_server.console.templating import console_environment
from hotline_server.context import AppContext, app_context
from hotline_server.models import User

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; media-src 'self'; "
        "style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; "
        "base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


@dataclass
class Console:
    request: Request
    user: User
    app: AppContext
    scope: list[int] | None
    form: FormData = field(default_factory=FormData)

    @property
    def lang(self) -> str:
        return self.user.language if self.user.language in ("vi", "en") else "vi"

    def now(self) -> datetime:
        return self.app.clock.now()

    def t(self, key: str, **values: Any) -> str:
        return translate(self.lang, key, **values)

    def can(self, perm: Perm) -> bool:
        return allowed(self.user.role, perm)

    def field(self, name: str, default: str = "") -> str:
        value = self.form.get(name)
        return value.replace("\x00", "").strip() if isinstance(value, str) else default

    def render(self, template: str, status_code: int = 200, **values: Any) -> Response:
        values.setdefault("flash", self.pop_flash())
        return render(self.request, template, self.lang, status_code, c=self, **values)

    def redirect(self, url: str, flash: str | None = None) -> Response:
        if flash:
            self.request.session["flash"] = flash
        return RedirectResponse(url, status_code=303)

    def pop_flash(self) -> str | None:
        flash = self.request.session.pop("flash", None)
        return flash if isinstance(flash, str) else None


PageFn = Callable[[Console], Awaitable[Response]]
Endpoint = Callable[[Request], Awaitable[Response]]


def render(
    request: Request, template: str, lang: str, status_code: int = 200, **values: Any
) -> Response:
    env = console_environment(request.app)
    values.setdefault("c", None)

    def t(key: str, **more: Any) -> str:
        return translate(lang, key, **more)

    html = env.get_template(template).render(t=t, csrf=csrf_token(request), Perm=Perm, **values)
    return secure(HTMLResponse(html, status_code=status_code))


def safe_next(raw: object, default: str = "/console/") -> str:
    """A redirect target from user input: only a path inside the console."""
    value = raw if isinstance(raw, str) else ""
    ok = value.startswith("/console/") and not value.startswith("//") and "\\" not in value
    return value if ok else default


def secure(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def refused(status: int, text: str) -> Response:
    return secure(PlainTextResponse(text, status_code=status))


async def checked_form(request: Request) -> FormData | None:
    form = await request.form()
    sent = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
    return form if isinstance(sent, str) and csrf_ok(request, sent) else None


def page(perm: Perm) -> Callable[[PageFn], Endpoint]:
    """A console endpoint: login required, CSRF on POST, and `perm` for the user's role."""

    def wrap(fn: PageFn) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            form = FormData()
            if request.method == "POST":
                checked = await checked_form(request)
                if checked is None:
                    return refused(403, "CSRF token missing or wrong")
                form = checked
            user = await session_user(request)
            if user is None:
                if request.method != "GET":
                    return refused(401, "login required")
                target = quote(
                    request.url.path + ("?" + request.url.query if request.url.query else "")
                )
                return RedirectResponse(f"/console/login?next={target}", status_code=303)
            if not allowed(user.role, perm):
                return refused(403, translate(user.language, "forbidden"))
            ctx = app_context(request.app)
            console = Console(request, user, ctx, await hotline_scope(user), form)
            return await fn(console)

        endpoint.__name__ = fn.__name__
        return endpoint

    return wrap
