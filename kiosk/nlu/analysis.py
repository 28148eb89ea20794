"""A sentence as the engine reads it: normalised words, their stems, concepts applied.

Pure Python and light (no scikit-learn): ``check`` uses it too, to find content
phrases that the engine would read the same way.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from .normalize import basic_normalize
from .phrases import GAP, PhraseFinder
from .stems import stemmer
from .stopwords import general_words, stopwords

#: a sentence longer than this is not a question; cut so matching stays quick
MAX_TEXT_CHARS = 300
#: French elided words, as normalisation writes them out ("l'" -> "le")
_ELIDED = {"l": "le", "d": "de", "j": "je", "m": "me", "n": "ne", "s": "se", "t": "te", "c": "ce"}

#: typo rescue: shortest word corrected, and the edits allowed (letters changed, added,
#: removed or swapped) below and from TYPO_LONG letters. Measured: looser rules turn
#: real words into known ones ("voiture" -> "votre", "fever" -> "ever"), which hides
#: that a question is about something else.
TYPO_MIN_LENGTH = 5
TYPO_LONG = 8


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
        self.vocabulary = set(words)
        self._by_initial: dict[str, list[str]] = {}
        for word in sorted(words):
            self._by_initial.setdefault(word[:1], []).append(word)
        self._known = set(words) | set(keep) | self.general

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
        corrections = {}
        if rescue:
            words = self._split_elisions(words, corrections)
            corrections.update(self._rescue_typos(words))
        stems = [self.stem(w) for w in words]
        words, stems = self.concepts.replace(words, stems)
        return Analysis(words, stems, corrections)

    def _split_elisions(self, words: list[str], corrections: dict[str, str]) -> list[str]:
        """French typed without its apostrophe: "lurssaf", "lintelligence", "jarrive"."""
        if self.language != "fr":
            return words
        out = []
        for word in words:
            if (word not in self._known and len(word) > 3 and word[0] in _ELIDED and word[1] in "aeiouyh"
                    and word[1:] in self._known):
                corrections[word] = f"{word[0]}' {word[1:]}"
                out += [_ELIDED[word[0]], word[1:]]
            else:
                out.append(word)
        return out

    def _rescue_typos(self, words: list[str]) -> dict[str, str]:
        """Words unknown to the vocabulary replaced (in place) by a known word one edit
        away (two from TYPO_LONG letters) with the same first letter: typos rarely hit
        the first letter, and a looser rule corrects real words into other ones."""
        corrections: dict[str, str] = {}
        for i, word in enumerate(words):
            if word in self._known or len(word) < TYPO_MIN_LENGTH or word.isdigit():
                continue
            candidates = self._by_initial.get(word[:1])
            if not candidates:
                continue
            edits = 1 if len(word) < TYPO_LONG else 2
            best = process.extractOne(word, candidates, scorer=DamerauLevenshtein.distance, score_cutoff=edits)
            if best is not None:
                corrections[word] = best[0]
                words[i] = best[0]
        return corrections

    def meaning_stems(self, analysis: Analysis) -> list[str]:
        """The stems of the words that carry meaning (stop words left out): what the
        word features see, and what makes two phrases "the same" for the engine."""
        return [s for w, s in zip(analysis.words, analysis.stems) if w not in self.stop]

    def topic_words(self, analysis: Analysis, short: frozenset[str] | set[str] = frozenset()) -> list[tuple[str, str]]:
        """(word, stem) of the words that may say what the question is about: everyday
        words, numbers and short words aside, except the short words in ``short`` (a
        content's own short terms: "ia", "ai")."""
        return [(w, s) for w, s in zip(analysis.words, analysis.stems)
                if w not in self.general and (len(w) > 2 or w in short) and not w.isdigit()]
