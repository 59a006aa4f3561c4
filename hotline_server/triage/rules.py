"""Triage rules: loaded from the packaged ``rules.toml`` into an immutable object.

Two files: ``rules.toml`` for Vietnamese and ``rules_en.toml`` for texts
written in English (same layout). Each holds, with a weight each, the
phrases that speak for each kind of message (greeting, thanks, question,
spam, wrong number), the complaint phrases that speak for a report without
naming a category, the phrases of each report category,
and the phrases of an emergency happening now; plus the abbreviations
citizens use and the thresholds the classifier applies. See ``tokens`` for
the pattern syntax.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields, replace
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from hotline_server.triage.model import Category, Kind
from hotline_server.triage.tokens import (
    GAP,
    MONEY,
    NUM,
    Abbreviations,
    Pattern,
    Word,
    compile_pattern,
    split_words,
)

REPORT = "report"
URGENT = "urgent"
KIND_GROUPS = frozenset({Kind.GREETING, Kind.THANKS, Kind.QUESTION, Kind.SPAM, Kind.WRONG_NUMBER})
ENGLISH_FILE = "rules_en.toml"
CATEGORY_GROUPS = frozenset(c for c in Category if c is not Category.OTHER)


@dataclass(frozen=True, slots=True)
class Entry:
    group: str
    pattern: Pattern
    weight: float


@dataclass(frozen=True, slots=True)
class Thresholds:
    gap: int
    report_min: float
    category_min: float
    spam_min: float
    urgent_min: float
    question_mark: float
    wrong_number_min: float = 4.0
    link: float = 0.0
    phone: float = 0.0
    question_topic: float = 1.0


@dataclass(frozen=True, slots=True)
class Heads:
    """The entries that start with one word, narrowed by the word after it: a rule whose
    second word is a plain word can only match where the next word folds to it."""

    any_next: tuple[Entry, ...]  # one word long, or a gap or a number second
    by_next: Mapping[str, tuple[Entry, ...]]  # those, and the rules with that second word

    def after(self, following: str | None) -> tuple[Entry, ...]:
        """In rule order, as the score needs (the order its sums are taken in)."""
        if following is None:
            return self.any_next
        return self.by_next.get(following, self.any_next)


def _plain_second(entry: Entry) -> str | None:
    words = entry.pattern.words
    if len(words) < 2 or words[1].folded in (GAP, NUM, MONEY):
        return None
    return words[1].folded


def _heads(entries: tuple[Entry, ...]) -> dict[str, Heads]:
    grouped: dict[str, list[Entry]] = {}
    for entry in entries:
        grouped.setdefault(entry.pattern.head, []).append(entry)
    heads = {}
    for head, group in grouped.items():
        seconds = {s for s in map(_plain_second, group) if s is not None}
        by_next = {
            second: tuple(e for e in group if _plain_second(e) in (None, second))
            for second in seconds
        }
        any_next = tuple(e for e in group if _plain_second(e) is None)
        heads[head] = Heads(any_next, MappingProxyType(by_next))
    return heads


@dataclass(frozen=True, slots=True)
class Rules:
    thresholds: Thresholds
    abbreviations: Abbreviations
    entries: tuple[Entry, ...]
    heads: Mapping[str, Heads]
    english: Rules | None = None  # the rules texts written in English are read with


def _weights(table: Any, where: str) -> dict[str, float]:
    if not isinstance(table, dict):
        raise ValueError(f"{where}: expected a table of phrase = weight")
    out: dict[str, float] = {}
    for phrase, weight in table.items():
        if isinstance(weight, bool) or not isinstance(weight, int | float):
            raise ValueError(f"{where}: weight of {phrase!r} is not a number")
        out[phrase] = float(weight)
    return out


def _groups(data: Mapping[str, Any]) -> list[tuple[str, dict[str, float]]]:
    groups: list[tuple[str, dict[str, float]]] = []
    for section, allowed in (("kinds", KIND_GROUPS), ("categories", CATEGORY_GROUPS)):
        for name, table in data.get(section, {}).items():
            if name not in allowed:
                raise ValueError(f"[{section}] has an unknown group {name!r}")
            groups.append((name, _weights(table, f"[{section}.{name}]")))
    for name in (REPORT, URGENT):
        groups.append((name, _weights(data.get(name, {}), f"[{name}]")))
    return groups


def _thresholds(table: Mapping[str, Any]) -> Thresholds:
    """``[settings]``: ``gap`` a whole number, the others numbers; those with a default
    may be left out."""
    values: dict[str, Any] = {}
    for field in fields(Thresholds):
        if field.name in table:
            read = int if field.name == "gap" else float
            values[field.name] = read(table[field.name])
        elif field.default is MISSING:
            raise ValueError(f"[settings] lacks {field.name!r}")
    return Thresholds(**values)


def _abbreviations(table: Mapping[str, str]) -> dict[tuple[str, ...], tuple[Word, ...]]:
    out: dict[tuple[str, ...], tuple[Word, ...]] = {}
    for short, long in table.items():
        out[tuple(w.folded for w in split_words(short))] = tuple(split_words(long))
    return out


def parse_rules(data: Mapping[str, Any]) -> Rules:
    """Build rules from the parsed TOML document; raises ValueError when it is malformed."""
    entries = tuple(
        Entry(group, compile_pattern(phrase), weight)
        for group, table in _groups(data)
        for phrase, weight in table.items()
    )
    return Rules(
        thresholds=_thresholds(data.get("settings", {})),
        abbreviations=Abbreviations.of(
            MappingProxyType(_abbreviations(data.get("abbreviations", {})))
        ),
        entries=entries,
        heads=MappingProxyType(_heads(entries)),
    )


def _packaged(name: str) -> str:
    return resources.files("hotline_server.triage").joinpath(name).read_text("utf-8")


def load_rules(text: str | None = None, english: str | None = None) -> Rules:
    """Parse rules from TOML text, by default the packaged ``rules.toml`` with
    ``rules_en.toml`` for texts written in English."""
    if text is None:
        text, english = _packaged("rules.toml"), _packaged(ENGLISH_FILE)
    rules = parse_rules(tomllib.loads(text))
    if english is None:
        return rules
    return replace(rules, english=parse_rules(tomllib.loads(english)))


@cache
def default_rules() -> Rules:
    """The packaged rules, loaded once."""
    return load_rules()
