"""Refusals and failures of content releases, as data: a message id and its values.

The sentences are in ``strings.yaml`` beside this module (one table for every text of
the releases, French and English). The contract does not read YAML: each side renders
with its own reader of that table — the kiosk installs its renderer with
:func:`set_renderer` (its typography, its language), the collector renders in the
coordinator's language. An error keeps its id and values, so the same refusal can be
written in the reader's language and kept in a state file or a health report as data.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

#: the one table of release texts: ``key: {fr: …, en: …}``, ``{name}`` replaced by a value
STRINGS = Path(__file__).with_name("strings.yaml")

Renderer = Callable[[str, "str | None", dict], str]


def _plain(key: str, _language: str | None, values: dict) -> str:
    """Without a table (nobody installed one): the id and its values, never a crash."""
    return key + "".join(f" {k}={v}" for k, v in values.items())


_renderer: Renderer = _plain


def set_renderer(renderer: Renderer) -> None:
    """``renderer(key, language or None for the default, values)`` writes every error's text."""
    global _renderer
    _renderer = renderer


def render(key: str, language: str | None = None, **values: Any) -> str:
    return _renderer(key, language, values)


class Said:
    """A detail inside a message, in no language yet: worded by the same renderer, in the
    reader's language, when the message holding it is."""

    def __init__(self, key: str, values: dict):
        self.key = key
        self.values = values

    def text(self, language: str | None = None) -> str:
        return _renderer(self.key, language, self.values)

    def __str__(self) -> str:
        return self.text()


def say(key: str, /, **values: Any) -> Said:
    return Said(key, values)


class ReleaseError(Exception):
    """A refusal or failure with a message for people (``key`` in ``strings.yaml``)."""

    def __init__(self, key: str, **values: Any):
        self.key = key
        self.values = values
        super().__init__(key)

    def __str__(self) -> str:
        return self.text()

    def text(self, language: str | None = None) -> str:
        return _renderer(self.key, language, self.values)

    def to_json(self) -> dict:
        return {"key": self.key, "values": {k: str(v) for k, v in self.values.items()}, "text": str(self)}


def human_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} bytes"  # pragma: no cover
