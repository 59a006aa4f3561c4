"""Bearer tokens for the API and the JSON errors it answers with."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from hotline_server.auth.roles import Perm, allowed
from hotline_server.auth.tokens import user_for_token
from hotline_server.cases.scope import hotline_scope
from hotline_server.context import AppContext, app_context
from hotline_server.models import User


@dataclass(frozen=True)
class ApiCall:
    request: Request
    user: User
    app: AppContext
    scope: list[int] | None


ApiFn = Callable[[ApiCall], Awaitable[Response]]


def error(status: int, message: str, **headers: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers or None)


def api(perm: Perm) -> Callable[[ApiFn], Callable[[Request], Awaitable[Response]]]:
    def wrap(fn: ApiFn) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            ctx = app_context(request.app)
            scheme, _, token = request.headers.get("authorization", "").partition(" ")
            user = (
                await user_for_token(token.strip(), ctx.clock.now())
                if scheme.lower() == "bearer"
                else None
            )
            if user is None:
                return error(
                    401, "a valid bearer token is required", **{"WWW-Authenticate": "Bearer"}
                )
            if not allowed(user.role, perm):
                return error(403, "not allowed for this role")
            return await fn(ApiCall(request, user, ctx, await hotline_scope(user)))

        endpoint.__name__ = fn.__name__
        return endpoint

    return wrap


async def json_body(request: Request) -> dict[str, Any] | None:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return None
    try:
        body = await request.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None
