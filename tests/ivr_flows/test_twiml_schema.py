"""The schema itself must refuse what Twilio would not accept."""

from __future__ import annotations

import pytest

from tests.twiml_schema import assert_valid_twiml

GOOD = [
    "<Response/>",
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Response><Say language="vi-VN">Xin chào</Say></Response>',
    '<Response><Dial callerId="+84" timeout="20"><Number url="https://x/s">+841</Number></Dial>'
    "</Response>",
    '<Response><Gather numDigits="1" action="https://x/g"><Play>https://x/a.mp3</Play></Gather>'
    '<Redirect method="POST">https://x/r?s=1&amp;empty=1</Redirect></Response>',
    '<Response><Record maxLength="60" finishOnKey="#" playBeep="true"/><Hangup/></Response>',
    '<Response><Pause length="1"/><Reject reason="busy"/></Response>',
]

BAD = [
    "not xml",
    "<Say>hello</Say>",
    "<Response><Sms>hi</Sms></Response>",
    '<Response><Say lang="vi-VN">hi</Say></Response>',
    '<Response><Gather num_digits="1"/></Response>',
    '<Response><Gather method="PUT"/></Response>',
    '<Response><Gather timeout="soon"/></Response>',
    '<Response><Gather action="/relative"/></Response>',
    '<Response><Dial answerOnBridge="yes"><Number>+84</Number></Dial></Response>',
    "<Response><Dial/></Response>",
    "<Response><Number>+84</Number></Response>",
    "<Response><Gather><Dial><Number>+84</Number></Dial></Gather></Response>",
    "<Response><Say/></Response>",
    "<Response><Redirect>/relative</Redirect></Response>",
    "<Response><Hangup/><Say>late</Say></Response>",
    "<Response><Hangup>text</Hangup></Response>",
    '<Response><Reject reason="nope"/></Response>',
    '<Response><Record finishOnKey="x"/></Response>',
    "<Response>stray<Hangup/></Response>",
]


@pytest.mark.parametrize("xml", GOOD)
def test_accepts(xml: str) -> None:
    assert_valid_twiml(xml)


@pytest.mark.parametrize("xml", BAD)
def test_refuses(xml: str) -> None:
    with pytest.raises(AssertionError):
        assert_valid_twiml(xml)
