"""The text answer's TwiML is the twilio library's, byte for byte."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from twilio.twiml.messaging_response import MessagingResponse

from hotline_server.channels.twilio.twiml import message_twiml


def _library(text: str | None) -> str:
    response = MessagingResponse()
    if text:
        response.message(text)
    return str(response)


@settings(deadline=None, max_examples=300)
@given(st.one_of(st.none(), st.text(alphabet=st.characters(codec="utf-8"))))
def test_message_twiml_matches_the_library(text: str | None) -> None:
    assert message_twiml(text) == _library(text)


def test_what_a_citizen_wrote_cannot_open_an_element() -> None:
    xml = message_twiml('Mã HS-1234 <Redirect>http://x</Redirect> & "ok"')
    assert "<Redirect>" not in xml
    assert '&lt;Redirect&gt;http://x&lt;/Redirect&gt; &amp; "ok"' in xml
    empty = '<?xml version="1.0" encoding="UTF-8"?><Response />'
    assert message_twiml("") == message_twiml(None) == empty
