"""An administrator adds a Kannel channel: the page shows the post-url to put in Kannel's
config (with the channel's id), never the secret."""

from __future__ import annotations

from hotline_server.core.crypto import SecretBox
from hotline_server.models import Channel, ChannelKind
from hotline_server.settings import Settings
from tests.console.conftest import Login, World, page_csrf

PAGE = "/console/admin/channels"
SECRET = "bi-mat-kannel-5Xq"


async def test_an_admin_adds_a_kannel_modem_and_sees_the_url_for_kannel(
    login: Login, world: World, settings: Settings
) -> None:
    admin = await login("admin")
    form = {
        "csrf_token": await page_csrf(admin, PAGE),
        "hotline": str(world.province.id),
        "kind": "kannel",
        "name": "Modem GSM",
        "address": "0919 69 75 75",
        "sendsms_url": "http://127.0.0.1:13013/cgi-bin/sendsms",
        "smsc": "modem1",
        "allow_from": "127.0.0.1",
        "max_parts": "4",
        "username": "hotline",
        "password": "mat-khau-sendsms",
        "secret": SECRET,
    }
    assert (await admin.post(PAGE, data=form)).status_code == 303
    channel = await Channel.get(hotline=world.province, kind=ChannelKind.KANNEL)
    assert channel.options == {
        "sendsms_url": "http://127.0.0.1:13013/cgi-bin/sendsms",
        "smsc": "modem1",
        "allow_from": "127.0.0.1",
        "max_parts": "4",
    }
    box = SecretBox(settings.phone_key.get_secret_value())
    assert box.open(channel.credentials_enc)["secret"] == SECRET
    html = (await admin.get(PAGE)).text
    assert f"{settings.public_base_url}/kannel/{channel.public_id}/receive?secret=" in html
    assert SECRET not in html and "mat-khau-sendsms" not in html
