"""Property tests: whatever arrives at the text webhooks, no 500 and no partial write."""

from __future__ import annotations

from xml.etree import ElementTree

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotline_server.core.sids import new_sid
from hotline_server.models import Case, Citizen, Message, Task
from tests.twilio_helpers import CITIZEN, HOTLINE, post_signed

pytestmark = pytest.mark.usefixtures("hotline")
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
FIELDS = ["MessageSid", "AccountSid", "From", "To", "Body", "NumMedia", "MediaUrl0", "SmsSid"]
text = st.text(max_size=300)
senders = st.one_of(
    st.just(CITIZEN),
    st.sampled_from(["0912345678", "whatsapp:+84912345678", "VIETTEL", "8088"]),
    text,
)


async def counts() -> tuple[int, ...]:
    return (
        await Message.all().count(),
        await Case.all().count(),
        await Citizen.all().count(),
        await Task.all().count(),
    )


def form_strategy() -> st.SearchStrategy[list[tuple[str, str]]]:
    base = st.fixed_dictionaries(
        {
            "MessageSid": st.one_of(st.builds(new_sid), text),
            "From": senders,
            "To": st.one_of(st.just(HOTLINE), text),
            "Body": text,
        },
        optional={
            "NumMedia": st.one_of(st.sampled_from(["0", "1", "2"]), text),
            "MediaUrl0": text,
            "AccountSid": text,
        },
    )
    extra = st.lists(st.tuples(st.sampled_from(FIELDS), text), max_size=3)
    return st.builds(lambda b, e: list(b.items()) + e, base, extra)


@FUZZ
@given(form=form_strategy(), signed=st.booleans())
async def test_text_webhook_never_fails_and_never_half_writes(
    client: httpx2.AsyncClient, form: list[tuple[str, str]], signed: bool
) -> None:
    before = await counts()
    signature = None if signed else "x"
    response = await post_signed(client, "/twilio/sms", form, signature=signature)
    assert response.status_code in (200, 400, 403), response.text
    if response.status_code == 200:
        ElementTree.fromstring(response.text)  # noqa: S314 - our own TwiML
    else:
        assert await counts() == before
    if not signed:
        assert response.status_code == 403


@FUZZ
@given(
    body=st.binary(max_size=2000),
    content_type=st.sampled_from(
        ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data", ""]
    ),
)
async def test_raw_bodies_are_refused_cleanly(
    client: httpx2.AsyncClient, body: bytes, content_type: str
) -> None:
    before = await counts()
    response = await client.post(
        "/twilio/sms",
        content=body,
        headers={"Content-Type": content_type, "X-Twilio-Signature": "abc"},
    )
    assert response.status_code in (400, 403, 415)
    assert await counts() == before


@FUZZ
@given(
    form=st.lists(
        st.tuples(
            st.sampled_from(["MessageSid", "MessageStatus", "ErrorCode", "AccountSid"]), text
        ),
        max_size=6,
    )
)
async def test_status_callbacks_never_fail(
    client: httpx2.AsyncClient, form: list[tuple[str, str]]
) -> None:
    response = await post_signed(client, "/twilio/sms/status", form)
    assert response.status_code in (200, 400), response.text
