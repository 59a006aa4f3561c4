"""The console at the director's phone and at a desk, in Debian's Chromium: inbox, a case
page, the roster and the statistics are never wider than the viewport, the citizen's
text is readable on a phone, every button can be reached, logout is visible, and the
title counts the new and unread cases. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from playwright import sync_api as playwright_sync

from tests.conftest import ROOT
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.live import LiveServer, live_server

pytestmark = pytest.mark.e2e
PASSWORD = "mat-khau-that-dai-2026"
HOTLINE = "+84919697575"
VIEWPORTS = {"desk": (1366, 768), "phone-414": (414, 896), "phone-360": (360, 740)}
LONG_REPORT = (
    "Em là tài xế xe tải chạy tuyến Đồng Nai - Bình Thuận. Chiều 12/6 em chở hàng qua chốt ở "
    "ngã ba Ông Đồn thì bị tổ CSGT ra hiệu dừng. Giấy tờ đầy đủ, xe không quá tải, nhưng anh "
    "cán bộ cứ bảo xe bẩn, đèn mờ, nói nếu lập biên bản thì giữ xe 7 ngày. Sau đó anh ấy chỉ "
    "vào cuốn sổ để trên ghế và bảo kẹp vào đấy rồi đi. Em kẹp 500 nghìn thì được đi luôn. "
    "Biển số xe 60C-123.45, tài khoản https://example.invalid/anh-chup-bien-ban-rat-dai-khong-co-dau-cach"
)
PAGES = ("inbox", "case", "roster", "stats")


def create_user(server: LiveServer, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "hotline_server", "users", "create", *args, "--password-stdin"],
        input=PASSWORD + "\n", env=server.env, cwd=ROOT, capture_output=True, text=True,
        timeout=30, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def widths(page: playwright_sync.Page) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(
        """() => ({
            page: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
            viewport: window.innerWidth,
            text: Math.min(...[...document.querySelectorAll('.timeline li.in')]
                .map(e => e.getBoundingClientRect().width)),
        })"""
    )
    return result


def assert_buttons_reachable(page: playwright_sync.Page, width: int, where: str) -> None:
    buttons = page.locator("button:visible, a.button:visible, select:visible")
    assert buttons.count() > 0, where
    for i in range(buttons.count()):
        button = buttons.nth(i)
        button.scroll_into_view_if_needed()
        box = button.bounding_box()
        assert box is not None, where
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (where, i, box)
        view = page.viewport_size
        assert view is not None
        assert box["y"] >= 0 and box["y"] + box["height"] <= view["height"] + 0.5, (where, i, box)


def visit(page: playwright_sync.Page, url: str, name: str, code: str) -> None:
    path = {
        "inbox": "/console/",
        "case": f"/console/cases/{code}",
        "roster": "/console/roster",
        "stats": "/console/stats",
    }[name]
    page.goto(url + path)
    page.wait_for_load_state()


def test_console_fits_the_phone_and_the_desk(tmp_path: Path, artifacts_dir: Path) -> None:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium")
    with live_server(tmp_path) as server:
        create_user(server, "giamdoc", "--role", "director", "--hotline", HOTLINE)
        sms = server.cli("simulate", "sms", "--from", "0912345678", "--server", server.url,
                         LONG_REPORT)  # fmt: skip
        assert sms.returncode == 0, sms.stderr
        found = re.search(r"HT-[0-9A-Z]{4}", sms.stdout)
        assert found, sms.stdout
        code = found.group(0)
        with playwright_sync.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                for label, (width, height) in VIEWPORTS.items():
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(server.url + "/console/login")
                    page.fill("input[name=username]", "giamdoc")
                    page.fill("input[name=password]", PASSWORD)
                    page.click("button[type=submit]")
                    page.wait_for_url(server.url + "/console/")
                    assert re.match(r"\(\d+\) ", page.title()), page.title()
                    for name in PAGES:
                        visit(page, server.url, name, code)
                        where = f"{name} at {label}"
                        page.screenshot(
                            path=str(artifacts_dir / f"layout-{name}-{label}.png"), full_page=True
                        )
                        measured = widths(page)
                        assert measured["page"] <= width, (where, measured)
                        if name == "case" and width <= 414:
                            assert measured["text"] >= 250, (where, measured)
                        assert_buttons_reachable(page, width, where)
                        logout = page.locator("form[action='/console/logout'] button")
                        logout.scroll_into_view_if_needed()
                        box = logout.bounding_box()
                        assert box is not None and box["x"] + box["width"] <= width, where
                    page.close()
            finally:
                browser.close()
