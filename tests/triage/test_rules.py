from __future__ import annotations

from importlib import resources

import pytest

from hotline_server.triage.model import Category
from hotline_server.triage.rules import load_rules, parse_rules

SETTINGS = {
    "gap": 3,
    "report_min": 2,
    "category_min": 2,
    "spam_min": 4,
    "urgent_min": 3,
    "question_mark": 2,
}


def test_packaged_rules_are_shipped_and_parse() -> None:
    text = resources.files("hotline_server.triage").joinpath("rules.toml").read_text("utf-8")
    rules = load_rules(text)
    groups = {e.group for e in rules.entries}
    assert {c.value for c in Category if c is not Category.OTHER} <= groups
    assert {"greeting", "thanks", "question", "spam", "report", "urgent"} <= groups
    assert rules.thresholds.gap == 3


def test_rules_are_immutable() -> None:
    rules = load_rules()
    with pytest.raises(AttributeError):
        rules.entries = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        rules.heads["x"] = next(iter(rules.heads.values()))  # type: ignore[index]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"settings": SETTINGS, "categories": {"weather": {"mưa": 1}}}, "unknown group"),
        ({"settings": SETTINGS, "categories": {"other": {"mưa": 1}}}, "unknown group"),
        ({"settings": SETTINGS, "kinds": {"report": {"x": 1}}}, "unknown group"),
        ({"settings": SETTINGS, "report": {"x": "heavy"}}, "not a number"),
        ({"settings": SETTINGS, "report": {"x": True}}, "not a number"),
        ({"settings": SETTINGS, "urgent": ["x"]}, "phrase = weight"),
        ({"settings": {"gap": 3}}, "lacks"),
        ({"settings": SETTINGS, "report": {"* x": 1}}, "bad pattern"),
    ],
)
def test_malformed_rules_are_refused(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_rules(data)
