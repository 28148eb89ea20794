"""A coordinator publishes a content release in a real browser (Debian's Chromium,
headless): logs in, uploads the file, assigns it to every kiosk, and watches a kiosk
(its real statistics store, release store and sync worker, on 127.0.0.1) download
it, wait for the attract screen and report it shown. Screenshots under artifacts/."""
from __future__ import annotations

import re

import pytest

from collector.dashboard.users import add_user
from collector.releases import tables
from contract.releases.keys import SigningKey
from tests.collector.helpers import fresh_engine, serve
from tests.dashboard.test_browser import browser  # noqa: F401 - the fixture
from tests.releases.distribution import Kiosk, trust
from tests.releases.helpers import build, make_content

USER, PASSWORD = "coordinatrice", "une phrase de passe"


@pytest.fixture
def collector(tmp_path):
    engine = fresh_engine("sqlite", tmp_path)
    tables.ensure_schema(engine)
    add_user(engine, USER, PASSWORD)
    with serve(engine) as url:
        yield engine, url
    engine.dispose()


def kiosk_row(page, kiosk_id: str):
    page.reload()
    return page.locator(f'#kiosk-releases tr[data-kiosk="{kiosk_id}"]')


def test_upload_assign_and_see_the_kiosk_report_the_new_version(collector, browser, artifacts, tmp_path):  # noqa: F811
    engine, url = collector
    key = SigningKey.generate()
    trust(engine, key)
    release = build(make_content(tmp_path, "2026.12-1"), key, tmp_path / "exposition-2026-12.zip")
    stranger = build(make_content(tmp_path, "2026.12-9", name="other"), SigningKey.generate(), tmp_path / "x.zip")
    kiosk = Kiosk.make(tmp_path, engine, "occ-31-labege-1", url, [key])
    try:
        assert kiosk.sync().ok  # its first report: the content folder
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        outside = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(url) else None)
        page.goto(url + "/dashboard/")
        page.fill("input[name=username]", USER)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/dashboard/$"))
        page.click("text=Contenus")
        page.wait_for_url(re.compile(r"/dashboard/releases$"))
        row = kiosk_row(page, kiosk.kiosk_id)
        assert "dossier de contenu de la borne" in row.locator(".shown").inner_text()

        # A file signed with a key the collector does not trust: refused, said, nothing stored.
        page.set_input_files("#upload-form input[name=file]", str(stranger.path))
        page.click("#upload-form button[type=submit]")
        assert "signée avec une clé" in page.inner_text("#release-error") or "does not trust" in page.inner_text(
            "#release-error")
        assert page.locator("#published-releases tr[data-release]").count() == 0

        # Upload for nobody yet, then assign to every kiosk.
        page.set_input_files("#upload-form input[name=file]", str(release.path))
        page.select_option("#upload-form select[name=to]", "")
        page.click("#upload-form button[type=submit]")
        page.wait_for_url(re.compile(r"published="))
        assert "Version 2026.12-1 publiée" in page.inner_text("main")
        listed = page.locator(f'tr[data-release="{release.manifest.release_id}"]')
        assert listed.count() == 1 and "2026.12-1" in listed.inner_text()
        listed.locator("select[name=to]").select_option("all")
        listed.locator("button[type=submit]").click()
        page.wait_for_url(re.compile(r"assigned="))
        assert "Attribuée à : toutes les bornes" in page.inner_text("main")
        page.screenshot(path=str(artifacts / "releases-published.png"), full_page=True)

        # The kiosk downloads and installs it during its sync; it waits for the attract screen.
        assert kiosk.sync().ok and kiosk.sync().ok
        row = kiosk_row(page, kiosk.kiosk_id)
        assert row.locator(".assigned").inner_text() == "2026.12-1"
        assert row.locator(".next").inner_text() == "2026.12-1 — en attente de l'écran d'accueil"
        page.screenshot(path=str(artifacts / "releases-waiting.png"), full_page=True)

        kiosk.between_visits()
        assert kiosk.sync().ok
        row = kiosk_row(page, kiosk.kiosk_id)
        shown = row.locator(".shown").inner_text()
        assert shown.startswith("2026.12-1") and "à jour" in shown and "à l'essai" in shown
        assert row.locator(".next").inner_text() == "—" and row.locator(".failure").inner_text() == "—"
        page.screenshot(path=str(artifacts / "releases-shown.png"), full_page=True)

        page.set_viewport_size({"width": 768, "height": 1024})  # a tablet held upright
        page.reload()
        assert page.evaluate("document.documentElement.scrollWidth") <= 768 + 1
        page.screenshot(path=str(artifacts / "releases-tablet.png"), full_page=True)
        assert outside == []
        page.close()
    finally:
        kiosk.close()
