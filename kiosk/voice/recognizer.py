"""One Vosk recogniser per utterance, fed chunk by chunk, used from one thread only.

Vosk's grammar is loose: it restricts the words, not their order, so speech can come
out as "word soup" made of several phrases' words. With a grammar we therefore ask
for the n best hypotheses and keep the first one made of whole phrases (n-best
rescoring against the phrase list); when none is, the top one is kept and the
utterance counts as outside the grammar.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from .audio import Resampler
from .grammar import UNK, Grammar
from .models import SpeechModel

N_BEST = 10


@dataclass
class Transcript:
    text: str  # what was recognised, [unk] words included
    audio_s: float = 0.0
    #: made of whole grammar phrases (None in free recognition)
    in_grammar: bool | None = None

    @property
    def spoken_words(self) -> list[str]:
        return [w for w in self.text.split() if w != UNK]


class Utterance:
    def __init__(self, speech: SpeechModel, grammar: Grammar | None, input_rate: int):
        import vosk

        self._grammar = grammar if (grammar is not None and speech.grammar) else None
        if self._grammar is not None:
            self._rec = vosk.KaldiRecognizer(speech.model, speech.rate, self._grammar.to_json())
            self._rec.SetMaxAlternatives(N_BEST)
        else:
            self._rec = vosk.KaldiRecognizer(speech.model, speech.rate)
        self._resample = Resampler(input_rate, speech.rate)
        self._input_rate = input_rate
        self._input_samples = 0
        self._segments: list[tuple[str, bool | None]] = []  # (text, in grammar) of ended segments
        self._partial = ""

    def accept(self, samples: np.ndarray) -> str | None:
        """Feed samples at the input rate; returns the running text when it changed."""
        self._input_samples += len(samples)
        return self._feed(self._resample(samples))

    def _feed(self, samples: np.ndarray) -> str | None:
        if len(samples) == 0:
            return None
        before = self.text
        if self._rec.AcceptWaveform(samples.astype("<i2").tobytes()):
            self._end_segment(self._rec.Result())
        else:
            self._partial = json.loads(self._rec.PartialResult()).get("partial", "")
        after = self.text
        return after if after != before else None

    def _end_segment(self, result_json: str) -> None:
        result = json.loads(result_json)
        self._partial = ""
        if self._grammar is None:
            if result.get("text"):
                self._segments.append((result["text"], None))
            return
        texts = [a.get("text", "").strip() for a in result.get("alternatives", [])]
        texts = [t for t in texts if t]
        if not texts:
            return
        phrase = next((t for t in texts if self._grammar.is_phrase_sequence(t)), None)
        self._segments.append((phrase, True) if phrase is not None else (texts[0], False))

    @property
    def text(self) -> str:
        """Ended segments so far plus the current partial hypothesis."""
        return " ".join(t for t in [*(s for s, _ in self._segments), self._partial] if t)

    def finish(self) -> Transcript:
        self._feed(self._resample(np.zeros(0, np.int16), last=True))
        self._end_segment(self._rec.FinalResult())
        flags = [ok for _, ok in self._segments]
        in_grammar = None if self._grammar is None else (bool(flags) and all(flags))
        return Transcript(self.text, self._input_samples / self._input_rate, in_grammar)
