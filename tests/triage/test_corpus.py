"""Accuracy of the packaged rules on labelled citizen texts.

``corpus.tsv`` was written and labelled before the rules existed;
``corpus_holdout.tsv`` was written and labelled after a first version of the
rules, before they were run on it. Labels are never changed to fit the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from hotline_server.triage import Category, Kind, classify

HERE = Path(__file__).parent
FILES = ("corpus.tsv", "corpus_holdout.tsv")
TARGET = 0.90


@dataclass(frozen=True)
class Sample:
    kind: Kind
    category: Category | None
    urgent: bool
    text: str


def load(name: str) -> list[Sample]:
    samples = []
    for line in (HERE / name).read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, category, urgent, text = line.split("\t")
        samples.append(
            Sample(Kind(kind), None if category == "-" else Category(category), urgent == "1", text)
        )
    return samples


def accuracy(name: str, samples: list[Sample]) -> dict[str, float]:
    results = [(s, classify(s.text)) for s in samples]
    reports = [(s, r) for s, r in results if s.kind is Kind.REPORT]
    scores = {
        "kind": sum(r.kind is s.kind for s, r in results) / len(results),
        "category": sum(r.category == s.category for s, r in results) / len(results),
        "report category": sum(r.category == s.category for s, r in reports) / len(reports),
        "urgent": sum(r.urgent == s.urgent for s, r in results) / len(results),
    }
    summary = ", ".join(f"{k} {v:.1%}" for k, v in scores.items())
    print(f"\n{name}: {len(samples)} texts, {summary}")
    for s, r in results:
        if (r.kind, r.category, r.urgent) != (s.kind, s.category, s.urgent):
            print(
                f"  miss: want {s.kind}/{s.category}/{s.urgent} got "
                f"{r.kind}/{r.category}/{r.urgent}: {s.text}"
            )
    return scores


def test_corpus_is_large_and_covers_every_label() -> None:
    samples = load("corpus.tsv")
    assert len(samples) >= 70
    assert {s.kind for s in samples} == set(Kind)
    assert {s.category for s in samples if s.kind is Kind.REPORT} == set(Category)
    assert any(s.urgent for s in samples)
    assert all(s.category is None for s in samples if s.kind is not Kind.REPORT)


@pytest.mark.parametrize("name", FILES)
def test_accuracy(name: str) -> None:
    scores = accuracy(name, load(name))
    assert scores["kind"] >= TARGET
    assert scores["category"] >= TARGET
    assert scores["report category"] >= TARGET
    assert scores["urgent"] >= TARGET
