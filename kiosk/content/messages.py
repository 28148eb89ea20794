"""Every sentence the content checks produce: the table ``messages.yaml`` beside this
module (French first, English kept), referred to by key with its values.

A value from a file is never shown whole: ``{name!q}`` in a text quotes it, clipped and
on one line (:func:`kiosk.messages.quoted`), so a hostile file cannot produce a huge or
multi-line report. What the YAML parser says in English is matched to its table entry
(``yaml.*``) so it is worded in the organiser's language too.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from kiosk.messages import TABLES, Message, add_table, one_line, quoted, read_table, text

TABLE = Path(__file__).with_name("messages.yaml")
add_table(TABLE)

__all__ = ["MESSAGES", "Message", "message", "one_line", "parser_words", "quoted"]


def message(kind: str, /, **values: Any) -> Message:
    """The sentence for ``kind`` (a key of ``messages.yaml``) with its values."""
    return Message(kind, values)


#: every key of the content checks' table, with its texts (``kind in MESSAGES``)
MESSAGES: dict[str, dict[str, str]] = read_table(TABLE)


@lru_cache(maxsize=1)
def _parser_texts() -> dict[str, str]:
    return {text(key, "en"): key for key in TABLES.entries() if key.startswith("yaml.")}


def parser_words(text: str | None) -> Message | str:
    """What the YAML parser said, as a message of the table when it is one we know
    (otherwise its own English words)."""
    if text is None:
        return "?"
    key = _parser_texts().get(text)
    return Message(key) if key else text
