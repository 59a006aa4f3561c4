"""Directors approve the accounts that may reveal numbers (`auth.reveal`)."""

from __future__ import annotations

from starlette.responses import Response

from hotline_server.auth.reveal import approve, waiting_for
from hotline_server.auth.roles import Perm
from hotline_server.cases.filters import as_int
from hotline_server.console.web import Console, page, refused
from hotline_server.models import User, UserRole


@page(Perm.REVEAL_NUMBER)
async def approvals(c: Console) -> Response:
    if c.user.role != UserRole.DIRECTOR:
        return refused(403, c.t("forbidden"))
    return c.render("approvals.html", waiting=await waiting_for(c.user))


@page(Perm.REVEAL_NUMBER)
async def approve_user(c: Console) -> Response:
    user_id = as_int(str(c.request.path_params["user_id"]))
    user = await User.get_or_none(id=user_id) if user_id is not None else None
    if user is None or not await approve(c.now(), c.user, user):
        return refused(403, c.t("forbidden"))
    return c.redirect("/console/approvals", "reveal_approved")
