"""`fetch_media`: both adapters against the fake Twilio server's media route and CDN."""

from __future__ import annotations

import pytest

from hotline_server.channels.log.adapter import ConsoleTelephony
from hotline_server.channels.port import MediaTooLarge, TelephonyError
from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.devtools.fake_twilio import FakeTwilio, tiny_png
from tests.devtools.fake_twilio.support import ACCOUNT_SID


async def test_twilio_adapter_fetches_with_basic_auth_through_the_redirect(
    fake: FakeTwilio, fake_url: str, telephony: TwilioTelephony
) -> None:
    item = fake.media.add(content=tiny_png((1, 2, 3)), content_type="image/png")
    data, content_type = await telephony.fetch_media(item.url(fake_url))
    assert (data, content_type) == (tiny_png((1, 2, 3)), "image/png")
    api, cdn = [e for e in fake.exchanges if "Media" in e.path or "fake-cdn" in e.path]
    assert api.status == 307 and api.headers["authorization"].startswith("Basic ")
    assert cdn.status == 200 and "authorization" not in cdn.headers


async def test_twilio_media_urls_go_to_the_configured_api_host(
    fake: FakeTwilio, telephony: TwilioTelephony
) -> None:
    item = fake.media.add()
    data, _ = await telephony.fetch_media(item.url("https://api.twilio.com"))
    assert data == tiny_png()


async def test_wrong_credentials_are_worth_a_retry(fake: FakeTwilio, fake_url: str) -> None:
    item = fake.media.add()
    async with TwilioTelephony(ACCOUNT_SID, "wrong-token", api_base_url=fake_url) as adapter:
        with pytest.raises(TelephonyError) as caught:
            await adapter.fetch_media(item.url(fake_url))
    assert not caught.value.permanent and "401" in caught.value.message


async def test_unknown_media_is_a_permanent_not_found(
    fake: FakeTwilio, fake_url: str, telephony: TwilioTelephony
) -> None:
    item = fake.media.add()
    gone = item.url(fake_url).replace(item.sid, "ME" + "0" * 32)
    with pytest.raises(TelephonyError) as caught:
        await telephony.fetch_media(gone)
    assert caught.value.permanent and caught.value.code == 20404


async def test_media_over_the_cap_is_refused(fake: FakeTwilio, fake_url: str) -> None:
    item = fake.media.add(content=b"\x89PNG\r\n\x1a\n" + b"\x00" * 5000)
    async with TwilioTelephony(
        ACCOUNT_SID, "x", api_base_url=fake_url, media_max_bytes=4096
    ) as adapter:
        adapter._auth_token = fake.auth_token
        with pytest.raises(MediaTooLarge) as caught:
            await adapter.fetch_media(item.url(fake_url))
    assert caught.value.permanent and caught.value.limit == 4096


@pytest.mark.parametrize(
    "url",
    [
        "https://attacker.example/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1",
        "http://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1",
        "file:///etc/passwd",
    ],
)
async def test_credentials_never_go_to_another_host(
    url: str, fake: FakeTwilio, telephony: TwilioTelephony
) -> None:
    with pytest.raises(TelephonyError) as caught:
        await telephony.fetch_media(url)
    assert caught.value.permanent and fake.exchanges == []


async def test_console_adapter_fetches_from_this_machine_only(
    fake: FakeTwilio, fake_url: str
) -> None:
    item = fake.media.add(content=tiny_png((9, 9, 9)))
    console = ConsoleTelephony()
    data, content_type = await console.fetch_media(fake_url + item.cdn_path)
    assert (data, content_type) == (tiny_png((9, 9, 9)), "image/png")
    with pytest.raises(TelephonyError) as caught:
        await console.fetch_media(item.url("https://api.twilio.com"))
    assert caught.value.permanent
