"""What the triage of one message produces."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    QUESTION = "question"
    REPORT = "report"
    SPAM = "spam"
    WRONG_NUMBER = "wrong_number"


class Category(StrEnum):
    """Report categories; on equal scores the earlier one wins."""

    OFFICER_MISCONDUCT = "officer_misconduct"
    TRAFFIC = "traffic"
    ILLEGAL_MINING = "illegal_mining"
    ELECTRIC_FISHING = "electric_fishing"
    FIRE_SAFETY = "fire_safety"
    IMMIGRATION = "immigration"
    RESIDENCE_PAPERWORK = "residence_paperwork"
    DRUGS_GAMBLING = "drugs_gambling"
    OTHER = "other"


@dataclass(frozen=True)
class Classification:
    """The triage result.

    ``category`` is set for reports only (``Category.OTHER`` when no category
    fits) and is None for every other kind. ``urgent`` marks an emergency
    happening now; an urgent message is always a report. ``matched`` lists
    the rules that fired, as ``"<group>:<pattern>"``, for the triage team
    to see why. ``lang`` is the language the text was read in (``vi`` or
    ``en``): its rules classified it, and the citizen is answered in it.
    """

    kind: Kind
    category: Category | None
    urgent: bool
    matched: tuple[str, ...]
    lang: str = "vi"
