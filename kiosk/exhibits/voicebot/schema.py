"""YAML body of a ``voicebot`` exhibit: it speaks the intents of a chatbot exhibit."""
from __future__ import annotations

from typing import Literal

from kiosk.content.schema import ExhibitHeader, Identifier, Localized, described

MAX_HOLD_S = 15.0


class VoicebotExhibit(ExhibitHeader):
    type: Literal["voicebot"]
    chatbot: Identifier = described(
        "Identifiant du module chatbot dont le voicebot emploie les intentions, les réponses et les suggestions",
        "Id of the chatbot exhibit whose intents, answers and suggestions the voicebot uses",
    )
    intro: Localized(max_length=200) | None = described(
        "Une ligne au-dessus du bouton pour parler, par exemple ce que le visiteur peut demander",
        "One line above the talk button, e.g. what the visitor can ask", None,
    )
    max_hold_s: float = described(
        f"L'écoute s'arrête après ce nombre de secondes même si le bouton est encore maintenu "
        f"({MAX_HOLD_S:.0f} au plus)",
        f"Listening stops after this many seconds even if the button is still held (at most {MAX_HOLD_S:.0f})",
        10.0, gt=1, le=MAX_HOLD_S,
    )

    def item_counts(self) -> dict[str, int]:
        return {}

    def teasers(self, language: str) -> list[str]:
        return [self.intro[language]] if self.intro and language in self.intro else super().teasers(language)

    def check_references(self, report, exhibits) -> None:
        from . import SPEAKS_FOR

        wanted, field = SPEAKS_FOR.type, SPEAKS_FOR.field
        target = exhibits.get(getattr(self, field))
        if target is None:
            same = sorted(i for i, d in exhibits.items() if d.type == wanted)
            if same:
                report.error((field,), "no_exhibit_of_type", id=getattr(self, field), type=wanted, known=", ".join(same))
            else:
                report.error((field,), "no_exhibit_no_type", id=getattr(self, field), type=wanted)
        elif target.type != wanted:
            report.error((field,), "wrong_type", id=getattr(self, field), actual=target.type, type=wanted)
