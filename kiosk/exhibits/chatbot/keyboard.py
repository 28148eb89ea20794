"""The on-screen keyboard's layouts (a kiosk has no physical keyboard).

AZERTY in French with a row of accented letters, QWERTY in English; a second layer
has digits, punctuation and (in English) the accented letters too. Special keys are
named in braces; their labels come from the translation table (``chatbot.key_*``).
"""
from __future__ import annotations

import math

BACKSPACE, SPACE, SEND, LAYER = "{backspace}", "{space}", "{send}", "{layer}"
SPECIAL = (BACKSPACE, SPACE, SEND, LAYER)

_BOTTOM = [LAYER, SPACE, SEND]

LAYOUTS: dict[str, dict[str, list[list[str]]]] = {
    "fr": {
        "letters": [
            list("azertyuiop") + [BACKSPACE],
            list("qsdfghjklm"),
            list("wxcvbn") + ["'", "-", "?"],
            list("éèêëàâçùûôî"),
            _BOTTOM,
        ],
        "symbols": [
            list("1234567890") + [BACKSPACE],
            list("€%,.;:!?'\""),
            list("()/+=@&«»"),
            list("éèêëàâçùûôî"),
            _BOTTOM,
        ],
    },
    "en": {
        "letters": [
            list("qwertyuiop") + [BACKSPACE],
            list("asdfghjkl"),
            list("zxcvbnm") + ["'", "?"],
            _BOTTOM,
        ],
        "symbols": [
            list("1234567890") + [BACKSPACE],
            list("€%,.;:!?'\""),
            list("()/+=@&-"),
            list("éèêëàâçùûôî"),
            _BOTTOM,
        ],
    },
}
LAYERS = ("letters", "symbols")


def layout(language: str, layer: str = "letters") -> list[list[str]]:
    """Rows of keys for a language (QWERTY for languages without their own layout)."""
    return LAYOUTS.get(language, LAYOUTS["en"]).get(layer) or LAYOUTS["en"]["letters"]


def fit_rows(rows: list[list[str]], widths: dict[str, float], max_units: float) -> list[list[str]]:
    """The rows, each too wide for ``max_units`` (a letter is 1 unit) split into the
    fewest parts of about equal width: on a narrow (portrait) screen, keys keep the
    size of a finger rather than shrinking to fit a row."""
    out: list[list[str]] = []
    for row in rows:
        units = [widths.get(key, 1.0) for key in row]
        parts = max(1, math.ceil(sum(units) / max_units))
        while True:
            split = _split(row, units, sum(units) / parts, max_units)
            if split is not None or parts >= len(row):
                out += split or [[key] for key in row]
                break
            parts += 1
    return out


def _split(row, units, target, max_units):
    parts, current, width = [], [], 0.0
    for key, unit in zip(row, units):
        if current and (width + unit > max_units or width + unit / 2 > target):
            parts.append(current)
            current, width = [], 0.0
        current.append(key)
        width += unit
    parts.append(current)
    return parts if all(sum(units[row.index(k)] for k in part) <= max_units for part in parts) else None


def next_layer(layer: str) -> str:
    return LAYERS[(LAYERS.index(layer) + 1) % len(LAYERS)] if layer in LAYERS else LAYERS[0]


def apply_key(draft: str, key: str, max_length: int) -> str:
    """The text after pressing ``key`` (send and layer keys leave it unchanged)."""
    if key == BACKSPACE:
        return draft[:-1]
    if key in (SEND, LAYER):
        return draft
    char = " " if key == SPACE else key
    if len(draft) >= max_length or (char == " " and (not draft or draft.endswith(" "))):
        return draft
    return draft + char
