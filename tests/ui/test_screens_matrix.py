"""Every screen at the four screen sizes, in kiosk mode and windowed, in French, in
English, and with larger text and high contrast on, driven by touch (tests/ui/tour.py).

Each size and mode is one kiosk process in an X server of its own at that size, with no
window manager (the hardest case for kiosk mode: nobody resizes the window for it).
On every screen reached: no text overflows its box or leaves the screen, every touch
target is at least 15 mm, every text reaches 4.5:1 (7:1 in high contrast). Screenshots
are kept in artifacts/screens/<mode>-<size>-<pass>-<screen>.png.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from kiosk import theme
from kiosk.content.loader import load_content
from tests.conftest import ROOT

SIZES = ["800x480", "1024x600", "1280x800", "1920x1080"]


@pytest.mark.parametrize("mode", ["kiosk", "windowed"])
@pytest.mark.parametrize("size", SIZES)
def test_every_screen_fits_reads_and_is_touchable(size, mode, tmp_path):
    report_path = tmp_path / "report.json"
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    proc = subprocess.run(
        ["xvfb-run", "-a", "-s", f"-screen 0 {size}x24 -nolisten tcp",
         sys.executable, str(ROOT / "tests" / "ui" / "tour.py"), "--mode", mode, "--size", size,
         "--report", str(report_path)],
        env=env, capture_output=True, text=True, timeout=420)
    assert report_path.is_file(), proc.stderr[-4000:]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert proc.returncode == 0, proc.stderr[-4000:]
    width, height = (int(v) for v in size.split("x"))

    window = report["window"]
    assert report["kiosk_mode"] is (mode == "kiosk")
    assert window["size"] == [width, height], window
    if mode == "kiosk":
        assert (window["left"], window["top"]) == (0, 0) and window["borderless"], window
        # what the X server really shows: the theme's background up to every edge
        background = [round(c * 255) for c in theme.rgba(load_content(ROOT / "exhibits").exhibition.theme.background)[:3]]
        assert report["framebuffer"]["screen"] == [width, height]
        for corner, pixel in report["framebuffer"]["pixels"].items():
            assert max(abs(a - b) for a, b in zip(pixel, background)) <= 2, (corner, pixel, background)

    states = [s["state"] for s in report["screens"]]
    for name in ("fr", "en", "large-contrast"):
        for screen in ("attract", "home", "info-1", "info-2", "myths-intro", "myths-question", "myths-answer",
                       "chatbot", "chatbot-keyboard", "chatbot-answer", "voicebot", "voicebot-answer", "idle-notice"):
            assert f"{name}-{screen}" in states
    problems = [f"{s['state']} ({s['screenshot']}): {p}" for s in report["screens"] for p in s["problems"]]
    assert not problems, "\n".join(problems)
