"""Translation tables for the interface's own texts (buttons, messages).

Texts written by organisers come from the content; everything else comes from these
tables: ``kiosk/ui/strings.yaml`` for the shell and ``kiosk/exhibits/<type>/strings.yaml``
for each exhibit type, whose keys are prefixed with the type (``<type>.next``).
"""
from __future__ import annotations

from pathlib import Path

import yaml

from kiosk.typography import typeset

UI_STRINGS = Path(__file__).parent / "ui" / "strings.yaml"


class Translations:
    def __init__(self, table: dict[str, dict[str, str]], fallback: tuple[str, ...] = ("fr", "en")):
        self.table = table
        self.fallback = fallback

    @classmethod
    def load(cls, exhibit_type_names=()) -> "Translations":
        table: dict[str, dict[str, str]] = {}
        table.update(_read(UI_STRINGS, prefix=""))
        exhibits_dir = Path(__file__).parent / "exhibits"
        for name in exhibit_type_names:
            path = exhibits_dir / name / "strings.yaml"
            if path.is_file():
                table.update(_read(path, prefix=f"{name}."))
        return cls(table)

    def t(self, key: str, language: str, **values) -> str:
        """The text of ``key`` in ``language`` (else a fallback language), as shown: typeset
        for the language it is written in (:mod:`kiosk.typography`)."""
        entry = self.table.get(key)
        if entry is None:
            return key  # visible in screenshots and tests, never a crash
        written_in = language if language in entry else next((f for f in self.fallback if f in entry), None)
        if written_in is None:
            return key
        text = entry[written_in]
        return typeset(text.format(**values) if values else text, written_in)


def _read(path: Path, prefix: str) -> dict[str, dict[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {prefix + key: value for key, value in data.items()}
