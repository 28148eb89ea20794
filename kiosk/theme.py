"""Colours of the interface: the exhibition's theme, the high-contrast one, and the
contrast ratios both must reach (WCAG 2.2: 4.5:1 for text, 7:1 in high contrast).

Pure Python (no Kivy): ``launch.py check`` uses it to warn organisers, the kiosk to
build its colours, the UI tests to check every text they see.
"""
from __future__ import annotations

from typing import Iterable, Sequence

MIN_CONTRAST = 4.5
MIN_CONTRAST_HIGH = 7.0

#: visitors' high-contrast option: white and yellow on black
HIGH_CONTRAST = {
    "background": "#000000",
    "surface": "#1a1a1a",
    "primary": "#ffe600",
    "text": "#ffffff",
    "on_primary": "#000000",
    "good": "#5cff8d",
    "bad": "#ff9c9c",
}

#: (text colour, background colour) pairs the interface draws text with
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "background"),
    ("text", "surface"),
    ("primary", "background"),
    ("primary", "surface"),
    ("on_primary", "primary"),
    ("on_primary", "good"),
    ("on_primary", "bad"),
    ("good", "surface"),
    ("bad", "surface"),
    ("bad", "background"),
)

RGB = Sequence[float]


def rgba(hex_colour: str) -> list[float]:
    """``#rrggbb`` -> [r, g, b, 1.0] in 0..1."""
    value = hex_colour.lstrip("#")
    return [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)] + [1.0]


def palette(theme: dict[str, str]) -> dict[str, list[float]]:
    return {role: rgba(colour) for role, colour in theme.items()}


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(colour: RGB) -> float:
    r, g, b = (_linear(c) for c in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio of two opaque colours, 1 to 21."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def over(top: Sequence[float], below: RGB) -> list[float]:
    """``top`` (RGBA) painted over the opaque ``below``."""
    alpha = top[3] if len(top) > 3 else 1.0
    return [t * alpha + b * (1 - alpha) for t, b in zip(top[:3], below[:3])]


def failing_pairs(theme: dict[str, str], minimum: float = MIN_CONTRAST,
                  pairs: Iterable[tuple[str, str]] = TEXT_PAIRS) -> list[tuple[str, str, float]]:
    """The pairs of ``theme`` under ``minimum``: ``(text role, background role, ratio)``."""
    colours = palette(theme)
    failing = []
    for fg, bg in pairs:
        ratio = contrast(colours[fg], colours[bg])
        if ratio < minimum:
            failing.append((fg, bg, ratio))
    return failing
