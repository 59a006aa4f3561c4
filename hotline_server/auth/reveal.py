"""Who may reveal a citizen's number: a role that may, and, for accounts made in the
console, a director's approval (a second person: an administrator alone cannot make an
account that reveals).

The approver is a director of the account's hotline or, where that hotline has no active
director in the console, of the nearest parent hotline that has one. Accounts made on the
server's command line (which needs shell access) are approved when made.
"""

from __future__ import annotations

from datetime import datetime

from hotline_server.auth.audit import audit
from hotline_server.auth.roles import Perm, allowed
from hotline_server.auth.users import APPROVED, PENDING
from hotline_server.models import Hotline, User, UserRole

MAX_DEPTH = 10


def may_reveal(user: User) -> bool:
    return allowed(user.role, Perm.REVEAL_NUMBER) and user.reveal_approval == APPROVED


def needs_approval(user: User) -> bool:
    return allowed(user.role, Perm.REVEAL_NUMBER) and user.reveal_approval != APPROVED


async def approver_hotline(user: User) -> int | None:
    """The hotline whose directors approve ``user``: theirs, else the nearest parent with one."""
    hotline_id = user.hotline_id
    for _ in range(MAX_DEPTH):
        if hotline_id is None:
            return None
        directors = User.filter(
            hotline_id=hotline_id, role=UserRole.DIRECTOR, active=True, reveal_approval=APPROVED
        ).exclude(id=user.id)
        if await directors.exists():
            return int(hotline_id)
        hotline = await Hotline.get_or_none(id=hotline_id)
        hotline_id = hotline.parent_id if hotline else None
    return None


async def may_approve(director: User, user: User) -> bool:
    if not may_reveal(director) or director.role != UserRole.DIRECTOR or director.id == user.id:
        return False
    if not needs_approval(user):
        return False
    return bool(await approver_hotline(user) == director.hotline_id)


async def waiting_for(director: User) -> list[User]:
    """The accounts ``director`` may approve."""
    pending = await User.filter(reveal_approval=PENDING, active=True).order_by("id")
    return [u for u in pending if await may_approve(director, u)]


async def request_approval(now: datetime, admin: User, user: User) -> None:
    if needs_approval(user):
        detail = {"user": user.username, "role": str(user.role)}
        await audit(now, admin, "reveal_approval_requested", detail=detail)


async def approve(now: datetime, director: User, user: User) -> bool:
    if not await may_approve(director, user):
        return False
    updated = await User.filter(id=user.id, reveal_approval=PENDING).update(
        reveal_approval=APPROVED
    )
    if updated:
        detail = {"user": user.username, "role": str(user.role)}
        await audit(now, director, "reveal_approved", detail=detail)
    return bool(updated)
