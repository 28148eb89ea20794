"""How many frames a second Kivy's loop runs: a capped rate where little moves.

The kiosk spends most of its day on the attract screen, whose slow motion needs few
frames; with software OpenGL every frame drawn costs a full-screen redraw on the CPU.
Visits get Kivy's usual rate back (typing, swiping, scrolling). Kivy reads its clock's
``_max_fps`` at every frame, so the change applies at once (no public setter exists).
"""
from __future__ import annotations

from kivy.clock import Clock

VISIT_FPS = 60.0
ATTRACT_FPS = 10.0


def set_max(fps: float) -> None:
    Clock._max_fps = float(fps)


def restore() -> None:
    set_max(VISIT_FPS)
