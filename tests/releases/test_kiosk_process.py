"""The kiosk as systemd starts it (`launch.py`), a collector on 127.0.0.1: it starts on
the release installed with `content install`, switches by itself to one installed while
it runs (it stays on its attract screen, so between visits), and its health reports
name the release shown, and the reason after a rollback."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from collector import db
from collector.kiosks import add_kiosk
from contract.releases.keys import SigningKey
from tests.collector.helpers import fresh_engine, serve
from tests.conftest import ROOT, run_launch
from tests.processes import notify_socket
from tests.releases.helpers import build, make_content

pytestmark = pytest.mark.ui


def health_of(engine, kiosk_id):
    with engine.connect() as conn:
        row = conn.execute(select(db.kiosks).where(db.kiosks.c.kiosk_id == kiosk_id)).one()
    return row.health or {}


def wait_for(engine, condition, what, timeout=40):
    deadline = time.monotonic() + timeout
    health = {}
    while time.monotonic() < deadline:
        health = health_of(engine, "rel-kiosk")
        if condition(health):
            return health
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}; last health: {health.get('release')}")


def test_running_kiosk_shows_and_reports_its_release(tmp_path):
    key = SigningKey.generate()
    made = tmp_path / "made"
    made.mkdir()
    v1 = build(make_content(made, "2026.12-1"), key, made / "v1.zip", hours=0)
    v2 = build(make_content(made, "2026.12-2"), key, made / "v2.zip", hours=24)
    engine = fresh_engine("sqlite", tmp_path)
    token = add_kiosk(engine, "rel-kiosk")
    config = tmp_path / "kiosk.yaml"
    with serve(engine) as url:
        config.write_text(
            "kiosk_id: rel-kiosk\n"
            "staff_pin_hash: 'pbkdf2_sha256$1000$00$00'\n"
            f"content_dir: {ROOT / 'exhibits'}\n"
            f"data_dir: {tmp_path / 'data'}\n"
            "fullscreen: false\n"
            f"collector: {{url: '{url}', token: '{token}', sync_interval_s: 1}}\n"
            f"releases: {{trusted_keys: ['{key.public.text}']}}\n",
            encoding="utf-8")
        run_launch("--config", str(config), "content", "install", str(v1.path), check=True)
        notify_path = str(tmp_path / "notify")
        notify = notify_socket(notify_path, timeout=60)
        proc = subprocess.Popen([sys.executable, str(ROOT / "launch.py"), "--config", str(config)],
                                env={**os.environ, "NOTIFY_SOCKET": notify_path},
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            while "READY=1" not in notify.recv(4096).decode():
                pass
            health = wait_for(engine, lambda h: (h.get("release") or {}).get("shown"), "release 1 reported")
            assert health["release"]["shown"]["version"] == "2026.12-1" and health["release"]["trial"] is True
            assert health["content_version"] == v1.manifest.check.content_fingerprint

            run_launch("--config", str(config), "content", "install", str(v2.path), check=True)
            health = wait_for(engine, lambda h: h.get("content_version") == v2.manifest.check.content_fingerprint,
                              "the switch to release 2")
            assert health["release"]["shown"]["version"] == "2026.12-2"
            assert health["release"]["previous"]["version"] == "2026.12-1"

            run_launch("--config", str(config), "content", "rollback", check=True)
            health = wait_for(engine, lambda h: h.get("content_version") == v1.manifest.check.content_fingerprint,
                              "the rollback to release 1")
            assert health["release"]["shown"]["version"] == "2026.12-1"
            change = health["release"]["last_change"]
            assert change["action"] == "rolled_back" and change["version"] == "2026.12-2"
            assert change["reason"]["key"] == "reason.requested"
        finally:
            proc.terminate()
            _, stderr = proc.communicate(timeout=20)
            notify.close()
    assert "Traceback" not in stderr, stderr[-3000:]
