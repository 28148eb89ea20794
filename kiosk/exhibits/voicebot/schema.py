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
        target = exhibits.get(self.chatbot)
        if target is None:
            chatbots = sorted(i for i, d in exhibits.items() if d.type == "chatbot")
            known = f" (chatbot exhibits: {', '.join(chatbots)})" if chatbots else " (there is no chatbot exhibit)"
            report.error(("chatbot",), f"no exhibit with id '{self.chatbot}'{known}")
        elif target.type != "chatbot":
            report.error(("chatbot",), f"exhibit '{self.chatbot}' is a {target.type}, not a chatbot")
