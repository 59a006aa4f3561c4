"""The officer console in a real browser against the real server, worker and fake Twilio."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright import sync_api as playwright_sync

from tests.conftest import ROOT
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, fake_twilio_process, sent_texts, wait_for
from tests.e2e.live import LiveServer, live_server

pytestmark = pytest.mark.e2e
PASSWORD = "mat-khau-that-dai-2026"
HOTLINE = "+84919697575"
SCRIPT_TEXT = "<script>alert('xss')</script> CSGT chốt Km12 đòi tiền xe tải chở cát quá tải"


def create_admin(server: LiveServer) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "hotline_server",
            "users",
            "create",
            "quantri",
            "--role",
            "admin",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        env=server.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def log_in(page: playwright_sync.Page, url: str, username: str) -> None:
    page.goto(url + "/console/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/console/")


def log_out(page: playwright_sync.Page) -> None:
    page.click("form[action='/console/logout'] button")
    page.wait_for_url(re.compile(r".*/console/login$"))


def set_up_team(page: playwright_sync.Page, url: str) -> None:
    """As the administrator: a unit (besides the demo's), an assistant and a unit officer
    of the demo's traffic police."""
    log_in(page, url, "quantri")
    page.goto(url + "/console/admin")
    units = page.locator("form[action='/console/admin/units']")
    units.locator("input[name=code]").fill("ca-bienhoa")
    units.locator("input[name=name]").fill("Công an thành phố Biên Hòa")
    units.locator("select[name=hotline]").select_option(index=1)
    units.locator("button").click()
    page.wait_for_load_state()
    assert page.locator("text=Công an thành phố Biên Hòa").count() >= 1
    for username, role, unit in (
        ("troly", "assistant", None),
        ("csgt1", "unit", "Phòng Cảnh sát giao thông"),
    ):
        form = page.locator("form[action='/console/admin/users']")
        form.locator("input[name=username]").fill(username)
        form.locator("input[name=password]").fill(PASSWORD)
        form.locator("select[name=role]").select_option(role)
        if unit:
            form.locator("select[name=unit]").select_option(label=unit)
        else:
            form.locator("select[name=hotline]").select_option(index=1)
        form.locator("button").click()
        page.wait_for_load_state()
    assert page.locator("text=csgt1").count() >= 1
    log_out(page)


def test_triage_in_the_browser(tmp_path: Path, artifacts_dir: Path) -> None:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium")
    with (
        fake_twilio_process(tmp_path) as twilio_url,
        live_server(
            tmp_path, HOTLINE_TELEPHONY="twilio", HOTLINE_TWILIO__API_BASE_URL=twilio_url
        ) as server,
    ):
        create_admin(server)
        with playwright_sync.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                run_scenario(
                    browser.new_page(viewport={"width": 1400, "height": 1000}),
                    server,
                    twilio_url,
                    artifacts_dir,
                )
            finally:
                browser.close()


def mark_urgent(page: playwright_sync.Page, twilio_url: str, case_code: str) -> None:
    """Urgent: the duty chain is paged at once; not urgent again: the badge goes."""
    page.click("form[action$='/urgent'] button:text('Đánh dấu khẩn')")
    page.wait_for_selector("h1 .badge.urgent:text('Khẩn')")
    assert "Đã đánh dấu khẩn" in page.locator("main").inner_text()
    pages = wait_for(
        lambda: [
            m for m in sent_texts(twilio_url) if m["body"].startswith(f"KHẨN! Phản ánh {case_code}")
        ]
    )
    assert pages[0]["from"] == HOTLINE and "912345678" not in pages[0]["body"]
    assert "Đánh dấu khẩn" in page.locator(".timeline").inner_text()
    page.click("form[action$='/urgent'] button:text('Bỏ đánh dấu khẩn')")
    page.wait_for_selector("text=Đã bỏ đánh dấu khẩn.")
    assert page.locator("h1 .badge.urgent").count() == 0


def run_scenario(
    page: playwright_sync.Page, server: LiveServer, twilio_url: str, shots: Path
) -> None:
    url = server.url
    dialogs: list[str] = []

    def on_dialog(dialog: playwright_sync.Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    blocked: list[str] = []
    page.on(
        "console",
        lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    set_up_team(page, url)
    log_in(page, url, "troly")
    sms = server.cli("simulate", "sms", "--from", "0912345678", "--server", url, SCRIPT_TEXT)
    assert sms.returncode == 0, sms.stderr
    code = re.search(r"HT-[0-9A-Z]{4}", sms.stdout)
    assert code, sms.stdout
    case_code = code.group(0)
    # The inbox polls: the new case appears without a reload.
    row = page.locator(f"#case-rows tr:has-text('{case_code}')")
    row.wait_for(timeout=15_000)
    assert "<script>alert('xss')</script>" in row.inner_text()
    assert page.locator("#new-cases").is_visible()
    page.screenshot(path=str(shots / "console-inbox.png"), full_page=True)

    page.click(f"a:text('{case_code}')")
    page.wait_for_url(f"{url}/console/cases/{case_code}")
    assert "<script>alert('xss')</script>" in page.locator(".timeline").inner_text()
    mark_urgent(page, twilio_url, case_code)
    assign = page.locator("form[action$='/assign']")
    assign.locator("select[name=unit]").select_option(label="Phòng Cảnh sát giao thông")
    assign.locator("input[name=reason]").fill("Đề nghị CSGT xác minh ngay")
    assign.locator("button").click()
    page.wait_for_selector("h1 .status:text('Đã giao đơn vị')")
    status = page.locator("form[action$='/status']")
    status.locator("select[name=status]").select_option("resolved")
    status.locator("input[name=reason]").fill("Đã xử lý lái xe vi phạm")
    status.locator("button").click()
    page.wait_for_selector("h1 .status:text('Đã xử lý xong')")
    page.screenshot(path=str(shots / "console-case.png"), full_page=True)

    resolved = wait_for(
        lambda: [
            m
            for m in sent_texts(twilio_url)
            if case_code in m["body"] and "xử lý xong" in m["body"]
        ]
    )
    assert resolved[0]["to"] == "+84912345678" and resolved[0]["from"] == HOTLINE

    refused = page.request.post(
        f"{url}/console/cases/{case_code}/note", form={"text": "không có token"}
    )
    assert refused.status == 403

    page.goto(url + "/console/roster")
    assert page.locator("#chain svg .officer").count() == 3
    page.screenshot(path=str(shots / "console-roster.png"), full_page=True)
    page.goto(url + "/console/stats")
    assert page.locator("figure.chart svg").count() == 7
    page.screenshot(path=str(shots / "console-stats.png"), full_page=True)
    log_out(page)

    log_in(page, url, "csgt1")
    page.click(f"a:text('{case_code}')")
    page.wait_for_url(f"{url}/console/cases/{case_code}")
    text = page.locator("main").inner_text()
    assert page.locator("form[action$='/urgent']").count() == 0  # units do not triage
    assert "CSGT chốt Km12" in text and "Đề nghị CSGT xác minh ngay" in text
    assert "912345678" not in page.content() and "+849" not in page.content()
    page.screenshot(path=str(shots / "console-case-unit.png"), full_page=True)
    assert dialogs == []
    assert blocked == [], "the Content-Security-Policy blocked something"
    assert page.request.get(url + "/console/static/favicon.svg").ok
