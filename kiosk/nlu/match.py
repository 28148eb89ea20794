"""What the engine says about one sentence: the intent, and how it got there."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Alternative:
    """A runner-up intent, with a question to offer as a "did you mean…?" button."""

    intent: str
    score: float
    question: str


@dataclass
class Match:
    intent: str | None  # None: the engine did not understand (fallback)
    confidence: float  # score of the best intent, 0..1
    answer: str  # the intent's answer, or the fallback message
    fallback: bool
    alternatives: list[Alternative]
    normalized: str  # the sentence as the engine compared it
    closest_example: str | None  # nearest known example (in its normalised form)
    shared_terms: list[str]  # words or pieces of words the sentence and that example share
    threshold: float
    margin: float
    language: str
    #: why it fell back: "empty", "low_confidence", "unknown_words" (confident enough only
    #: for a question without words no example uses), "too_close", "out_of_scope",
    #: "other_organisation", "own_situation"; None when understood
    reason: str | None = None
    #: the best intent even when falling back (what it would have answered)
    best_intent: str | None = None
    #: typo rescue: typed word -> known word
    corrections: dict[str, str] = field(default_factory=dict)
    #: who or what the question is about when that made it fall back: the other
    #: organisation's name ("la CAF"), or the words about the visitor's own case
    about: str | None = None
    #: the organisation the bot knows, as shown ("l'Urssaf"), when ``about`` is another one
    own_organisation: str | None = None
    #: words of the question that carry meaning and that no example uses
    unknown_words: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["confidence"] = round(self.confidence, 4)
        data["alternatives"] = [
            {"intent": a.intent, "score": round(a.score, 4), "question": a.question} for a in self.alternatives
        ]
        return data
