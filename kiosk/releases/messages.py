"""What content releases say to people: every text comes from ``strings.yaml``.

An error carries its message id and values, not a sentence, so the same refusal can
be shown in the reader's language (the command line, the staff panel, the dashboard)
and kept in the state file as data.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kiosk.i18n import Translations

STRINGS = Path(__file__).with_name("strings.yaml")
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


class ReleaseError(Exception):
    """A refusal or failure with a message for people (``key`` in ``strings.yaml``)."""

    def __init__(self, key: str, **values: Any):
        self.key = key
        self.values = values
        super().__init__(text(key, **values))

    def text(self, language: str = DEFAULT_LANGUAGE) -> str:
        return text(self.key, language, **self.values)

    def to_json(self) -> dict:
        return {"key": self.key, "values": {k: str(v) for k, v in self.values.items()}, "text": str(self)}


def human_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} bytes"  # pragma: no cover
