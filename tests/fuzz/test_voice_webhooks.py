"""Property tests: every voice route answers valid TwiML, whatever Twilio (or anyone) posts."""

from __future__ import annotations

from urllib.parse import quote

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotline_server.core.sids import new_sid
from tests.channels.twilio.voice_helpers import VoiceCall, find, path_of
from tests.twilio_helpers import CITIZEN, HOTLINE, post_signed
from tests.twiml_schema import assert_valid_twiml

pytestmark = pytest.mark.usefixtures("hotline")
FUZZ = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
ROUTES = [
    "/twilio/voice",
    "/twilio/voice/greeting",
    "/twilio/voice/dial",
    "/twilio/voice/screen",
    "/twilio/voice/screen/answer",
    "/twilio/voice/prefs",
    "/twilio/voice/record",
    "/twilio/voice/recorded",
    "/twilio/voice/status-code",
    "/twilio/voice/status",
    "/twilio/voice/fallback",
]
FIELDS = [
    "CallSid",
    "From",
    "To",
    "CallStatus",
    "Digits",
    "DialCallStatus",
    "DialBridged",
    "DialCallDuration",
    "RecordingUrl",
    "RecordingSid",
    "RecordingDuration",
    "ParentCallSid",
    "ForwardedFrom",
    "CallDuration",
    "AccountSid",
    "RecordingStatus",
    "TranscriptionText",
]
text = st.text(max_size=80)
values = st.one_of(
    text,
    st.sampled_from(
        [
            "",
            "1",
            "2",
            "9",
            "#",
            "completed",
            "no-answer",
            "busy",
            "true",
            CITIZEN,
            HOTLINE,
            "anonymous",
            "+266696687",
            "00000000",
        ]
    ),
    st.builds(new_sid, st.sampled_from(["CA", "RE"])),
)
forms = st.lists(st.tuples(st.sampled_from(FIELDS), values), max_size=12)


@FUZZ
@given(route=st.sampled_from(ROUTES), form=forms, token=st.one_of(st.none(), text))
async def test_voice_routes_always_answer_valid_twiml(
    client: httpx2.AsyncClient, route: str, form: list[tuple[str, str]], token: str | None
) -> None:
    path = route if token is None else f"{route}?s={quote(token)}"
    response = await post_signed(client, path, form)
    assert response.status_code == 200, response.text
    assert_valid_twiml(response.text)


@FUZZ
@given(route=st.sampled_from(ROUTES[1:]), form=forms)
async def test_real_state_with_junk_fields_still_answers_twiml(
    client: httpx2.AsyncClient, route: str, form: list[tuple[str, str]]
) -> None:
    call = VoiceCall(client)
    greeting = await call.start()
    query = path_of(find(greeting, "Gather").get("action", "")).partition("?")[2]
    response = await post_signed(client, f"{route}?{query}", [("CallSid", call.sid), *form])
    assert response.status_code == 200, response.text
    assert_valid_twiml(response.text)


@FUZZ
@given(route=st.sampled_from(ROUTES), form=forms)
async def test_unsigned_voice_requests_are_refused(
    client: httpx2.AsyncClient, route: str, form: list[tuple[str, str]]
) -> None:
    response = await post_signed(client, route, form, signature="bad")
    assert response.status_code == 403
