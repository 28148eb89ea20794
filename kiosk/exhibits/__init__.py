"""Exhibit types: one folder each, registered by one line in TYPE_PACKAGES."""
from __future__ import annotations

from functools import cache

from .registry import ExhibitType, load_types

TYPE_PACKAGES: tuple[str, ...] = (
    "info",
    "chatbot",
    "myths",
    "voicebot",
)


@cache
def exhibit_types() -> dict[str, ExhibitType]:
    return load_types(TYPE_PACKAGES)
