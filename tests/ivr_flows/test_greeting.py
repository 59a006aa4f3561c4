from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from ivr_flows import CallConfig, CallerInfo, Route, start
from tests.ivr_flows.scenario import CFG, DIRECTOR, HOTLINE, URLS, callback_urls, shape, spoken
from tests.twiml_schema import assert_valid_twiml


def _twiml(cfg: CallConfig = CFG) -> str:
    twiml = start(cfg, (DIRECTOR,), CallerInfo(), URLS).twiml
    assert_valid_twiml(twiml)
    return twiml


def _find(twiml: str, tag: str) -> ET.Element:
    node = ET.fromstring(twiml).find(f".//{tag}")  # noqa: S314
    assert node is not None, tag
    return node


def test_greeting_tells_about_recording_confidentiality_and_key_2() -> None:
    said = spoken(_twiml())
    assert "Xin chào" in said
    assert "có thể được ghi âm" in said
    assert "được giữ bí mật" in said
    assert "bấm phím 2" in said


def test_greeting_speaks_in_the_configured_language_and_voice() -> None:
    say = _find(_twiml(), "Say")
    assert say.get("language") == "vi-VN"
    assert say.get("voice") == "Google.vi-VN-Standard-A"
    say = _find(_twiml(replace(CFG, language="en-US", voice="")), "Say")
    assert say.get("language") == "en-US"
    assert "voice" not in say.attrib
    assert "Your identity is kept confidential" in (say.text or "")


def test_custom_greeting_text_keeps_the_notice() -> None:
    said = spoken(_twiml(replace(CFG, greeting_text="Đường dây nóng Công an tỉnh Quảng Nam.")))
    assert said.startswith("Đường dây nóng Công an tỉnh Quảng Nam.")
    assert "được giữ bí mật" in said


def test_recorded_greeting_is_played() -> None:
    twiml = _twiml(replace(CFG, greeting_play_url="https://cdn.example.vn/greeting.mp3"))
    assert shape(twiml) == ("Gather(Play)", "Dial(Number)")
    assert _find(twiml, "Play").text == "https://cdn.example.vn/greeting.mp3"


def test_gather_waits_for_one_key_then_the_call_goes_on() -> None:
    twiml = _twiml()
    gather = _find(twiml, "Gather")
    assert gather.get("numDigits") == "1"
    assert gather.get("timeout") == str(CFG.greeting_gather_timeout_s)
    assert gather.get("action", "").startswith(URLS.base + Route.GREETING + "?s=")


def test_dial_uses_hotline_caller_id_ring_timeout_and_screening() -> None:
    twiml = _twiml()
    dial = _find(twiml, "Dial")
    assert dial.get("callerId") == HOTLINE
    assert dial.get("timeout") == str(CFG.ring_timeout_s)
    assert dial.get("answerOnBridge") == "true"
    urls = callback_urls(twiml)
    assert dial.get("action") == urls[(Route.DIAL.value, False)]
    number = _find(twiml, "Number")
    assert number.text == DIRECTOR.phone
    assert number.get("url") == urls[(Route.SCREEN.value, False)]


def test_record_has_limit_finish_key_callbacks_and_a_redirect_for_empty() -> None:
    twiml = start(CFG, (), CallerInfo(), URLS).twiml
    record = _find(twiml, "Record")
    assert record.get("maxLength") == str(CFG.max_recording_s)
    assert record.get("finishOnKey") == "#"
    assert record.get("playBeep") == "true"
    assert record.get("action", "").startswith(URLS.base + Route.RECORD + "?s=")
    assert record.get("recordingStatusCallback", "").startswith(URLS.base + Route.RECORDED)
    redirect = _find(twiml, "Redirect")
    assert (redirect.text or "").endswith("&empty=1")
    assert shape(twiml)[-2:] == ("Record", "Redirect")
