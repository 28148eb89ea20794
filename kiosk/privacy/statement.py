"""The visitor-facing privacy statement, made from what the kiosk keeps.

Content texts show it through the ``{privacy}`` placeholder (see
:mod:`kiosk.content.placeholders`): the info page, the quiz card and the chatbot's
answer about privacy all say the same thing, and what they say follows the kiosk's
``privacy`` settings.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kiosk.i18n import Translations

from .register import FREE_TEXT, what_is_kept

STRINGS = Path(__file__).with_name("strings.yaml")

#: the placeholders this package fills in content texts, and what they stand for
PLACEHOLDERS = {
    "privacy": "what this kiosk keeps about a visit, from its privacy settings",
}

_texts: Translations | None = None


def _strings() -> Translations:
    global _texts
    if _texts is None:
        _texts = Translations(yaml.safe_load(STRINGS.read_text(encoding="utf-8")))
    return _texts


def statement(privacy: Any, language: str) -> str:
    """What the kiosk keeps, in ``language`` (``privacy``: the config's ``PrivacyConfig``)."""
    t = _strings().t
    kept = what_is_kept(privacy)
    texts = _unique(f.topic for f in kept if f.privacy == FREE_TEXT)
    topics = _unique(f.topic for f in kept if f.privacy != FREE_TEXT)

    def listed(names: list) -> str:
        parts = [topic(language) for topic in names]
        if len(parts) < 2:
            return "".join(parts)
        return f"{', '.join(parts[:-1])} {t('and', language)} {parts[-1]}"

    sentences = [t("voice", language)]
    if texts:
        sentences.append(t("free_text_one" if len(texts) == 1 else "free_text_many", language, texts=listed(texts)))
        sentences.append(t("counted", language, topics=listed(topics)))
    else:
        sentences.append(t("no_free_text", language))
        sentences.append(t("counted_anonymous", language, topics=listed(topics)))
    sentences.append(t("purpose", language))
    return " ".join(sentences)


def placeholders(privacy: Any, languages: list[str] | tuple[str, ...] = ("fr", "en")) -> dict[str, dict[str, str]]:
    """Values of this package's placeholders, per language, for these settings."""
    return {"privacy": {lang: statement(privacy, lang) for lang in languages}}


def _unique(items) -> list:
    return list(dict.fromkeys(items))
