"""State of a ``chatbot`` exhibit: the conversation of the current visit.

The conversation lives in memory only and is forgotten on :meth:`reset` (end of the
visit). Each question is recorded as an anonymous ``chatbot.asked`` event; its text
only when the kiosk's privacy setting ``store_chat_text`` allows it.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from kiosk.exhibits.base import ExhibitModel
from kiosk.nlu import Match

from .intents import engine_for

if TYPE_CHECKING:
    from kiosk.nlu.engine import IntentEngine

#: a visitor's question longer than this is cut (the on-screen field stops there too)
MAX_QUESTION_CHARS = 200
#: turns kept on screen; older ones scroll away for good
MAX_TURNS = 40

Source = Literal["typed", "suggestion", "did_you_mean"]


@dataclass(frozen=True)
class Turn:
    question: str
    match: Match
    source: str


class ChatbotModel(ExhibitModel):
    def __init__(self, definition, context):
        super().__init__(definition, context)
        self._own_cache: dict = {}
        self.turns: list[Turn] = []

    # --- engine ---------------------------------------------------------------------
    def engine(self, language: str) -> "IntentEngine":
        services = self.context.services
        cache = services.cache if services is not None else self._own_cache
        return engine_for(self.definition, language, cache)

    def suggestions(self, language: str) -> list[str]:
        """Suggested questions: from the content when it has them (no engine needed)."""
        written = (self.definition.suggestions or {}).get(language)
        return list(written) if written else self.engine(language).suggestions()

    def warm_up(self, languages: list[str]) -> threading.Thread:
        """Build the engines in the background (a few hundred ms each on a Pi), so the
        first question does not wait and the screen never freezes."""
        def build() -> None:
            for language in languages:
                try:
                    self.engine(language)
                except Exception:  # reported again, in the UI thread, by the first question
                    return

        thread = threading.Thread(target=build, name="chatbot-warm-up", daemon=True)
        thread.start()
        return thread

    @property
    def last(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    # --- conversation ---------------------------------------------------------------
    def ask(self, text: str, language: str, source: Source = "typed") -> Match | None:
        """Answer a question; None (and nothing recorded) for an empty one."""
        question = " ".join(str(text or "").split())[:MAX_QUESTION_CHARS]
        if not question:
            return None
        match = self.engine(language).match(question)
        self._remember(question, match, source, language)
        return match

    def did_you_mean(self, intent: str, language: str) -> Match:
        """The visitor tapped a "did you mean…?" button."""
        engine = self.engine(language)
        match = engine.choose(intent)
        self._remember(engine.question_for(intent), match, "did_you_mean", language)
        return match

    def _remember(self, question: str, match: Match, source: str, language: str) -> None:
        self.turns.append(Turn(question, match, source))
        del self.turns[:-MAX_TURNS]
        data = {
            "intent": match.intent,
            "confidence": round(match.confidence, 3),
            "fallback": match.fallback,
            "language": language,
            "source": source,
        }
        if self._store_text():
            data["text"] = question
        self.context.emit("chatbot.asked", **data)

    def _store_text(self) -> bool:
        config = getattr(self.context.services, "config", None)
        return bool(config is not None and config.privacy.store_chat_text)

    def reset(self) -> None:
        self.turns.clear()
