"""The on-screen keyboard's layouts (a kiosk has no physical keyboard).

AZERTY in French with a row of accented letters, QWERTY in English; a second layer
has digits, punctuation and (in English) the accented letters too. Special keys are
named in braces; their labels come from the translation table (``chatbot.key_*``).
"""
from __future__ import annotations

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
