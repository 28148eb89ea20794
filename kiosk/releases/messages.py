"""What content releases say to people: every text comes from ``strings.yaml`` (French
first, English kept), through the organisers' message tables (:mod:`kiosk.messages`).

An error carries its message id and values, not a sentence, so the same refusal can
be shown in the reader's language (the command line, the staff panel, the dashboard)
and kept in the state file as data.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk import messages
from kiosk.messages import Message, Size, say

__all__ = ["Message", "ReleaseError", "has_text", "human_size", "say", "stored_text", "text"]

STRINGS = Path(__file__).with_name("strings.yaml")
messages.add_table(STRINGS)


def text(key: str, language: str | None = None, /, **values: Any) -> str:
    """The text of ``key`` in ``language`` (default: the current one, see
    :func:`kiosk.messages.use_language`)."""
    return messages.text(key, language, **values)


def has_text(key: str) -> bool:
    return key in messages.TABLES.entries()


def stored_text(said: dict | None, language: str | None = None) -> str:
    """A message kept as ``to_json()`` (a reason in the state file), in ``language``:
    worded again from its key when the tables have it, else its stored text."""
    if not said:
        return ""
    key, values = said.get("key"), said.get("values")
    if isinstance(key, str) and has_text(key) and isinstance(values, dict):
        return text(key, language, **values)
    return str(said.get("text", ""))


class ReleaseError(Exception):
    """A refusal or failure with a message for people (``key`` in ``strings.yaml``)."""

    def __init__(self, key: str, /, **values: Any):
        self.key = key
        self.values = values
        super().__init__(key)

    def text(self, language: str | None = None) -> str:
        return text(self.key, language, **self.values)

    def __str__(self) -> str:
        return self.text()

    def to_json(self) -> dict:
        return {"key": self.key, "values": {k: str(v) for k, v in self.values.items()}, "text": str(self)}


def human_size(n: int) -> Size:
    """``n`` bytes for people, worded in the reader's language (``1.5 MB``, ``1,5 Mo``)."""
    return Size(n)
