from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from ivr_flows import CallerInfo, Route, screen, screen_answer, start
from tests.ivr_flows.scenario import (
    BACKUP,
    CFG,
    DIRECTOR,
    URLS,
    callback_urls,
    shape,
    spoken,
    state_in,
)
from tests.twiml_schema import assert_valid_twiml


def _whisper(known_case: str | None = None) -> str:
    step = start(CFG, (DIRECTOR, BACKUP), CallerInfo(known_case_code=known_case), URLS)
    state = state_in(callback_urls(step.twiml)[(Route.SCREEN.value, False)])
    return screen(state, CFG, URLS)


def test_whisper_asks_for_1_and_hangs_up_without_it() -> None:
    twiml = _whisper()
    assert_valid_twiml(twiml)
    assert shape(twiml) == ("Gather(Say)", "Hangup")
    gather = ET.fromstring(twiml).find("Gather")  # noqa: S314
    assert gather is not None
    assert gather.get("numDigits") == "1"
    assert gather.get("timeout") == str(CFG.screen_timeout_s)
    assert "đường dây nóng" in spoken(twiml)
    assert "Bấm phím 1" in spoken(twiml)
    assert "mã" not in spoken(twiml).replace("Bấm", "")


def test_whisper_answer_url_carries_the_leg() -> None:
    urls = callback_urls(_whisper())
    state = state_in(urls[(Route.SCREEN_ANSWER.value, False)])
    assert state.officer is not None and state.officer.id == DIRECTOR.id  # by id, no name


def test_whisper_names_a_known_case() -> None:
    assert "Người gọi có vụ việc mã 4 7 0 0." in spoken(_whisper("4700"))


def test_whisper_in_english() -> None:
    step = start(CFG, (DIRECTOR,), CallerInfo(), URLS)
    twiml = screen(step.state, replace(CFG, language="en-US"), URLS)
    assert "Press 1 to accept" in spoken(twiml)


def test_pressing_1_bridges_with_an_empty_document() -> None:
    accepted, twiml = screen_answer("1")
    assert accepted
    assert_valid_twiml(twiml)
    assert shape(twiml) == ()


@pytest.mark.parametrize("digits", [None, "", "2", "#", "11", "*"])
def test_anything_else_drops_the_leg(digits: str | None) -> None:
    accepted, twiml = screen_answer(digits)
    assert not accepted
    assert_valid_twiml(twiml)
    assert shape(twiml)[-1] == "Hangup"
