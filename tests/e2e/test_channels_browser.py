"""An administrator adds an Android phone channel and switches it off, in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright import sync_api as playwright_sync

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.live import live_server
from tests.e2e.test_console_browser import create_admin, log_in

pytestmark = pytest.mark.e2e
SECRET = "khoa-ky-webhook-9XQ"


def test_channels_in_the_browser(tmp_path: Path, artifacts_dir: Path) -> None:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium")
    with live_server(tmp_path) as server:
        create_admin(server)
        with playwright_sync.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                log_in(page, server.url, "quantri")
                page.goto(server.url + "/console/admin")
                page.click("a[href='/console/admin/channels']")
                rows = page.locator("tr.channel")
                assert rows.count() == 1 and "Twilio" in rows.first.inner_text()
                add = page.locator("form.channel-add")
                add.locator("select[name=kind]").select_option("android_gateway")
                add.locator("input[name=name]").fill("Điện thoại Giám đốc")
                add.locator("input[name=address]").fill("0919697575")
                add.locator("input[name=base_url]").fill("http://192.168.1.20:8080")
                add.locator("input[name=signing_key]").fill(SECRET)
                add.locator("button").click()
                page.wait_for_selector("tr.channel:has-text('Điện thoại Giám đốc')")
                assert SECRET not in page.content()
                phone = page.locator("tr.channel:has-text('Điện thoại Giám đốc')")
                phone.locator("form[action$='/status'] button").click()
                page.wait_for_selector("tr.channel:has-text('Điện thoại Giám đốc') >> text=Đã tắt")
                page.screenshot(path=str(artifacts_dir / "console-channels.png"), full_page=True)
                refused = page.request.post(
                    server.url + "/console/admin/channels/status", form={"channel": "1", "on": "0"}
                )
                assert refused.status == 403
            finally:
                browser.close()
