"""What content releases say to people: every text comes from ``strings.yaml`` (French
first, English kept), through the organisers' message tables (:mod:`kiosk.messages`).

An error carries its message id and values, not a sentence, so the same refusal can
be shown in the reader's language (the command line, the staff panel, the dashboard)
and kept in the state file as data. The error class and the table are the contract's
(:mod:`contract.releases.messages`: the collector checks releases too); the kiosk
renders them here.
"""
from __future__ import annotations

from typing import Any

from contract.releases.messages import STRINGS, ReleaseError, set_renderer
from kiosk import messages
from kiosk.messages import Message, Size, say

__all__ = ["Message", "ReleaseError", "has_text", "human_size", "say", "stored_text", "text"]

messages.add_table(STRINGS)


def _render(key: str, language: str | None, values: dict) -> str:
    return messages.text(key, language, **values)


# the contract's refusals are worded by the kiosk's tables, in the current language
set_renderer(_render)


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


def human_size(n: int) -> Size:
    """``n`` bytes for people, worded in the reader's language (``1.5 MB``, ``1,5 Mo``)."""
    return Size(n)
