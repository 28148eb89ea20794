"""Word stems, so that inflected forms meet: "utilisé", "utiliser" -> "utilis".

Snowball stemmers (PyStemmer: compiled, no dictionary to load, a few microseconds a
word). A lemmatiser with dictionaries (simplemma) was measured too: about 0.8 s and
20-30 MB per language to load, more than a whole engine build's budget. Languages
without a stemmer (Korean…) keep their words as they are.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable

import Stemmer

_ALGORITHMS = {"fr": "french", "en": "english"}


@lru_cache(maxsize=None)
def stemmer(language: str) -> Callable[[str], str]:
    """A cached ``word -> stem`` function for ``language`` (identity when unsupported)."""
    algorithm = _ALGORITHMS.get(language)
    if algorithm is None:
        return lambda word: word
    stem_word = Stemmer.Stemmer(algorithm).stemWord

    @lru_cache(maxsize=50_000)
    def stem(word: str) -> str:
        # numbers and very short words stay: "2027", "ia", "ai"
        if len(word) <= 3 or word.isdigit():
            return word
        return stem_word(word)

    return stem
