"""Every screen at the four landscape screen sizes, in kiosk mode and windowed, in
French, in English, and with larger text and high contrast on, driven by touch
(tests/ui/tour.py). Portrait screens in kiosk mode, fewer passes to keep the suite short
(English lays out like French: the landscape runs check it): a 480x800 display in French
with and without larger text, a 1080x1920 one with larger text (the harder case), and
a 800x480 display turned upright by the kiosk itself (config ``screen.rotation: 90``,
for a Pi without a desktop to turn it), in French: touches are turned too.

Each size and mode is one kiosk process in an X server of its own at that size, with no
window manager (the hardest case for kiosk mode: nobody resizes the window for it).
On every screen reached: no text overflows its box, has a word cut across lines or
leaves the screen, every touch target is at least 15 mm, every text reaches 4.5:1 (7:1
in high contrast). Screenshots are kept in artifacts/screens/<mode>-<size>-<pass>-<screen>.png.
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
PORTRAIT = [("480x800", 0, ("fr", "large-contrast")), ("1080x1920", 0, ("large-contrast",)),
            ("800x480", 90, ("fr",))]
SCREENS = ("attract", "home", "info-1", "info-2", "myths-intro", "myths-question", "myths-answer",
           "chatbot", "chatbot-keyboard", "chatbot-answer", "voicebot", "voicebot-answer", "idle-notice")


@pytest.mark.parametrize("mode", ["kiosk", "windowed"])
@pytest.mark.parametrize("size", SIZES)
def test_every_screen_fits_reads_and_is_touchable(size, mode, tmp_path):
    check_tour(size, mode, ("fr", "en", "large-contrast"), tmp_path)


@pytest.mark.parametrize(("size", "rotation", "passes"), PORTRAIT)
def test_portrait_screens_are_filled_and_every_screen_fits(size, rotation, passes, tmp_path):
    check_tour(size, "kiosk", passes, tmp_path, rotation)


def check_tour(size: str, mode: str, passes: tuple[str, ...], tmp_path, rotation: int = 0) -> None:
    report_path = tmp_path / "report.json"
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    proc = subprocess.run(
        ["xvfb-run", "-a", "-s", f"-screen 0 {size}x24 -nolisten tcp",
         sys.executable, str(ROOT / "tests" / "ui" / "tour.py"), "--mode", mode, "--size", size,
         "--report", str(report_path), "--passes", ",".join(passes), "--rotation", str(rotation)],
        env=env, capture_output=True, text=True, timeout=420)
    assert report_path.is_file(), proc.stderr[-4000:]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert proc.returncode == 0, proc.stderr[-4000:]
    width, height = (int(v) for v in size.split("x"))
    if rotation in (90, 270):
        width, height = height, width  # what the visitor sees, and the app lays out

    window = report["window"]
    assert report["kiosk_mode"] is (mode == "kiosk")
    assert window["size"] == [width, height], window
    if mode == "kiosk":
        assert (window["left"], window["top"]) == (0, 0) and window["borderless"], window
        # what the X server really shows (turned upright): the theme's background up to every edge
        background = [round(c * 255) for c in theme.rgba(load_content(ROOT / "exhibits").exhibition.theme.background)[:3]]
        assert report["framebuffer"]["screen"] == [width, height]
        for corner, pixel in report["framebuffer"]["pixels"].items():
            assert max(abs(a - b) for a, b in zip(pixel, background)) <= 2, (corner, pixel, background)

    states = [s["state"] for s in report["screens"]]
    for name in passes:
        for screen in SCREENS:
            assert f"{name}-{screen}" in states
    problems = [f"{s['state']} ({s['screenshot']}): {p}" for s in report["screens"] for p in s["problems"]]
    assert not problems, "\n".join(problems)
