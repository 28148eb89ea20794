"""The attract loop's slides, built from the content (pure Python).

``exhibition.yaml`` names them (``attract.slides``): the exhibition's title, or an
exhibit shown by its title and one of its teasers (a quiz's statement, a chatbot's
question…), drawn again at each turn of the loop.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from kiosk.content.schema import TITLE_SLIDE, localize
from kiosk.typography import typeset


@dataclass(frozen=True)
class Slide:
    kind: str  # "title" or "exhibit"
    heading: str  # the exhibition's title, or the exhibit's
    text: str  # the subtitle, or a teaser
    icon: str = ""  # the exhibit's tile icon, or the exhibition's logo (a file path), if any
    exhibit_id: str = ""


def slide_names(content) -> list[str]:
    return list(content.exhibition.attract.slides or [TITLE_SLIDE] + [e.id for e in content.exhibits])


def build_slides(content, language: str, rng: random.Random) -> list[Slide]:
    """The slides of one turn of the loop in ``language``; names of exhibits that are
    not loaded (disabled, broken) are left out."""
    languages = list(content.exhibition.languages)
    attract = content.exhibition.attract
    slides = []
    for name in slide_names(content):
        if name == TITLE_SLIDE:
            logo = content.exhibition.logo
            slides.append(Slide("title", localize(attract.title, language, languages),
                                localize(attract.subtitle, language, languages),
                                str(content.root / logo) if logo else ""))
            continue
        loaded = content.exhibit(name)
        if loaded is None:
            continue
        definition = loaded.definition
        teasers = [t for t in definition.teasers(language) if t] or [localize(definition.summary, language, languages)]
        icon = str(content.root / definition.icon) if definition.icon else ""
        # a type's teasers are its own texts, picked from its fields: shown like any text
        slides.append(Slide("exhibit", localize(definition.title, language, languages),
                            typeset(rng.choice(teasers), language), icon, definition.id))
    return slides
