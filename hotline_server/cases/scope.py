"""Which cases a user may see: their hotline and the hotlines below it, or their unit's."""

from __future__ import annotations

from typing import cast

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from hotline_server.cases.codes import normalise_code
from hotline_server.models import Case, Hotline, Unit, User, UserRole


async def hotline_scope(user: User) -> list[int] | None:
    """The hotline ids a user works on; None means every hotline (administrators)."""
    if user.role == UserRole.ADMIN:
        return None
    root = user.hotline_id
    if root is None and user.unit_id is not None:
        unit = await Unit.get_or_none(id=user.unit_id)
        root = unit.hotline_id if unit else None
    if root is None:
        return []
    found, frontier = [root], [root]
    while frontier:
        query = Hotline.filter(parent_id__in=frontier).values_list("id", flat=True)
        children = cast(list[int], await query)
        frontier = [c for c in children if c not in found]
        found.extend(frontier)
    return found


def visible_cases(user: User, scope: list[int] | None) -> QuerySet[Case]:
    """A unit's officers see the cases assigned to the unit, never one about the unit."""
    if user.role == UserRole.UNIT:
        unit_id = user.unit_id
        if unit_id is None:
            return Case.filter(id=-1)
        return Case.filter(
            Q(about_unit_id__isnull=True) | ~Q(about_unit_id=unit_id), unit_id=unit_id
        )
    if scope is None:
        return Case.all()
    return Case.filter(hotline_id__in=scope)


def not_about(unit_id: int | None) -> Q:
    """Cases not about the unit (a report about unit X is never shown to unit X)."""
    return Q(about_unit_id__isnull=True) | ~Q(about_unit_id=unit_id)


async def visible_case(user: User, scope: list[int] | None, code: str) -> Case | None:
    canonical = normalise_code(code[:40])
    if canonical is None:
        return None
    return await visible_cases(user, scope).filter(code=canonical).first()


def visible_hotlines(scope: list[int] | None) -> QuerySet[Hotline]:
    return Hotline.all() if scope is None else Hotline.filter(id__in=scope)


def visible_units(scope: list[int] | None) -> QuerySet[Unit]:
    if scope is None:
        return Unit.all()
    return Unit.filter(Q(hotline_id__in=scope) | Q(hotline_id__isnull=True))
