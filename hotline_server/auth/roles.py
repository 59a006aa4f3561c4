"""What each role may do. The server checks these on every route."""

from __future__ import annotations

from enum import StrEnum

from hotline_server.models import UserRole


class Perm(StrEnum):
    VIEW_CASES = "view_cases"
    TRIAGE = "triage"  # kind, category, unit, reply, callback, merge, spam
    CHANGE_STATUS = "change_status"
    NOTE = "note"
    REVEAL_NUMBER = "reveal_number"
    HEAR_RECORDINGS = "hear_recordings"
    VIEW_PHOTOS = "view_photos"
    EXPORT = "export"
    STATS = "stats"
    ROSTER_VIEW = "roster_view"
    ADMIN = "admin"


A, D, S, U = UserRole.ADMIN, UserRole.DIRECTOR, UserRole.ASSISTANT, UserRole.UNIT

GRANTS: dict[Perm, frozenset[UserRole]] = {
    Perm.VIEW_CASES: frozenset({A, D, S, U}),
    Perm.TRIAGE: frozenset({A, D, S}),
    Perm.CHANGE_STATUS: frozenset({A, D, S, U}),
    Perm.NOTE: frozenset({A, D, S, U}),
    Perm.REVEAL_NUMBER: frozenset({D, S}),
    Perm.HEAR_RECORDINGS: frozenset({A, D, S}),
    # A photo shows the scene, not the sender: unit officers need it to act. A citizen's
    # audio or video clip may carry their voice, so clips need HEAR_RECORDINGS as well.
    Perm.VIEW_PHOTOS: frozenset({A, D, S, U}),
    Perm.EXPORT: frozenset({A, D, S, U}),
    Perm.STATS: frozenset({A, D, S}),
    Perm.ROSTER_VIEW: frozenset({A, D, S}),
    Perm.ADMIN: frozenset({A}),
}

# The statuses a unit officer may set: the work of the unit, not triage.
UNIT_STATUSES = frozenset({"in_progress", "resolved"})


def allowed(role: UserRole | str, perm: Perm) -> bool:
    return UserRole(role) in GRANTS[perm]
