"""The chatbot's intent engine, as other parts ask for it (manifest ``provides``)."""
from __future__ import annotations

from typing import Any


def engine_for_exhibit(loaded: Any, content: Any, language: str, cache: dict | None = None):
    """The intent engine of this chatbot exhibit in ``language`` (kept in ``cache``)."""
    from kiosk.nlu import engine_for

    return engine_for(loaded.definition, language, cache)
