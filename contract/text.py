"""A text in French (first) and English: every label and description a person reads."""
from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class Text:
    fr: str
    en: str

    def __call__(self, language: str) -> str:
        return self.en if language == "en" else self.fr
