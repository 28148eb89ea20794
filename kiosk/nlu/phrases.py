"""Finding content phrases in a sentence, word by word, forgiving inflections.

A phrase is normalised like a question, then each of its words matches a word of the
sentence with the same form, or with the same stem and the same beginning
("assistant vocal" also finds "assistants vocaux"; write irregular forms as phrases
of their own). ``*`` in a phrase stands for up to three words: "robot * telephone" finds
"robot qui répond au téléphone".

Used for the content's concepts (replaced by their name before matching), its list of
other organisations and its phrases about the visitor's own situation.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

GAP = "*"
#: words a ``*`` may stand for
MAX_GAP = 3


@dataclass(frozen=True)
class Found:
    start: int  # first word
    end: int  # after the last word
    value: Any
    phrase: str  # the content phrase, normalised


class PhraseFinder:
    """Phrases (each with a value) looked for in a sentence's words and stems."""

    def __init__(self, stem: Callable[[str], str]):
        self._stem = stem
        self._by_first: dict[str, list[tuple[list, Any, str]]] = {}

    def add(self, normalized_phrase: str, value: Any) -> None:
        words = normalized_phrase.replace(GAP, f" {GAP} ").split()
        while words and words[0] == GAP:
            words.pop(0)
        while words and words[-1] == GAP:
            words.pop()
        if not words:
            return
        items = [None if w == GAP else (w, self._stem(w)) for w in words]
        entry = (items, value, " ".join(words))
        word, stem = items[0]
        for key in {word, stem}:
            entries = self._by_first.setdefault(key, [])
            entries.append(entry)
            entries.sort(key=lambda e: -len(e[0]))

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def find(self, words: list[str], stems: list[str]) -> Iterator[Found]:
        """Non-overlapping phrases, left to right, the longest at each place."""
        i = 0
        while i < len(words):
            candidates = self._by_first.get(words[i], [])
            if stems[i] != words[i]:  # a word that is its own stem would try each phrase twice
                candidates = candidates + self._by_first.get(stems[i], [])
            best: Found | None = None
            for items, value, phrase in candidates:
                end = _match(items, words, stems, i)
                if end is not None and (best is None or end > best.end):
                    best = Found(i, end, value, phrase)
            if best is None:
                i += 1
                continue
            yield best
            i = best.end

    def replace(self, words: list[str], stems: list[str]) -> tuple[list[str], list[str]]:
        """Each phrase found replaced by its value (a normalised word or words)."""
        found = list(self.find(words, stems))
        if not found:
            return words, stems
        out_words: list[str] = []
        out_stems: list[str] = []
        pos = 0
        for f in found:
            out_words += words[pos:f.start]
            out_stems += stems[pos:f.start]
            target = str(f.value).split()
            out_words += target
            out_stems += [self._stem(w) for w in target]
            pos = f.end
        return out_words + words[pos:], out_stems + stems[pos:]


def _match(items: list, words: list[str], stems: list[str], start: int) -> int | None:
    """End of the match of ``items`` from ``start``, or None (gaps try the fewest words)."""
    def at(k: int, pos: int) -> int | None:
        if k == len(items):
            return pos
        item = items[k]
        if item is None:
            for skip in range(MAX_GAP + 1):
                if pos + skip > len(words):
                    break
                end = at(k + 1, pos + skip)
                if end is not None:
                    return end
            return None
        if pos < len(words) and (words[pos] == item[0] or _inflected(words[pos], stems[pos], item)):
            return at(k + 1, pos + 1)
        return None

    return at(0, start)


def _inflected(word: str, stem: str, item: tuple[str, str]) -> bool:
    """The same stem and the phrase word's beginning: "assistants" for "assistant", but
    not "cotisations" for "cotisants" (stemmers give both "cotis")."""
    written, written_stem = item
    return stem == written_stem and word.startswith(written[:max(3, len(written) - 2)])
