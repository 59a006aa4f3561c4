"""Classify an inbound text: kind, report category and urgency."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from hotline_server.triage.model import Category, Classification, Kind
from hotline_server.triage.rules import REPORT, URGENT, Entry, Rules, default_rules
from hotline_server.triage.tokens import MONEY, NUM, Word, expand, matches_at, split_words

_KIND_ORDER = (Kind.QUESTION, Kind.THANKS, Kind.GREETING)


@dataclass(frozen=True)
class Scores:
    by_group: dict[str, float]
    matched: tuple[str, ...]

    def of(self, group: str) -> float:
        return self.by_group.get(group, 0.0)


def _candidates(rules: Rules, w: Word) -> tuple[Entry, ...]:
    if not w.folded[:1].isdigit():
        return rules.by_head.get(w.folded, ())
    numeric = rules.by_head.get(NUM, ()) + rules.by_head.get(MONEY, ())
    return rules.by_head.get(w.folded, ()) + numeric


def score(text: str, rules: Rules) -> Scores:
    """Sum the weights of every rule that matches somewhere in ``text`` (each rule once)."""
    words = expand(split_words(text), rules.abbreviations)
    fired: dict[int, Entry] = {}
    for start, w in enumerate(words):
        for entry in _candidates(rules, w):
            if id(entry) not in fired and matches_at(
                entry.pattern, words, start, rules.thresholds.gap
            ):
                fired[id(entry)] = entry
    totals: defaultdict[str, float] = defaultdict(float)
    for entry in fired.values():
        totals[entry.group] += entry.weight
    if "?" in text:
        totals[Kind.QUESTION] += rules.thresholds.question_mark
    matched = tuple(f"{e.group}:{e.pattern.text}" for e in fired.values())
    return Scores(dict(totals), matched)


def _category(scores: Scores, rules: Rules) -> tuple[Category, float]:
    best, best_score = Category.OTHER, 0.0
    for category in Category:
        if scores.of(category) > best_score:
            best, best_score = category, scores.of(category)
    if best_score < rules.thresholds.category_min:
        return Category.OTHER, best_score
    return best, best_score


def _kind(scores: Scores, report_score: float, urgent: bool, rules: Rules) -> Kind:
    limits = rules.thresholds
    spam = scores.of(Kind.SPAM)
    if spam >= limits.spam_min and spam > report_score:
        return Kind.SPAM
    if urgent:
        return Kind.REPORT
    best = max(_KIND_ORDER, key=scores.of)
    best_score = scores.of(best)
    if best_score > report_score or (best_score > 0 and report_score < limits.report_min):
        return best
    return Kind.REPORT


def classify(text: str, rules: Rules | None = None) -> Classification:
    """Classify ``text``; a message with no recognisable signal is a report (category other)."""
    active = default_rules() if rules is None else rules
    scores = score(text, active)
    category, category_score = _category(scores, active)
    report_score = category_score + scores.of(REPORT)
    urgent = scores.of(URGENT) >= active.thresholds.urgent_min
    kind = _kind(scores, report_score, urgent, active)
    return Classification(
        kind=kind,
        category=category if kind is Kind.REPORT else None,
        urgent=urgent,
        matched=scores.matched,
    )
