"""One kiosk, started the way ``launch.py`` starts it, toured by touch: every screen in
French, in English, and with larger text and high contrast on. On each screen the
checks of :mod:`tests.ui.checks` run and a screenshot is kept. Prints a JSON report.

Run by tests/ui/test_screens_matrix.py in an X server of its own at the size tested
(no window manager), once per size and mode:

    python tests/ui/tour.py --mode kiosk --size 800x480 --report out.json [--passes fr,en]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("KIVY_HOME", str(ROOT / "artifacts" / "kivy-home"))

PASSES = (
    # (name, language, larger text, high contrast)
    ("fr", "fr", False, False),
    ("en", "en", False, False),
    ("large-contrast", "fr", True, True),
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=("kiosk", "windowed"), required=True)
    parser.add_argument("--size", required=True)
    parser.add_argument("--report", required=True)
    parser.add_argument("--diagonal", type=float, default=10.0)
    parser.add_argument("--rotation", type=int, default=0, help="the config's screen.rotation")
    parser.add_argument("--passes", default=",".join(p[0] for p in PASSES), help="comma-separated, among " + ", ".join(p[0] for p in PASSES))
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    tag = f"{args.mode}-{args.size}" + (f"-rotation{args.rotation}" if args.rotation else "")

    from tests.conftest import make_config

    tmp = Path(tempfile.mkdtemp(prefix="kiosk-tour-"))
    config = make_config(tmp, fullscreen=args.mode == "kiosk", idle_timeout_s=600,
                         screen={"diagonal_in": args.diagonal, "rotation": args.rotation})
    from kivy.config import Config

    from kiosk.ui.cli import configure_kivy

    kiosk_mode = configure_kivy(config, windowed=args.mode == "windowed")
    if not kiosk_mode:
        Config.set("graphics", "width", str(width))
        Config.set("graphics", "height", str(height))
    for name, _ in Config.items("input"):  # nothing but the tour's touches
        Config.remove_option("input", name)

    from kivy.core.window import Window

    from kiosk.events import MemorySink
    from tests.ui import checks
    from tests.ui.harness import KioskDriver

    report: dict = {"tag": tag, "kiosk_mode": kiosk_mode, "screens": [], "window": {}}
    k = KioskDriver(config, kiosk_mode=kiosk_mode, events=MemorySink())
    k.start(size=None)
    report["window"] = {"size": list(Window.size), "system_size": list(Window.system_size),
                        "left": Window.left, "top": Window.top, "fullscreen": Window.fullscreen,
                        "borderless": Window.borderless}
    report["framebuffer"] = framebuffer_corners(k)

    def look(state: str, high_contrast: bool) -> None:
        path = k.screenshot(f"{tag}-{state}")  # after a few frames: the layout has settled
        problems = (checks.text_problems() + checks.overlap_problems() + checks.touch_problems(k.app.px_per_mm)
                    + checks.contrast_problems(7.0 if high_contrast else 4.5))
        report["screens"].append({"state": state, "screenshot": str(path.relative_to(ROOT)), "problems": problems})

    try:
        for pass_name, language, large, contrast in [p for p in PASSES if p[0] in args.passes.split(",")]:
            tour(k, look, pass_name, language, large, contrast)
    finally:
        Path(args.report).write_text(json.dumps(report, indent=1), encoding="utf-8")
        k.stop()
    return 0


def framebuffer_corners(k) -> dict:
    """What the X server shows in each corner of the screen (kiosk mode must paint them
    with the theme's background: no black band, no misplaced window)."""
    from PIL import ImageGrab

    k.pump(frames=5)
    # as the visitor sees it: the config's rotation undone
    image = ImageGrab.grab(xdisplay=os.environ["DISPLAY"]).rotate(-k.app.kiosk_config.screen.rotation, expand=True)
    w, h = image.size
    points = {"top-left": (2, 2), "top-right": (w - 3, 2), "bottom-left": (2, h - 3),
              "bottom-right": (w - 3, h - 3), "centre-left": (2, h // 2), "centre-right": (w - 3, h // 2),
              "centre-bottom": (w // 2, h - 3)}  # not the top's centre: the options reach it on a portrait screen
    return {"screen": [w, h], "pixels": {n: list(image.getpixel(p)[:3]) for n, p in points.items()}}


def tap_text(k, *texts: str) -> None:
    for text in texts:
        try:
            k.tap(k.find_text(text, exact=True))
            return
        except AssertionError:
            continue
    raise AssertionError(f"none of {texts} on screen: {k.texts()}")


def tour(k, look, name: str, language: str, large: bool, contrast: bool) -> None:
    app = k.app
    fr = language == "fr"
    # the options and languages are touched on the attract screen, as a visitor would
    if language != app.language:
        k.tap(k.find_text(language.upper(), exact=True))
    if large:
        k.tap(k.find_text("A+", exact=True))
    if contrast:
        k.tap(k.find_text("\uf042", exact=True))
    assert app.large_text == large and app.high_contrast == contrast
    attract = k.screen
    attract._stop_motion()  # a slide at rest, not half faded
    attract.fade, attract.drift = 1.0, 0.0
    look(f"{name}-attract", contrast)

    k.tap(k.screen)
    assert k.screen_name == "home"
    look(f"{name}-home", contrast)

    # info: two pages, one read aloud
    tap_text(k, "L'exposition" if fr else "The exhibition")
    look(f"{name}-info-1", contrast)
    k.tap(k.find(lambda w: getattr(w, "text", None) == "›"))
    look(f"{name}-info-2", contrast)
    tap_text(k, "‹ Accueil", "‹ Home")

    # myths: start card, a question, the turned card
    tap_text(k, "Mythe ou réalité ?" if fr else "Myth or fact?")
    look(f"{name}-myths-intro", contrast)
    tap_text(k, "Commencer", "Start")
    look(f"{name}-myths-question", contrast)
    tap_text(k, "Réalité  ›", "Fact  ›")
    k.wait_until(lambda: k.screen.phase == "answered" and k.screen.turn == 1.0, what="turned card")
    look(f"{name}-myths-answer", contrast)
    tap_text(k, "‹ Accueil", "‹ Home")

    # chatbot: empty, keyboard open, an answer
    tap_text(k, "Parlez au mini-chatbot" if fr else "Talk to the mini-chatbot")
    screen = k.screen
    look(f"{name}-chatbot", contrast)
    k.tap(screen.ids.field)
    look(f"{name}-chatbot-keyboard", contrast)
    k.tap(screen.ids.field)
    choices = [w for w in screen.ids.choices.children]
    k.tap(choices[-1])
    look(f"{name}-chatbot-answer", contrast)
    tap_text(k, "‹ Accueil", "‹ Home")

    # voicebot (no speech model here: questions by touch, answered aloud)
    tap_text(k, "Parlez au voicebot" if fr else "Talk to the voicebot")
    screen = k.screen
    k.wait_until(lambda: screen.state != "loading", timeout=20, what="voicebot ready")
    look(f"{name}-voicebot", contrast)
    k.tap(screen.ids.suggestions.children[-1])
    look(f"{name}-voicebot-answer", contrast)

    # "are you still there?" over the exhibit
    app._show_idle_notice(17)
    look(f"{name}-idle-notice", contrast)
    app.user_activity()
    k.pump(frames=2)
    tap_text(k, "‹ Accueil", "‹ Home")
    app.end_visit("attract")  # the next pass starts from the attract screen, options off
    k.pump(frames=3)


if __name__ == "__main__":
    sys.exit(main())
