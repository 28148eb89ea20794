"""YAML body of a ``myths`` exhibit: statements to judge, myth or fact."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kiosk.content.schema import (
    AssetPath,
    CheckContext,
    ExhibitHeader,
    Identifier,
    Localized,
    StrictModel,
    described,
)

# Limits in characters per language: what fits on the card at a readable size
# (1280x800 screen, statement in large type, explanation beside an optional image).
STATEMENT_MAX = 140
EXPLANATION_MAX = 420
SOURCE_MAX = 140
INTRO_MAX = 300

#: the fields a statement must have in a language before it is drawn for that language
TRANSLATED_FIELDS = ("statement", "explanation", "source")

Verdict = Literal["myth", "fact"]


class Statement(StrictModel):
    id: Identifier = described("Identifiant unique de l'affirmation ; les réponses sont comptées sous ce nom",
                               "Unique id of the statement; answers are counted under it")
    statement: Localized(max_length=STATEMENT_MAX) = described(
        f"Ce que le visiteur juge ({STATEMENT_MAX} caractères au plus)",
        f"What the visitor judges (at most {STATEMENT_MAX} characters)",
    )
    verdict: Verdict = described("myth (fausse) ou fact (vraie)", "myth (false) or fact (true)")
    explanation: Localized(max_length=EXPLANATION_MAX) = described(
        f"Pourquoi, en 2 à 4 phrases ({EXPLANATION_MAX} caractères au plus)",
        f"Why, in 2 to 4 sentences (at most {EXPLANATION_MAX} characters)",
    )
    source: Localized(max_length=SOURCE_MAX) = described(
        f"D'où vient l'explication ({SOURCE_MAX} caractères au plus)",
        f"Where the explanation comes from (at most {SOURCE_MAX} characters)",
    )
    image: AssetPath | None = described("Image facultative montrée avec l'explication",
                                        "Optional image shown with the explanation", None)

    def missing_languages(self, languages: list[str]) -> list[str]:
        return [
            lang for lang in languages
            if any(lang not in getattr(self, name) for name in TRANSLATED_FIELDS)
        ]


class MythsExhibit(ExhibitHeader):
    type: Literal["myths"]
    intro: Localized(max_length=INTRO_MAX) = described(
        f"Texte de la carte de départ : comment jouer ({INTRO_MAX} caractères au plus)",
        f"Text of the start card: how to play (at most {INTRO_MAX} characters)",
    )
    draw: int = described("Combien d'affirmations une visite tire, sans répétition",
                          "How many statements one visit draws, without repeats", 10, ge=1)
    draw_order: Literal["shuffled", "fixed"] = described(
        "shuffled : un choix au hasard, dans un ordre au hasard ; fixed : les premières, dans l'ordre du fichier",
        "shuffled: a random choice in random order; fixed: the first ones, in file order", "shuffled",
    )
    min_answers_for_share: int = described(
        "Réponses qu'une affirmation doit avoir reçues sur cette borne avant que « ce qu'ont répondu les autres "
        "visiteurs » soit montré",
        "Answers a statement needs on this kiosk before 'what other visitors answered' is shown", 20, ge=1,
    )
    items: Annotated[list[Statement], Field(min_length=1)] = described("Les affirmations", "The statements")

    def teasers(self, language: str) -> list[str]:
        return [s.statement[language] for s in self.items if language in s.statement]

    def item_counts(self) -> dict[str, int]:
        return {
            "statements": len(self.items),
            "myths": sum(s.verdict == "myth" for s in self.items),
            "facts": sum(s.verdict == "fact" for s in self.items),
        }

    def check(self, report: CheckContext) -> None:
        seen: dict[str, int] = {}
        for i, item in enumerate(self.items):
            if item.id in seen:
                report.error(("items", i, "id"), "duplicate_statement", id=item.id, first=seen[item.id])
            else:
                seen[item.id] = i
            # The loader already warns for each missing text; say what it means here.
            for lang in item.missing_languages(report.languages):
                report.warning(("items", i), "not_drawn", language=lang)
        for lang in report.languages:
            ready = sum(not s.missing_languages([lang]) for s in self.items)
            if ready == 0:
                report.warning(("items",), "none_translated", language=lang)
            elif ready < self.draw:
                report.warning(("draw",), "fewer_than_draw", ready=ready, language=lang, draw=self.draw)
