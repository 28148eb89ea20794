"""Sizes of the interface from the window and the screen's physical size.

Touch targets must be at least 15 mm whatever the screen (a 7" 800x480 Raspberry Pi
display or a 32" 1920x1080 one): the config gives the diagonal in inches, which is
more reliable than what a display driver reports (KMS and Xvfb report nothing
useful). Text follows the window height, so every layout keeps its proportions, and
never goes under a readable physical size.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

MIN_TOUCH_MM = 15.0
#: the larger-text option multiplies every font size by this
LARGE_TEXT_SCALE = 1.3


def pixels_per_mm(width: float, height: float, diagonal_in: float) -> float:
    return math.hypot(width, height) / (diagonal_in * 25.4)


@dataclass(frozen=True)
class Sizes:
    touch: float  # minimum side of a touch target, in pixels
    font: float  # base font size, in pixels
    px_per_mm: float


def sizes_for(width: float, height: float, diagonal_in: float, text_scale: float = 1.0) -> Sizes:
    per_mm = pixels_per_mm(width, height, diagonal_in)
    short = min(width, height)
    touch = max(MIN_TOUCH_MM * per_mm * 1.04, short * 0.085)  # a little over 15 mm: rounding never fails it
    font = max(short / 30.0, 3.2 * per_mm, 14.0) * text_scale  # 3.2 mm capitals at least
    return Sizes(touch=touch, font=font, px_per_mm=per_mm)


def largest_fitting_scale(top: float, bottom: float, step: float, fits) -> float:
    """The largest of ``top``, ``top - step``, … (never under ``bottom``, which is
    accepted as the last resort) for which ``fits(scale)`` is true. Text needs less room
    as its scale goes down, so a binary search finds it in a few tries: each try renders
    the text again, where trying each step in turn took up to 10 (FitLabel). The myths
    card's FitBox keeps its step-by-step search: halving gave its labels a scale that
    overflowed onto the verdict banner at 800x480 with larger text."""
    scales = []
    scale = top
    while scale > bottom + 1e-9:
        scales.append(scale)
        scale -= step
    scales.append(bottom)
    if fits(scales[0]):
        return scales[0]
    too_big, fitting = 0, len(scales) - 1  # scales[too_big] does not fit; scales[-1] is accepted
    while fitting - too_big > 1:
        middle = (too_big + fitting) // 2
        if fits(scales[middle]):
            fitting = middle
        else:
            too_big = middle
    return scales[fitting]
