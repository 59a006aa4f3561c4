"""Signatures, proxies and bad input: rejected requests write nothing."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import httpx2
import pytest
from twilio.request_validator import HMAC_SHA256, SIGNATURE_SETTINGS_HEADER, RequestValidator

from hotline_server.app import build_app
from hotline_server.channels.twilio.signing import twilio_signature
from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.simulate.sms import form_headers
from hotline_server.models import Case, Citizen, Hotline, Message
from hotline_server.settings import Settings
from tests.conftest import ACCOUNT_SID, AUTH_TOKEN, PUBLIC_BASE
from tests.twilio_helpers import post_signed, sms_form, text

pytestmark = pytest.mark.usefixtures("hotline")
REPORT = "CSGT chốt Km12 đòi tiền xe tải, ai không đưa thì bị giữ xe"


async def assert_nothing_stored() -> None:
    assert await Message.all().count() == 0
    assert await Case.all().count() == 0
    assert await Citizen.all().count() == 0


async def test_signed_request_from_behind_a_proxy_is_accepted(client: httpx2.AsyncClient) -> None:
    # The app is reached at http://testserver; Twilio signed http://hotline.localhost.
    replies = await text(client, REPORT)
    assert len(replies) == 1 and "HT-" in replies[0]
    assert await Message.filter(direction="inbound").count() == 1


@pytest.mark.parametrize(
    "signature",
    ["", "bm90IGEgc2lnbmF0dXJl", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="],
    ids=["missing", "garbage", "wrong"],
)
async def test_unsigned_or_wrongly_signed_is_rejected(
    client: httpx2.AsyncClient, signature: str
) -> None:
    response = await post_signed(client, "/twilio/sms", sms_form(REPORT), signature=signature)
    assert response.status_code == 403
    await assert_nothing_stored()


async def test_tampered_body_is_rejected(client: httpx2.AsyncClient) -> None:
    from hotline_server.channels.twilio.signing import twilio_signature

    form = sms_form(REPORT)
    signature = twilio_signature(AUTH_TOKEN, PUBLIC_BASE + "/twilio/sms", form)
    tampered = [(k, "Chúc anh sức khỏe" if k == "Body" else v) for k, v in form]
    response = await post_signed(client, "/twilio/sms", tampered, signature=signature)
    assert response.status_code == 403
    await assert_nothing_stored()


@pytest.mark.parametrize(
    "signed_url",
    [
        "https://hotline.localhost/twilio/sms",
        "https://evil.example.com/twilio/sms",
        PUBLIC_BASE + "/twilio/sms?x=1",
        PUBLIC_BASE + "/twilio/voice",
    ],
)
async def test_signature_for_another_url_is_rejected(
    client: httpx2.AsyncClient, signed_url: str
) -> None:
    response = await post_signed(client, "/twilio/sms", sms_form(REPORT), signed_url=signed_url)
    assert response.status_code == 403
    await assert_nothing_stored()


async def test_signature_with_another_token_is_rejected(client: httpx2.AsyncClient) -> None:
    from hotline_server.channels.twilio.signing import twilio_signature

    form = sms_form(REPORT)
    forged = twilio_signature("some-other-token", PUBLIC_BASE + "/twilio/sms", form)
    response = await post_signed(client, "/twilio/sms", form, signature=forged)
    assert response.status_code == 403
    await assert_nothing_stored()


@pytest.mark.parametrize(
    ("form", "status"),
    [
        ([(k, v) for k, v in sms_form(REPORT) if k != "From"], 400),
        ([(k, v) for k, v in sms_form(REPORT) if k != "MessageSid"], 400),
        ([(k, v) for k, v in sms_form(REPORT) if k != "To"], 400),
        (sms_form(REPORT, sender="+84-abc-<script>"), 400),
        (sms_form(REPORT, sender="++++"), 400),
        ([*sms_form(REPORT), ("From", "+84912000999")], 400),
        (sms_form(REPORT, sid="SM<script>"), 400),
        (sms_form(REPORT, num_media="999"), 400),
        (sms_form(REPORT, num_media="1"), 400),
    ],
    ids=[
        "no-from",
        "no-sid",
        "no-to",
        "junk-from",
        "plus-signs",
        "repeated-from",
        "bad-sid",
        "huge-num-media",
        "missing-media-url",
    ],
)
async def test_bad_input_is_a_clear_400_and_writes_nothing(
    client: httpx2.AsyncClient, form: list[tuple[str, str]], status: int
) -> None:
    response = await post_signed(client, "/twilio/sms", form)
    assert response.status_code == status, response.text
    assert response.text  # says what is wrong
    await assert_nothing_stored()


async def test_body_over_the_limit_is_413(client: httpx2.AsyncClient) -> None:
    response = await post_signed(client, "/twilio/sms", sms_form("x" * 70_000))
    assert response.status_code == 413
    await assert_nothing_stored()


async def test_wrong_content_type_is_415(client: httpx2.AsyncClient) -> None:
    response = await client.post("/twilio/sms", json={"Body": "hi"})
    assert response.status_code == 415
    await assert_nothing_stored()


async def test_text_to_a_number_that_is_no_hotline_gets_empty_reply(
    client: httpx2.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    replies = await text(client, REPORT, to="+84900000000")
    assert replies == []
    assert "no hotline" in caplog.text
    await assert_nothing_stored()


async def test_healthz_checks_the_database(client: httpx2.AsyncClient, hotline: Hotline) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    answer = response.json()
    assert (answer["status"], answer["database"]) == ("ok", "ok")
    assert [(c["kind"], c["state"]) for c in answer["channels"]] == [("twilio", "ok")]
    assert answer["spool_not_kept"] == 0


SHARED_KEY = "shared-webhook-key-" + "k" * 20


def _grouped(form: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name, value in form:
        grouped.setdefault(name, []).append(value)
    return grouped


class _Multi(dict[str, list[str]]):
    def getlist(self, name: str) -> list[str]:
        return self[name]


@pytest.mark.parametrize("header", ["HMAC_SHA1", "HMAC_SHA256", None])
async def test_the_settings_choose_the_signature_algorithm_not_the_request(
    make_settings: Callable[..., Settings], clock: FrozenClock, header: str | None
) -> None:
    keys = {"account_sid": ACCOUNT_SID, "auth_token": AUTH_TOKEN, "webhook_shared_key": SHARED_KEY}
    # The database and the demo hotline come from the module's `hotline` fixture.
    app = build_app(make_settings(twilio=keys), clock=clock)
    url = PUBLIC_BASE + "/twilio/sms"
    extra = {SIGNATURE_SETTINGS_HEADER: header} if header else {}
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(transport=transport, base_url="http://testserver") as c:
        form = sms_form(REPORT)
        headers = form_headers(twilio_signature(AUTH_TOKEN, url, form)) | extra
        refused = await c.post("/twilio/sms", content=urlencode(form), headers=headers)
        assert refused.status_code == 403
        form = sms_form(REPORT)
        validator = RequestValidator(SHARED_KEY)
        sha256 = validator.compute_signature(url, _Multi(_grouped(form)), HMAC_SHA256)
        headers = form_headers(sha256) | extra
        taken = await c.post("/twilio/sms", content=urlencode(form), headers=headers)
        assert taken.status_code == 200
