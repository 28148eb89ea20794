"""The kiosk as systemd starts it (`launch.py`), with a collector on 127.0.0.1: once
the attract screen is up, its background sync reports its health, content version
included, and its start-up events reach the collector."""
from __future__ import annotations

import os
import subprocess
import sys
import time

from sqlalchemy import select

from collector import db
from collector.kiosks import add_kiosk
from kiosk.content.loader import load_content
from tests.collector.helpers import fresh_engine, serve
from tests.conftest import ROOT
from tests.processes import notify_socket


def test_running_kiosk_syncs_its_health_to_the_collector(tmp_path):
    engine = fresh_engine("sqlite", tmp_path)
    token = add_kiosk(engine, "proc-kiosk")
    config = tmp_path / "kiosk.yaml"
    with serve(engine) as url:
        config.write_text(
            "kiosk_id: proc-kiosk\n"
            "staff_pin_hash: 'pbkdf2_sha256$1000$00$00'\n"
            f"content_dir: {ROOT / 'exhibits'}\n"
            f"data_dir: {tmp_path / 'data'}\n"
            "fullscreen: false\n"
            f"collector: {{url: '{url}', token: '{token}', sync_interval_s: 1}}\n",
            encoding="utf-8")
        notify_path = str(tmp_path / "notify")
        notify = notify_socket(notify_path, timeout=60)
        proc = subprocess.Popen([sys.executable, str(ROOT / "launch.py"), "--config", str(config)],
                                env={**os.environ, "NOTIFY_SOCKET": notify_path},
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            while "READY=1" not in notify.recv(4096).decode():
                pass
            deadline = time.monotonic() + 30
            row = None
            while time.monotonic() < deadline:
                with engine.connect() as conn:
                    row = conn.execute(select(db.kiosks).where(db.kiosks.c.kiosk_id == "proc-kiosk")).one()
                if row.content_version:
                    break
                time.sleep(0.3)
        finally:
            proc.terminate()
            _, stderr = proc.communicate(timeout=20)
            notify.close()
    assert row is not None and row.last_seen_at is not None, stderr[-2000:]
    assert row.content_version == load_content(ROOT / "exhibits").version
    assert "Traceback" not in stderr, stderr[-3000:]
