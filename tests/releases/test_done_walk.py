"""From a fresh copy of the project, as people would do it: an organiser makes a key and
builds a release of a changed content; a coordinator's collector (a real server
process on 127.0.0.1) trusts the key and publishes the release for every kiosk; a
kiosk (the real `launch.py` process, in a window under Xvfb) fetches it while it
syncs, switches to it on its attract screen — between visits — and the dashboard's
Content page shows it showing that release."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time

import httpx
import pytest

from tests.collector.helpers import free_port
from tests.dashboard.helpers import login
from tests.docs.guide_blocks import copy_project
from tests.processes import notify_socket, stop_group

pytestmark = pytest.mark.ui
KIOSK = "occ-31-labege-1"
USER, PASSWORD = "marie", "une longue phrase de passe"


def test_an_organiser_publishes_and_a_kiosk_switches_between_visits_and_reports_it(tmp_path):
    project = tmp_path / "urssaf-kiosk"
    copy_project(project)
    env = {**os.environ, "HOME": str(tmp_path), "LANG": "fr_FR.UTF-8"}

    def launch(*args: str, stdin: str | None = None) -> str:
        proc = subprocess.run([sys.executable, "launch.py", *args], cwd=project, env=env, input=stdin,
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, f"launch.py {' '.join(args)}:\n{proc.stdout}\n{proc.stderr}"
        return proc.stdout

    # The organiser, on their own computer: a key, a change of content, a release.
    launch("content", "keygen", str(tmp_path / "organisers.key"))
    public = (tmp_path / "organisers.key.pub").read_text().strip()
    laptop = tmp_path / "laptop-exhibits"
    shutil.copytree(project / "exhibits", laptop)
    exhibition = laptop / "exhibition.yaml"
    exhibition.write_text(exhibition.read_text(encoding="utf-8").replace('version: "2026.11-1"',
                                                                           'version: "2026.12-1"'), encoding="utf-8")
    built = launch("content", "release", "--key", str(tmp_path / "organisers.key"), "--out",
                   str(tmp_path / "exposition-2026-12.zip"), "--content", str(laptop))
    assert "2026.12-1" in built

    # The coordinator's collector, and the kiosk registered with it.
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "launch.py", "collector", "serve", "--port", str(port)], cwd=project,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              start_new_session=True)
    kiosk = None
    notify = notify_socket(tmp_path / "notify.sock", timeout=120)
    try:
        _wait_http(url + "/api/v1/health")
        launch("collector", "trust-key", str(tmp_path / "organisers.key.pub"))
        token = launch("collector", "add-kiosk", KIOSK).strip()
        launch("collector", "add-user", USER, "--password-stdin", stdin=PASSWORD + "\n")
        config = project / "config" / "kiosk.yaml"
        text = config.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^  url:.*$", f"  url: {url}/\n  sync_interval_s: 1", text)
        text = re.sub(r"(?m)^  token:.*$", f'  token: "{token}"', text)
        text = re.sub(r"(?m)^  trusted_keys:.*$", f'  trusted_keys: ["{public}"]', text)
        text = text.replace("fullscreen: true", "fullscreen: false")
        config.write_text(text, encoding="utf-8")

        # The kiosk runs, on its attract screen, showing its content folder.
        kiosk = subprocess.Popen([sys.executable, "launch.py"], cwd=project,
                                 env={**env, "NOTIFY_SOCKET": str(tmp_path / "notify.sock")},
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                 start_new_session=True)
        while "READY=1" not in notify.recv(4096).decode():
            pass
        dashboard = httpx.Client(base_url=url, timeout=30)
        assert login(dashboard, USER, PASSWORD).status_code == 303
        _wait(lambda: re.fullmatch(r"2026\.11-1\+[0-9a-f]{8} \(dossier de contenu de la borne\)",
                                   _cell(dashboard, "shown")), "the kiosk's first report")

        published = launch("collector", "publish", str(tmp_path / "exposition-2026-12.zip"), "--to", "all")
        assert "Version 2026.12-1 publiée" in published and "toutes les bornes" in published

        _wait(lambda: _cell(dashboard, "shown").startswith("2026.12-1 "), "the kiosk showing the release")
        assert "à jour" in _cell(dashboard, "shown") and _cell(dashboard, "failure") == "—"
        status = launch("content", "status", "--json")
        assert '"version": "2026.12-1"' in status and '"action": "switched"' in status
    finally:
        notify.close()
        if kiosk is not None:
            stop_group(kiosk)
        stop_group(server)
    assert "Traceback" not in (kiosk.stderr.read() if kiosk and kiosk.stderr else "")


def _cell(client: httpx.Client, name: str) -> str:
    page = client.get("/dashboard/releases").text
    row = re.search(rf'<tr data-kiosk="{KIOSK}">(.*?)</tr>', page, re.S)
    if not row:
        return ""
    cell = re.search(rf'class="{name}"[^>]*>(.*?)</td>', row.group(1), re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell.group(1))).strip() if cell else ""


def _wait(condition, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def _wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")
