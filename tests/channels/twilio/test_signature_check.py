"""The signature check agrees with the twilio library's RequestValidator on any form."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from twilio.request_validator import RequestValidator

from hotline_server.channels.twilio.signature import TwilioSignature, _matches

TOKEN = "test-auth-token-5f2b7c1d9e"
URLS = st.sampled_from(
    [
        "https://hotline.example.org/twilio/sms",
        "https://hotline.example.org:443/twilio/sms",
        "http://127.0.0.1:8000/twilio/voice/dial?s=abc&t=1",
        "https://hotline.example.org/twilio/voice/dial?s=abc.def&x=1:2",
        "https://hotline.example.org:443/twilio/voice/dial?s=abc&t=1",
    ]
)
FIELDS = st.lists(
    st.tuples(st.sampled_from(["Body", "From", "To", "MessageSid"]), st.text(max_size=20)),
    max_size=6,
)


@settings(deadline=None, max_examples=200)
@given(url=URLS, fields=FIELDS, signed_url=URLS, tamper=st.booleans())
def test_agrees_with_request_validator(
    url: str, fields: list[tuple[str, str]], signed_url: str, tamper: bool
) -> None:
    form = FormData(list[tuple[str, str | UploadFile]](fields))
    validator = RequestValidator(TOKEN)
    signature = validator.compute_signature(signed_url, form)
    if tamper:
        form = FormData([*fields, ("Body", "x")])
    expected = bool(validator.validate(url, form, signature))
    assert _matches(TOKEN.encode(), "sha1", url, form, signature) is expected


def test_a_signature_for_the_same_url_and_form_matches() -> None:
    form = FormData([("Body", "Chúc anh sức khỏe"), ("From", "+84912345678")])
    url = "https://hotline.example.org/twilio/sms"
    signature = RequestValidator(TOKEN).compute_signature(url, form)
    assert _matches(TOKEN.encode(), "sha1", url, form, signature)
    assert not _matches(b"other", "sha1", url, form, signature)


def _request(path: str, query: bytes = b"") -> Request:
    headers = [(b"host", b"10.0.0.5:8000")]
    scope = {"type": "http", "scheme": "http", "path": path, "query_string": query}
    return Request({**scope, "headers": headers, "server": ("10.0.0.5", 8000)})


def test_the_public_url_is_the_base_with_the_path_and_query() -> None:
    check = TwilioSignature("https://hotline.example.org/", TOKEN)
    for _ in range(2):  # the second time from what was kept
        assert check.public_url(_request("/twilio/sms")) == (
            "https://hotline.example.org/twilio/sms"
        )
    assert check.public_url(_request("/twilio/voice/dial", b"s=abc.d&t=1")) == (
        "https://hotline.example.org/twilio/voice/dial?s=abc.d&t=1"
    )
    assert check.public_url(_request("/twilio/voice")) == "https://hotline.example.org/twilio/voice"
