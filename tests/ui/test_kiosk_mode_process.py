"""The kiosk as `launch.py` runs it in kiosk mode, on a bare X server (no window
manager) and under a kiosk window manager: it covers the screen, a real click starts a
visit, and SIGTERM or SIGINT (systemctl stop, Ctrl+C) end it cleanly within 2 s: the
visit is ended and recorded, the statistics store closed."""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from kiosk import theme
from kiosk.content.loader import load_content
from tests.conftest import ROOT
from tests.processes import notify_socket
from tests.ui.xtest import XPointer

SCREEN = (1024, 600)


@pytest.fixture
def bare_x_server():
    """An X server of its own, without a window manager; yields its DISPLAY."""
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24",
                               "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def start_kiosk(tmp_path, display: str, extra_env: dict | None = None):
    """`launch.py` in kiosk mode on ``display``, once its attract screen is up."""
    data_dir = tmp_path / "data"
    config = tmp_path / "kiosk.yaml"
    config.write_text("kiosk_id: sig-kiosk\nstaff_pin_hash: 'pbkdf2_sha256$1000$00$00'\n"
                      f"content_dir: {ROOT / 'exhibits'}\ndata_dir: {data_dir}\nfullscreen: true\n", encoding="utf-8")
    notify = notify_socket(tmp_path / "notify", timeout=60)
    env = {**os.environ, "DISPLAY": display, "NOTIFY_SOCKET": str(tmp_path / "notify"), "SDL_AUDIODRIVER": "dummy",
           **(extra_env or {})}
    env = {k: v for k, v in env.items() if v is not None}  # None in extra_env: unset
    proc = subprocess.Popen([sys.executable, str(ROOT / "launch.py"), "--config", str(config)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        while "READY=1" not in notify.recv(4096).decode():
            pass
    finally:
        notify.close()
    return proc, data_dir


def events(data_dir) -> list[tuple[str, dict]]:
    with sqlite3.connect(data_dir / "stats.sqlite3") as conn:
        return [(kind, json.loads(data)) for kind, data in conn.execute("SELECT kind, data FROM events ORDER BY seq")]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_ends_the_visit_and_stops_the_kiosk_within_2_s(bare_x_server, tmp_path, signum):
    proc, data_dir = start_kiosk(tmp_path, bare_x_server)
    pointer = XPointer(bare_x_server)
    try:
        deadline = time.monotonic() + 30
        while not (data_dir / "stats.sqlite3").is_file() or "visit_started" not in [k for k, _ in events(data_dir)]:
            assert time.monotonic() < deadline, "a click on the attract screen did not start a visit"
            pointer.click(SCREEN[0] // 2, SCREEN[1] // 2)  # a real click, through SDL and Kivy
            time.sleep(0.5)
        sent = time.monotonic()
        proc.send_signal(signum)
        proc.wait(timeout=10)
        took = time.monotonic() - sent
    finally:
        pointer.close()
        if proc.poll() is None:
            proc.kill()
    stderr = proc.stderr.read()
    assert proc.returncode == 0, stderr[-3000:]
    assert took < 2.0, f"stopping took {took:.2f} s"
    recorded = events(data_dir)
    assert recorded[-1] == ("visit_ended", {"duration_s": recorded[-1][1]["duration_s"], "reason": "shutdown"})
    assert "Traceback" not in stderr, stderr[-3000:]


@pytest.mark.skipif(not shutil.which("matchbox-window-manager"), reason="installed by deploy/install.sh test")
def test_kiosk_mode_fills_the_screen_under_a_window_manager(bare_x_server, tmp_path):
    from PIL import ImageGrab

    wm = subprocess.Popen(["matchbox-window-manager", "-use_titlebar", "no"], env={**os.environ, "DISPLAY": bare_x_server},
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.5)
        proc, _ = start_kiosk(tmp_path, bare_x_server)
        try:
            time.sleep(1.0)  # the window manager has placed the window
            image = ImageGrab.grab(xdisplay=bare_x_server)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=10)
    finally:
        wm.terminate()
        wm.wait(timeout=10)
    background = [round(c * 255) for c in theme.rgba(load_content(ROOT / "exhibits").exhibition.theme.background)[:3]]
    w, h = image.size
    assert (w, h) == SCREEN
    for x, y in ((1, 1), (w - 2, 1), (1, h - 2), (w - 2, h - 2), (w // 2, h - 2)):
        pixel = list(image.getpixel((x, y))[:3])
        assert max(abs(a - b) for a, b in zip(pixel, background)) <= 2, ((x, y), pixel, background)
    assert proc.returncode == 0
