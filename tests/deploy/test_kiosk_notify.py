"""The real kiosk speaks the kiosk unit's protocol (Type=notify, WatchdogSec): READY once
the attract screen is up, then a heartbeat from the UI clock."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.processes import notify_socket, stop_group

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.ui


def test_kiosk_notifies_ready_then_beats(tmp_path: Path):
    assert os.environ.get("DISPLAY"), "needs an X display: run the tests with deploy/run-tests.sh (Xvfb)"
    sock_path = tmp_path / "notify.sock"
    notify = notify_socket(sock_path)
    env = {**os.environ, "NOTIFY_SOCKET": str(sock_path), "WATCHDOG_USEC": "2000000",  # WatchdogSec=2
           "KIVY_NO_ARGS": "1", "KIVY_NO_CONSOLELOG": "1"}
    log = (tmp_path / "kiosk.log").open("w")
    kiosk = subprocess.Popen(
        [sys.executable, str(ROOT / "launch.py"), "--data-dir", str(tmp_path / "data"), "--windowed"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    messages: list[str] = []
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and messages.count("WATCHDOG=1") < 3:
            assert kiosk.poll() is None, (tmp_path / "kiosk.log").read_text()[-3000:]
            try:
                messages.append(notify.recv(4096).decode())
            except socket.timeout:
                continue
    finally:
        stop_group(kiosk)
        notify.close()
        log.close()
    ready = [i for i, m in enumerate(messages) if m.startswith("READY=1")]
    assert ready, f"no READY=1 from the kiosk: {messages}"
    beats_after_ready = [m for m in messages[ready[0]:] if m == "WATCHDOG=1"]
    assert len(beats_after_ready) >= 3, messages
