"""How long screen changes take: from the touch's action to the next frame on screen.

Runs the real app in a window of the given size (under Xvfb, software OpenGL) and
times each change the visitor makes: attract -> home, home -> each exhibit (first and
second opening), back home, language switch, larger text, the end of a visit. Prints
wall time and the process's CPU time for each (the new screen's first frame included),
the UI thread's own CPU time (the process's without software OpenGL's rendering threads,
which a Pi's GPU does instead) and the part spent before drawing; on a busy machine
(shared cores) the CPU times are the steadier figures.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python bench/transitions.py [--size 1280x800]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1280x800")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    from tests.conftest import make_config

    config = make_config(Path(tempfile.mkdtemp()), idle_timeout_s=600)
    from kivy.config import Config

    Config.set("graphics", "width", str(width))
    Config.set("graphics", "height", str(height))
    from tests.ui.harness import KioskDriver

    k = KioskDriver(config)
    app = k.start(size=(width, height))
    k.pump(frames=10, seconds=4)  # as on a kiosk: the exhibit screens are prepared on the attract screen
    results: list[tuple[str, float, float, float, float]] = []

    def timed(name: str, action) -> None:
        k.pump(frames=2)
        wall, cpu, ui = time.perf_counter(), time.process_time(), time.thread_time()
        action()
        logic = time.perf_counter() - wall  # the kiosk's own work, before OpenGL draws
        k.pump(frames=1)  # the frame that shows the new screen
        results.append((name, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000,
                        (time.thread_time() - ui) * 1000, logic * 1000))

    exhibits = [e.id for e in app.content.exhibits]
    timed("attract -> home", app.start_visit)
    for round_ in ("first", "again"):
        for exhibit in exhibits:
            timed(f"home -> {exhibit} ({round_})", lambda e=exhibit: app.open_exhibit(e))
            timed(f"{exhibit} -> home", app.go_home)
    timed("language switch (home)", lambda: app.set_language("en"))
    timed("larger text on (home)", app.toggle_large_text)
    timed("high contrast on (home)", app.toggle_high_contrast)
    timed("end of visit -> attract", lambda: app.end_visit("idle"))
    k.stop()
    width_name = max(len(r[0]) for r in results)
    for name, wall, cpu, ui, logic in results:
        print(f"{name:<{width_name}}  {wall:7.1f} ms wall  {cpu:7.1f} ms CPU  {ui:6.1f} ms UI thread  "
              f"({logic:5.1f} ms before drawing)")
    slowest = max(results, key=lambda r: r[2])
    print(f"slowest transition by CPU: {slowest[0]}: {slowest[2]:.0f} ms CPU ({slowest[1]:.0f} ms wall); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    slowest_ui = max(results, key=lambda r: r[3])
    print(f"slowest on the UI thread: {slowest_ui[0]}: {slowest_ui[3]:.0f} ms")
    print(f"slowest before drawing: {max(r[4] for r in results):.0f} ms")


if __name__ == "__main__":
    main()
