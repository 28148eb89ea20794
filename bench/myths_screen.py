"""What the myths quiz screen costs on this machine, in the real kiosk window.

Prints: building the quiz screen (first opening), an idle frame, the UI-thread work of
an answer and of showing the card's back (the turn's own animation, 2 x TURN_S, is not
counted), and fitting the longest texts the schema allows (FitBox) at a few sizes. Run under a display, e.g.

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python bench/myths_screen.py

Under Xvfb the GL is software (llvmpipe) and the cores are shared with other work: the
figures are an upper bound for a desktop, a Raspberry Pi is several times slower.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("KIVY_HOME", str(ROOT / "artifacts" / "kivy-home"))

from tests.ui.harness import KioskDriver  # noqa: E402  (sets up Kivy for a driven window)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def config(tmp: str):
    from kiosk.config import KioskConfig, hash_pin

    return KioskConfig.model_validate(dict(
        kiosk_id="bench", staff_pin_hash=hash_pin("2468", iterations=1000),
        content_dir=str(ROOT / "exhibits"), data_dir=str(Path(tmp) / "data"), fullscreen=False))


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    from kivy.animation import Animation
    from kivy.clock import Clock

    from kiosk.exhibits.myths.schema import EXPLANATION_MAX, SOURCE_MAX, STATEMENT_MAX

    print(f"cpu cores visible: {os.cpu_count()} (shared with other work; software GL under Xvfb)")
    with tempfile.TemporaryDirectory() as tmp:
        k = KioskDriver(config(tmp))
        k.start(size=(1280, 800))
        try:
            k.tap(k.screen)
            tile = k.find_text("Mythe ou réalité ?", exact=True)
            print(f"open the quiz the first time (screen built): {ms(timed(lambda: k.tap(tile)))}")
            screen = k.screen
            k.tap_text("Commencer", exact=True)
            screen.model.shares.wait(10)
            idle = timed(lambda: k.pump(frames=30)) / 30
            print(f"one idle frame (the baseline of every figure below): {ms(idle)}")
            answers, turns, frames = [], [], []
            for _ in range(screen.model.total):
                answers.append(timed(lambda: screen.choose("myth")))  # model, event, start of the turn
                k.wait_until(lambda: screen.phase == "answered" and screen.turn == 1.0)
                Animation.cancel_all(screen, "turn")
                # the card's back: new texts, bindings, layout, font fitting (Python side)...
                turns.append(timed(lambda: (screen._turned(), Clock.tick())))
                # ...then the frame that draws it (GL: software under Xvfb, the GPU on a Pi)
                frames.append(timed(lambda: k.pump(frames=1)))
                k.wait_until(lambda: screen.turn == 1.0)
                screen.next()
            print(f"answer touched (model, event, turn starts): median {ms(statistics.median(answers))}, "
                  f"max {ms(max(answers))}")
            print(f"back of the card built (texts, layout, fitting): median {ms(statistics.median(turns))}, "
                  f"max {ms(max(turns))} over {len(turns)} cards")
            print(f"frame drawing the new card: median {ms(statistics.median(frames))}, max {ms(max(frames))}")

            words = "Mémoriser des exemples, généraliser prudemment, vérifier régulièrement. "
            longest = {"statement": STATEMENT_MAX, "explanation": EXPLANATION_MAX, "source": SOURCE_MAX}
            screen.start()
            k.pump(frames=2)
            screen.choose("myth")
            k.wait_until(lambda: screen.phase == "answered" and screen.turn == 1.0)
            panel = screen.ids.stage.children[0]
            fit = panel.ids.fit
            statement = screen.model.current
            for name, limit in longest.items():
                text = (words * (limit // len(words) + 1))[:limit]
                object.__setattr__(statement, name, {"fr": text, "en": text})
            for size in [(800, 480), (1280, 800), (1920, 1080)]:
                from kivy.core.window import Window

                Window.size = size
                k.pump(frames=5)
                screen.shown = None
                screen.shown = screen.model.last_answer
                k.pump(frames=2)
                print(f"fit the longest allowed texts on the card at {size[0]}x{size[1]}: "
                      f"{ms(timed(fit._fit))} (font scale {fit.scale:.2f})")
        finally:
            k.stop()


if __name__ == "__main__":
    main()
