"""Placeholders in content texts: ``{name}``, filled by the running kiosk.

Some texts must say what only the kiosk knows, e.g. what it keeps about a visit, which
follows its privacy settings (``{privacy}``, see :mod:`kiosk.privacy`). Organisers write
the placeholder; the kiosk fills it in every language when it loads the content, so
every reader of the content (screens, the chatbot's answers, the voicebot's speech)
gets the same final text. ``launch.py check`` reports a placeholder it does not know.
"""
from __future__ import annotations

import re
from typing import Any, Mapping

from pydantic import BaseModel

#: ``{privacy}``: lower-case letters and ``_`` between braces
PLACEHOLDER = re.compile(r"\{([a-z][a-z_]*)\}")

Values = Mapping[str, Mapping[str, str]]  # name -> language -> text


def names_in(text: str) -> list[str]:
    return PLACEHOLDER.findall(text) if isinstance(text, str) else []


def substitute(text: str, language: str, values: Values) -> str:
    """``text`` with each known placeholder replaced by its value in ``language`` (else
    in the value's first language); unknown ones are left as they are."""
    def value(found: re.Match) -> str:
        by_language = values.get(found.group(1))
        if not by_language:
            return found.group(0)
        return by_language.get(language) or next(iter(by_language.values()))

    return PLACEHOLDER.sub(value, text) if "{" in text else text


def fill(content: Any, values: Values) -> Any:
    """Fill the placeholders of a loaded content (``kiosk.content.loader.Content``), in
    place: each exhibit's definition and the exhibition are replaced by filled copies
    (unchanged objects are kept as they are). Returns the content."""
    if not values:
        return content
    languages = set(content.exhibition.languages)
    content.exhibition = _fill(content.exhibition, values, languages, None)
    for loaded in content.exhibits + content.disabled:
        loaded.definition = _fill(loaded.definition, values, languages, None)
    return content


def _fill(value: Any, values: Values, languages: set[str], language: str | None) -> Any:
    """``value`` with placeholders filled in every text under a language key."""
    if isinstance(value, str):
        return substitute(value, language, values) if language else value
    if isinstance(value, BaseModel):
        changed = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = _fill(old, values, languages, language)
            if new is not old:
                changed[name] = new
        # no validation: a filled text may be longer than the limit its raw form respects
        return value.model_copy(update=changed) if changed else value
    if isinstance(value, dict):
        filled = {k: _fill(v, values, languages, k if k in languages else language) for k, v in value.items()}
        return filled if any(filled[k] is not value[k] for k in value) else value
    if isinstance(value, (list, tuple)):
        filled_items = [_fill(v, values, languages, language) for v in value]
        if all(a is b for a, b in zip(filled_items, value)):
            return value
        return type(value)(filled_items)
    return value
