"""YAML body of a ``voicebot`` exhibit: it speaks the intents of a chatbot exhibit."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from kiosk.content.schema import ExhibitHeader, Identifier, Localized

MAX_HOLD_S = 15.0


class VoicebotExhibit(ExhibitHeader):
    type: Literal["voicebot"]
    chatbot: Identifier = Field(
        description="Id of the chatbot exhibit whose intents, answers and suggestions the voicebot uses"
    )
    intro: Localized(max_length=200) | None = Field(
        None, description="One line above the talk button, e.g. what the visitor can ask"
    )
    max_hold_s: float = Field(
        10.0, gt=1, le=MAX_HOLD_S,
        description=f"Listening stops after this many seconds even if the button is still held (at most {MAX_HOLD_S:.0f})",
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
            known = f" ({wanted} exhibits: {', '.join(same)})" if same else f" (there is no {wanted} exhibit)"
            report.error((field,), f"no exhibit with id '{getattr(self, field)}'{known}")
        elif target.type != wanted:
            report.error((field,), f"exhibit '{getattr(self, field)}' is a {target.type}, not a {wanted}")
