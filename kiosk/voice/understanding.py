"""From a transcript to what is said back: the intent engine, plus the
checks speech needs (nothing heard, speech outside the grammar)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .grammar import UNK
from .recognizer import Transcript

Status = Literal["understood", "not_understood", "nothing_heard"]


@dataclass
class Heard:
    status: Status
    text: str  # the transcript without [unk]
    intent: str | None
    confidence: float  # the intent engine's confidence (0 when nothing was heard)
    answer: str  # what the bot says
    match: Any = None  # kiosk.nlu.Match, None when nothing was heard
    #: the transcript is made of whole grammar phrases (None in free recognition)
    in_grammar: bool | None = None

    @property
    def recognised(self) -> bool:
        return self.status != "nothing_heard"

    @property
    def fallback(self) -> bool:
        return self.status != "understood"


def understand(transcript: Transcript, engine, *, nothing_heard: str) -> Heard:
    """``engine``: a ``kiosk.nlu.IntentEngine``; ``nothing_heard``: what to say when
    there was no speech. Speech outside the grammar is not understood, whatever the
    engine makes of its words."""
    words = transcript.spoken_words
    text = " ".join(words)
    if not words:
        if UNK in transcript.text.split():  # speech, but none of the phrases
            match = engine.match("")
            return Heard("not_understood", "", None, 0.0, match.answer, match, False)
        return Heard("nothing_heard", "", None, 0.0, nothing_heard)
    match = engine.match(text)
    in_grammar = transcript.in_grammar
    if match.fallback or in_grammar is False:
        # the engine's own fallback message (what it answers to an empty sentence)
        answer = match.answer if match.fallback else engine.match("").answer
        return Heard("not_understood", text, None, match.confidence, answer, match, in_grammar)
    return Heard("understood", text, match.intent, match.confidence, match.answer, match, in_grammar)
