"""French typography for every text the kiosk shows (pure Python, no Kivy).

French puts a space before ``? ! ; : %`` and ``»`` and after ``«``. Written as a plain
space, it lets a line break there, and the sign ends up alone at the start of the next
line. :func:`typeset` turns those spaces into no-break spaces, adds the missing ones,
and turns straight double quotes into « ». It is applied where displayed texts pass:
content texts in :func:`kiosk.content.schema.localize`, interface strings in
:class:`kiosk.i18n.Translations`, and the few texts that come another way (the
chatbot's answers, what a visitor typed).

Idempotent (typesetting twice changes nothing); any other language is returned as it is.

Typographers use a *narrow* no-break space (U+202F) before ``? ! ;`` and ``»``; the
kiosk's font (Kivy's Roboto) has no glyph for it and would show a box, so every
no-break space here is U+00A0, and a U+202F pasted into the content becomes one.
Kivy's text layout breaks lines only at ordinary spaces, so U+00A0 holds.
"""
from __future__ import annotations

import re

NBSP = "\u00a0"
#: spaces that may sit before a sign: ordinary, no-break, narrow no-break, thin, figure
_SPACES = " \t\u00a0\u202f\u2009\u2007"
_SPACE_RUN = f"[{_SPACES}]"

# URLs and e-mail addresses are left alone: "https://…?a=1" must keep its "?".
_UNTOUCHABLE = re.compile(r"\b(?:https?|ftp)://\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+")

_STRAIGHT_QUOTES = re.compile(r'"([^"\n]+)"')
_AFTER_OPENING = re.compile(f"«{_SPACE_RUN}*")
_BEFORE_CLOSING = re.compile(f"{_SPACE_RUN}*»")
# an existing space (of any kind) before ? ! ; : becomes one no-break space
_SPACE_BEFORE_SIGN = re.compile(f"(?<=[^{_SPACES}\n]){_SPACE_RUN}+(?=[?!;:])")
# no space at all before ? ! ; after a word, a number or a closing sign: add one
# (not before ":", which also writes times and ratios: 10:30)
_GLUED_SIGN = re.compile(r"(?<=[\w»)\]…])(?=[?!;])")
# 95 % or 95% -> 95 %, with the space kept on the line
_PERCENT = re.compile(f"(?<=\\d){_SPACE_RUN}?%")
# 22 000, 16 000 000: the groups of a number stay together
_DIGIT_GROUPS = re.compile(f"(?<=\\d){_SPACE_RUN}(?=\\d{{3}}(?!\\d))")
# 4,8 millions, 16 milliards, 20 € : a number and its unit stay together
_NUMBER_UNIT = re.compile(f"(?<=\\d){_SPACE_RUN}(?=(?:millions?|milliards?|€)(?!\\w))")


def is_french(language: str | None) -> bool:
    return bool(language) and re.split(r"[-_]", language.lower())[0] == "fr"


def typeset(text: str, language: str | None) -> str:
    """``text`` with French typography when ``language`` is French; else unchanged."""
    if not text or not isinstance(text, str) or not is_french(language):
        return text
    out, last = [], 0
    for found in _UNTOUCHABLE.finditer(text):
        out.append(_typeset_french(text[last:found.start()]))
        out.append(found.group(0))
        last = found.end()
    out.append(_typeset_french(text[last:]))
    return "".join(out)


def _typeset_french(text: str) -> str:
    text = _STRAIGHT_QUOTES.sub(lambda m: f"«{NBSP}{m.group(1).strip()}{NBSP}»", text)
    text = _AFTER_OPENING.sub("«" + NBSP, text)
    text = _BEFORE_CLOSING.sub(NBSP + "»", text)
    text = _SPACE_BEFORE_SIGN.sub(NBSP, text)
    text = _GLUED_SIGN.sub(NBSP, text)
    text = _PERCENT.sub(NBSP + "%", text)
    text = _DIGIT_GROUPS.sub(NBSP, text)
    text = _NUMBER_UNIT.sub(NBSP, text)
    return text.replace("\u202f", NBSP)


__all__ = ["NBSP", "is_french", "typeset"]
