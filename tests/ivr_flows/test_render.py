"""Voice TwiML is written directly; it reads exactly as the twilio library writes it."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from twilio.twiml import GenericNode, TwiML
from twilio.twiml.voice_response import VoiceResponse

from ivr_flows.twiml import render

TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
    | st.sampled_from("&<>\"'\r\n\t "),
    max_size=12,
)
NAMES = st.sampled_from(["Say", "Dial", "Number", "Gather", "Pause", "Play", "Hangup"])
ATTRIBUTES = st.dictionaries(
    st.sampled_from(["action", "timeout", "language", "record", "url", "xml_lang"]),
    st.one_of(TEXT, st.booleans(), st.integers(-5, 99), st.none()),
    max_size=4,
)


@st.composite
def nodes(draw: st.DrawFn, depth: int = 0) -> TwiML:
    node = GenericNode(draw(NAMES), draw(st.one_of(st.none(), TEXT)), **draw(ATTRIBUTES))
    for _ in range(draw(st.integers(0, 3 if depth < 2 else 0))):
        child: Any = draw(st.one_of(TEXT, nodes(depth + 1)))
        node.nest(child)
    return node


@settings(deadline=None, max_examples=400)
@given(st.lists(nodes(), max_size=4))
def test_any_tree_is_written_as_the_library_writes_it(children: list[TwiML]) -> None:
    doc = VoiceResponse()
    for child in children:
        doc.append(child)
    assert render(doc) == str(doc)


def test_a_call_answer_and_the_shapes_left_to_the_library() -> None:
    doc = VoiceResponse()
    doc.say("Xin chào & cảm ơn <bạn>", language="vi-VN")
    gather = doc.gather(num_digits=1, timeout=5, action="/twilio/voice/menu?s=a&t=1", method="POST")
    gather.say("Bấm phím 1")
    doc.dial(timeout=20, answer_on_bridge=True).number("+84912000001", url="/screen?s=x")
    doc.redirect("/twilio/voice/next")
    assert render(doc) == str(doc)
    assert render(VoiceResponse()) == str(VoiceResponse())
    numbered = GenericNode("Pause", 3)  # a value that is no text: the library's own error
    doc.append(numbered)
    try:
        expected: str | type[Exception] = str(doc)
    except TypeError:
        expected = TypeError
    try:
        got: str | type[Exception] = render(doc)
    except TypeError:
        got = TypeError
    assert got == expected
