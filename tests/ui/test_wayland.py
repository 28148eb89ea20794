"""Kiosk mode under a real Wayland compositor: Weston, headless, with XWayland (Raspberry
Pi OS Bookworm's desktop is a Wayland compositor too, labwc, with XWayland).

Kivy's own SDL has no Wayland video driver (kiosk.ui.display.video_drivers()), so on a
Wayland desktop the kiosk is an X11 client of XWayland, even when the session asks SDL
for Wayland (SDL_VIDEODRIVER=wayland, set here as a desktop session may set it). Weston's
desktop shell has a panel and places windows itself: the kiosk must still cover the
whole output, panel included, in landscape and when the compositor turns the output
upright (portrait). What is checked is what the compositor shows (its screenshot).
"""
from __future__ import annotations

import glob
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time

import pytest
from PIL import Image

from kiosk import theme
from kiosk.content.loader import load_content
from kiosk.ui import display
from tests.conftest import ROOT
from tests.ui.test_kiosk_mode_process import start_kiosk

OUTPUT = (1280, 800)
pytestmark = pytest.mark.skipif(not (shutil.which("weston") and shutil.which("Xwayland")
                                     and shutil.which("weston-screenshooter")),
                                reason="Weston and XWayland are installed by deploy/install.sh test")


def test_kivys_sdl_has_no_wayland_driver_but_x11():
    """If a Kivy release brings SDL's Wayland driver, this fails: the kiosk could then
    run as a Wayland client (and this file should test that too)."""
    drivers = display.video_drivers()
    assert "x11" in drivers and "wayland" not in drivers, drivers


@pytest.fixture
def weston(request):
    """Weston, headless (pixman renderer, so screenshots show something), with XWayland;
    yields (environment for its clients, the output's rotation)."""
    transform = request.param
    runtime = tempfile.mkdtemp(prefix="wl-")  # short: it holds a Unix socket
    os.chmod(runtime, 0o700)
    log = os.path.join(runtime, "weston.log")
    server = subprocess.Popen(
        ["weston", "--backend=headless-backend.so", "--use-pixman", f"--width={OUTPUT[0]}", f"--height={OUTPUT[1]}",
         f"--transform={transform}", "--xwayland", "--socket=kiosk-wl", "--no-config", "--idle-time=0",
         "--debug", f"--log={log}"],  # --debug: the screenshooter is allowed
        env={**os.environ, "XDG_RUNTIME_DIR": runtime}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        number = None
        while number is None:
            assert server.poll() is None and time.monotonic() < deadline, open(log).read()[-3000:]
            time.sleep(0.2)
            found = re.search(r"xserver listening on display :(\d+)", open(log).read()) if os.path.exists(log) else None
            number = found and found.group(1)
        yield {"XDG_RUNTIME_DIR": runtime, "WAYLAND_DISPLAY": "kiosk-wl", "DISPLAY": f":{number}"}, transform
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(runtime, ignore_errors=True)


def screenshot(env: dict, directory: str, transform: str) -> Image.Image:
    """The compositor's output as a visitor sees it (the screenshot is as scanned out,
    before the output's rotation: turned back here)."""
    for old in glob.glob(os.path.join(directory, "wayland-screenshot-*.png")):
        os.remove(old)
    subprocess.run(["weston-screenshooter"], cwd=directory, env={**os.environ, **env}, check=True, timeout=20)
    (path,) = glob.glob(os.path.join(directory, "wayland-screenshot-*.png"))
    with Image.open(path) as image:
        image = image.convert("RGB")
    return image.rotate(-90, expand=True) if transform == "rotate-90" else image


def off_background(image: Image.Image, background) -> list:
    """Corners and edges (not the top's centre: the kiosk's options are there in portrait)."""
    w, h = image.size
    points = [(1, 1), (w - 2, 1), (1, h - 2), (w - 2, h - 2), (w // 2, h - 2), (1, h // 2), (w - 2, h // 2)]
    return [(p, image.getpixel(p)) for p in points
            if max(abs(a - b) for a, b in zip(image.getpixel(p), background)) > 2]


@pytest.mark.parametrize("weston", ["normal", "rotate-90"], indirect=True)
def test_kiosk_mode_covers_a_wayland_output_through_xwayland(weston, tmp_path):
    env, transform = weston
    expected = OUTPUT[::-1] if transform == "rotate-90" else OUTPUT
    shots = tmp_path / "shots"
    shots.mkdir()
    background = [round(c * 255) for c in theme.rgba(load_content(ROOT / "exhibits").exhibition.theme.background)[:3]]
    proc, _ = start_kiosk(tmp_path, env["DISPLAY"], {**env, "SDL_VIDEODRIVER": "wayland", "KIVY_NO_CONSOLELOG": None})
    try:
        deadline = time.monotonic() + 15  # the compositor places the window, then honours fullscreen
        while True:
            image = screenshot(env, str(shots), transform)
            wrong = off_background(image, background)
            if not wrong or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
    (ROOT / "artifacts" / "screens").mkdir(parents=True, exist_ok=True)
    image.save(ROOT / "artifacts" / "screens" / f"wayland-{transform}-{image.size[0]}x{image.size[1]}.png")
    stderr = proc.stderr.read()
    assert image.size == expected
    assert not wrong, f"the compositor shows something else than the kiosk at {wrong} (background {background})"
    assert "SDL_VIDEODRIVER=wayland is not among this SDL's drivers" in stderr, stderr[-3000:]
    assert proc.returncode == 0 and "Traceback" not in stderr, stderr[-3000:]
