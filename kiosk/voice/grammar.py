"""The recogniser's grammar: the intents' phrases, in words the model knows.

A grammar-restricted Vosk model only hears the listed phrases, which makes a small
model accurate on a small domain. Words missing from the model's vocabulary are
dropped by Vosk anyway; we drop them ourselves so we can report them to organisers.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field

UNK = "[unk]"
# Keep letters (any script), digits and in-word apostrophes/hyphens; the rest separates words.
_PUNCTUATION = re.compile(r"[^\w'’\- ]+", re.UNICODE)


def asr_words(text: str) -> list[str]:
    """Words of a phrase as a recogniser writes them: lower case, no punctuation."""
    text = _PUNCTUATION.sub(" ", text.lower().replace("’", "'"))
    return [w.strip("'-") for w in text.split() if w.strip("'-")]


def _split_known(word: str, vocabulary: frozenset[str]) -> tuple[list[str], list[str]]:
    """``(known, unknown)`` pieces of ``word``: itself when the model knows it, else its
    parts split at apostrophes and hyphens (l'ia -> l' ia, robot-chatbot -> robot chatbot)."""
    if not vocabulary or word in vocabulary:
        return [word], []
    parts = [p for p in re.split(r"(?<=')|-", word) if p]
    known = [p for p in parts if p in vocabulary] if len(parts) > 1 else []
    return known, [p for p in parts if p not in known]


@dataclass
class Grammar:
    phrases: list[str]
    #: words of the content that the model does not know, with their counts
    missing: Counter = field(default_factory=Counter)
    #: the model has an [unk] word that absorbs speech outside the phrases
    unk: bool = False

    def to_json(self) -> str:
        return json.dumps(self.phrases + ([UNK] if self.unk else []), ensure_ascii=False)

    def is_phrase_sequence(self, text: str) -> bool:
        """Whether a transcript is made of whole phrases of the grammar.

        Vosk's grammar lets the decoder string words of different phrases together, so
        speech outside the grammar still comes out as grammar words ("word soup"); a
        real phrase, or a few in a row, is what someone reading the suggestions says.
        """
        words = [w for w in text.split() if w != UNK]
        if not words:
            return False
        phrases = {tuple(p.split()) for p in self.phrases}
        lengths = sorted({len(p) for p in phrases})
        reachable = [True] + [False] * len(words)
        for end in range(1, len(words) + 1):
            reachable[end] = any(
                n <= end and reachable[end - n] and tuple(words[end - n:end]) in phrases for n in lengths
            )
        return reachable[-1]


def build_grammar(phrases: list[str], vocabulary: frozenset[str]) -> Grammar:
    """Phrases normalised and restricted to ``vocabulary``; an empty vocabulary (unknown)
    keeps every word."""
    kept: dict[str, None] = {}
    missing: Counter = Counter()
    for phrase in phrases:
        words: list[str] = []
        for word in asr_words(phrase):
            known, unknown = _split_known(word, vocabulary)
            words += known
            missing.update(unknown)
        if words:
            kept[" ".join(words)] = None
    return Grammar(list(kept), missing, unk=bool(vocabulary) and UNK in vocabulary)
