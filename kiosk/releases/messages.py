"""What content releases say to people: every text comes from ``strings.yaml``.

An error carries its message id and values, not a sentence, so the same refusal can
be shown in the reader's language (the command line, the staff panel, the dashboard)
and kept in the state file as data. The error class and the table are the contract's
(:mod:`contract.releases.messages`: the collector checks releases too); the kiosk
renders them here.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from contract.releases.messages import STRINGS, ReleaseError, human_size, set_renderer
from kiosk.i18n import Translations

__all__ = ["DEFAULT_LANGUAGE", "STRINGS", "ReleaseError", "has_text", "human_size", "text"]

#: English until the French table lands; Translations falls back to English for a missing language
DEFAULT_LANGUAGE = "en"


@lru_cache(maxsize=1)
def _table() -> Translations:
    data = yaml.safe_load(STRINGS.read_text(encoding="utf-8")) or {}
    return Translations(data, fallback=("en", "fr"))


def text(key: str, language: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    return _table().t(key, language, **values)


def has_text(key: str) -> bool:
    return key in _table().table


set_renderer(lambda key, language, values: text(key, language or DEFAULT_LANGUAGE, **values))
