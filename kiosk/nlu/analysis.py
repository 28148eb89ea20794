"""A sentence as the engine reads it: normalised words, their stems, concepts applied.

Pure Python and light (no scikit-learn): ``check`` uses it too, to find content
phrases that the engine would read the same way.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .normalize import basic_normalize
from .phrases import GAP, PhraseFinder
from .stems import stemmer
from .stopwords import general_words, stopwords

#: a sentence longer than this is not a question; cut so matching stays quick
MAX_TEXT_CHARS = 300
#: typo rescue: minimal rapidfuzz ratio and word length
TYPO_MIN_RATIO = 80
TYPO_MIN_LENGTH = 4


@dataclass
class Analysis:
    words: list[str]  # normalised words, concepts replaced
    stems: list[str]  # the stem of each word
    corrections: dict[str, str] = field(default_factory=dict)  # typo rescue: typed -> known

    @property
    def text(self) -> str:
        return " ".join(self.words)


class Analyzer:
    """Normalisation, typo rescue, stems and the content's concepts, for one language.

    ``concepts``: (phrase, word) pairs, raw text; each phrase found in a sentence (same
    words or same stems, ``*`` for up to three words) is replaced by its word.
    """

    def __init__(self, language: str, concepts: list[tuple[str, str]] = ()):
        self.language = language
        self.stop = stopwords(language)
        self.general = general_words(language)
        self.stem = stemmer(language)
        self.concepts = PhraseFinder(self.stem)
        vocabulary: set[str] = set()
        for phrase, word in concepts:
            self.concepts.add(self.phrase(phrase), basic_normalize(word, language))
            vocabulary.update(self.phrase(f"{phrase} {word}").split())
        vocabulary.discard(GAP)
        self.set_vocabulary(vocabulary)

    def set_vocabulary(self, words: set[str], keep: set[str] = frozenset()) -> None:
        """The words typo rescue may correct to, and other words it leaves as they are
        (``keep``: e.g. organisation names, which must not become a near intent word)."""
        self._vocabulary = sorted(words)
        self._known = set(words) | set(keep)

    def phrase(self, phrase: str) -> str:
        """A content phrase normalised, its ``*`` (any words) kept."""
        return f" {GAP} ".join(basic_normalize(part, self.language) for part in phrase.split(GAP)).strip()

    def with_concepts(self, phrase: str) -> str:
        """A content phrase normalised with the concepts applied (``*`` kept)."""
        words = self.phrase(phrase).split()
        words, _ = self.concepts.replace(words, [self.stem(w) for w in words])
        return " ".join(words)

    def analyse(self, text: str, rescue: bool = True) -> Analysis:
        """Normalise, rescue typos (``rescue``), stem, then replace concepts."""
        words = basic_normalize((text or "")[:MAX_TEXT_CHARS], self.language).split()
        corrections = self._rescue_typos(words) if rescue else {}
        stems = [self.stem(w) for w in words]
        words, stems = self.concepts.replace(words, stems)
        return Analysis(words, stems, corrections)

    def _rescue_typos(self, words: list[str]) -> dict[str, str]:
        """Words unknown to the vocabulary replaced (in place) by the closest known one."""
        corrections: dict[str, str] = {}
        if not self._vocabulary:
            return corrections
        for i, word in enumerate(words):
            if word in self._known or len(word) < TYPO_MIN_LENGTH or word.isdigit():
                continue
            best = process.extractOne(word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_MIN_RATIO)
            if best is not None:
                corrections[word] = best[0]
                words[i] = best[0]
        return corrections

    def meaning_stems(self, analysis: Analysis) -> list[str]:
        """The stems of the words that carry meaning (stop words left out): what the
        word features see, and what makes two phrases "the same" for the engine."""
        return [s for w, s in zip(analysis.words, analysis.stems) if w not in self.stop]

    def topic_words(self, analysis: Analysis) -> list[tuple[str, str]]:
        """(word, stem) of the words that may say what the question is about: everyday
        words, numbers and short words aside."""
        return [(w, s) for w, s in zip(analysis.words, analysis.stems)
                if w not in self.general and len(w) > 2 and not w.isdigit()]
