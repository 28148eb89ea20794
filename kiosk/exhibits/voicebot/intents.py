"""The intent engine a voicebot speaks with: that of the exhibit its ``chatbot`` field
names (manifest ``provides``; the voice commands ask for it)."""
from __future__ import annotations

from typing import Any

from kiosk.exhibits.registry import linked, provider

from . import SPEAKS_FOR


def speaks_for(content: Any, definition: Any):
    """The loaded exhibit whose intents, answers and suggestions the voicebot uses, or None."""
    return linked(content, definition, SPEAKS_FOR.field)


def engine_of(target: Any, content: Any, language: str, cache: dict | None = None):
    """The intent engine of the exhibit the voicebot speaks for (``speaks_for``)."""
    found = provider(content, "intents", exhibit_id=target.id)
    return found[1](target, content, language, cache) if found else None


def engine_for_exhibit(loaded: Any, content: Any, language: str, cache: dict | None = None):
    target = speaks_for(content, loaded.definition)
    return engine_of(target, content, language, cache) if target is not None else None
