"""A coordinator in a real browser (Debian's Chromium, headless): logs in, reads the
overview with its charts, changes a filter; screenshots kept under artifacts/."""
from __future__ import annotations

import os
import re
import shutil

import pytest

from collector.dashboard.formatting import number
from tests.dashboard.helpers import PASSWORD, USER

CHROMIUM = os.environ.get("KIOSK_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian package 'chromium')")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def test_log_in_read_the_overview_and_change_a_filter(filled, browser, artifacts, request):
    kind = request.node.callspec.params["filled"]
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    blocked = []
    page.on("request", lambda r: blocked.append(r.url) if not r.url.startswith(filled.url) else None)
    page.goto(filled.url + "/dashboard/")
    assert "/dashboard/login" in page.url
    page.fill("input[name=username]", USER)
    page.fill("input[name=password]", "not the password")
    page.click("button[type=submit]")
    assert page.locator(".error").is_visible()
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/dashboard/$"))

    visits = sum(len(k.of("visit_started")) for k in filled.kiosks)
    assert page.inner_text("#fig-visits") == number(visits)
    # The charts were drawn by the locally served Chart.js, with one bar per day and per hour.
    days = page.evaluate("Chart.getChart('chart-days').data.datasets[0].data.reduce((a, b) => a + b, 0)")
    hours = page.evaluate("Chart.getChart('chart-hours').data.datasets[0].data.length")
    assert days == visits and hours == 24
    page.screenshot(path=str(artifacts / f"dashboard-overview-{kind}.png"), full_page=True)

    lyon = next(k for k in filled.kiosks if k.rows[0]["site"] == "Lyon")
    page.select_option("select[name=site]", "Lyon")  # applied on change, no button needed
    page.wait_for_url(re.compile(r"site=Lyon"))
    assert page.inner_text("#fig-visits") == number(len(lyon.of("visit_started")))
    assert page.evaluate("Chart.getChart('chart-days').data.datasets[0].data.reduce((a, b) => a + b, 0)") \
        == len(lyon.of("visit_started"))
    page.screenshot(path=str(artifacts / f"dashboard-overview-lyon-{kind}.png"), full_page=True)

    # A tablet held upright: the same page, nothing wider than the screen.
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto(filled.url + "/dashboard/kiosks")
    assert page.evaluate("document.documentElement.scrollWidth") <= 768 + 1
    page.screenshot(path=str(artifacts / f"dashboard-kiosks-tablet-{kind}.png"), full_page=True)
    assert blocked == []  # no CDN, no outside request
    page.close()
