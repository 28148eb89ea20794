"""The intent engine: nearest examples in a TF-IDF space of characters and words.

Tiny training sets (a dozen phrases per intent) suit a nearest-neighbour scorer: each
intent scores as its closest examples, character n-grams (2-4, inside word bounds)
forgive typos and inflections, word uni/bigrams reward the right terms. scikit-learn
builds the vectors; cosine similarity is one sparse product. A word unknown to every
example is first matched against the vocabulary with rapidfuzz (typo rescue).

It falls back — says it did not understand — when the best intent scores under the
threshold, when the top two are closer than the margin, or when the nearest example is
one of the content's out-of-scope examples. Chosen and tuned by measurement: see
``bench/nlu_bench.py`` and ``python launch.py nlu-eval``.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import numpy as np
from rapidfuzz import fuzz, process
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize as l2_normalize
from sklearn.svm import LinearSVC

from .match import Alternative, Match
from .normalize import Synonyms, normalize
from .stopwords import stopwords

OUT_OF_SCOPE = "__out_of_scope__"
MAX_TEXT_CHARS = 300


@dataclass(frozen=True)
class Tuning:
    """How the engine scores; defaults chosen by cross-validation (bench/nlu_calibrate.py)."""

    #: share of the character part in the similarity (the rest: words)
    char_weight: float = 0.8
    #: the nearest-example part blends the nearest example and the mean of the 3 nearest
    nearest_weight: float = 1.0
    char_ngrams: tuple[int, int] = (2, 4)
    word_ngrams: tuple[int, int] = (1, 2)
    #: share of the similarity to the intent's centroid (its examples averaged) in its score
    centroid_weight: float = 0.6
    #: share of a linear classifier's decision (LinearSVC on the same vectors, clipped to
    #: 0..1) in the final score; it learns which words separate intents from each other
    classifier_weight: float = 0.5

#: typo rescue: minimal rapidfuzz ratio and word length
TYPO_MIN_RATIO = 80
TYPO_MIN_LENGTH = 4


@dataclass
class IntentSpec:
    """One intent in one language, as the engine needs it."""

    id: str
    examples: list[str]
    answers: list[str]
    question: str | None = None  # shown on "did you mean…?" buttons; default: first example


@dataclass
class EngineSettings:
    language: str
    fallback: str
    threshold: float = 0.5
    margin: float = 0.05
    synonyms: list[tuple[str, str]] = field(default_factory=list)  # (variant, target), raw text
    suggestions: list[str] = field(default_factory=list)
    out_of_scope: list[str] = field(default_factory=list)


class IntentEngine:
    def __init__(self, intents: list[IntentSpec], settings: EngineSettings, tuning: Tuning = Tuning()):
        self.tuning = tuning
        if not intents:
            raise ValueError("an intent engine needs at least one intent")
        self.settings = settings
        self.language = settings.language
        self.threshold = settings.threshold
        self.margin = settings.margin
        self.intents = {spec.id: spec for spec in intents}
        self._stop = stopwords(self.language)
        self._synonyms = Synonyms(
            [(normalize(v, self.language), normalize(t, self.language)) for v, t in settings.synonyms]
        )
        self._answer_turn: dict[str, int] = {}

        texts, labels, originals = [], [], []
        for spec in intents:
            for example in spec.examples:
                texts.append(self.normalize(example))
                labels.append(spec.id)
                originals.append(example)
        for example in settings.out_of_scope:
            texts.append(self.normalize(example))
            labels.append(OUT_OF_SCOPE)
            originals.append(example)
        self._texts = texts
        self._labels = np.array(labels)
        self._originals = originals
        self._intent_ids = [spec.id for spec in intents] + ([OUT_OF_SCOPE] if settings.out_of_scope else [])
        self._rows = {i: np.flatnonzero(self._labels == i) for i in self._intent_ids}

        self._chars = TfidfVectorizer(analyzer="char_wb", ngram_range=tuning.char_ngrams, sublinear_tf=True)
        self._words = TfidfVectorizer(
            analyzer="word", ngram_range=tuning.word_ngrams, sublinear_tf=True, token_pattern=r"(?u)\b\w+\b",
            stop_words=sorted(self._stop) or None,
        )
        self._matrix = self._vectorize(texts, fit=True)
        self._prepare_queries()
        self._classifier = self._train_classifier(labels)
        self._centroids = l2_normalize(np.vstack([
            np.asarray(self._matrix[self._rows[i]].mean(axis=0)) for i in self._intent_ids
        ])) if self.tuning.centroid_weight else None
        self._vocabulary = sorted({w for t in texts for w in t.split()})
        self._known = set(self._vocabulary)

    # --- building -------------------------------------------------------------------
    def _vectorize(self, texts: list[str], fit: bool = False):
        """Rows of examples: each part (characters, words) unit length and weighted, then
        the whole row unit length again, so a dot product is a cosine in 0..1."""
        if fit:
            chars = self._chars.fit_transform(texts)
            try:
                words = self._words.fit_transform(texts)
            except ValueError:  # only stop words in the examples: characters alone
                self._words = None
                words = None
        else:
            chars = self._chars.transform(texts)
            words = self._words.transform(texts) if self._words is not None else None
        if words is None:
            return l2_normalize(chars)
        w = self.tuning.char_weight
        return l2_normalize(hstack([chars * np.sqrt(w), words * np.sqrt(1 - w)]).tocsr())

    def _train_classifier(self, labels: list[str]):
        if not self.tuning.classifier_weight or len(set(labels)) < 3:
            return None
        classifier = LinearSVC(C=1.0).fit(self._matrix, labels)
        self._classifier_rows = [list(classifier.classes_).index(i) for i in self._intent_ids]
        return classifier

    def _prepare_queries(self) -> None:
        """Per-query fast path: the fitted analysers, vocabularies and idf weights.
        Calling ``transform`` for one sentence spends most of its time validating input."""
        parts = [(self._chars, self.tuning.char_weight if self._words is not None else 1.0, 0)]
        if self._words is not None:
            parts.append((self._words, 1 - self.tuning.char_weight, len(self._chars.vocabulary_)))
        self._query_parts = [
            (vec.build_analyzer(), vec.vocabulary_, vec.idf_, np.sqrt(weight), offset)
            for vec, weight, offset in parts
        ]
        self._by_feature = self._matrix.T.tocsr()

    def query_vector(self, normalized: str) -> tuple[np.ndarray, np.ndarray]:
        """(feature indices, weights) of a sentence: the same vector as :meth:`_vectorize`
        (sublinear tf x idf, per-part unit length, weighted, unit length)."""
        indices, values = [], []
        for analyze, vocabulary, idf, weight, offset in self._query_parts:
            counts = Counter(f for f in analyze(normalized) if f in vocabulary)
            if not counts:
                continue
            idx = np.fromiter((vocabulary[f] for f in counts), dtype=np.int64, count=len(counts))
            vals = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * idf[idx]
            vals *= weight / np.linalg.norm(vals)
            indices.append(idx + offset)
            values.append(vals)
        if not indices:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        idx, vals = np.concatenate(indices), np.concatenate(values)
        return idx, vals / np.linalg.norm(vals)

    def normalize(self, text: str) -> str:
        return normalize(text, self.language, self._synonyms)

    # --- matching -------------------------------------------------------------------
    def _rescue_typos(self, text: str) -> tuple[str, dict[str, str]]:
        corrections: dict[str, str] = {}
        words = text.split()
        for i, word in enumerate(words):
            if word in self._known or len(word) < TYPO_MIN_LENGTH or word.isdigit():
                continue
            best = process.extractOne(word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_MIN_RATIO)
            if best is not None:
                corrections[word] = best[0]
                words[i] = best[0]
        return " ".join(words), corrections

    def intent_scores(self, normalized: str) -> tuple[dict[str, float], np.ndarray]:
        """Score of every intent (and of the out-of-scope examples) for a normalised sentence."""
        idx, vals = self.query_vector(normalized)
        sims = self._by_feature[idx].T @ vals if len(idx) else np.zeros(self._matrix.shape[0])
        scores = {}
        w, c = self.tuning.nearest_weight, self.tuning.centroid_weight
        centroid = self._centroids[:, idx] @ vals if c and len(idx) else np.zeros(len(self._intent_ids))
        a = self.tuning.classifier_weight if self._classifier is not None else 0.0
        if a and len(idx):
            query = csr_matrix((vals, (np.zeros(len(idx), dtype=np.int64), idx)), shape=(1, self._matrix.shape[1]))
            decision = np.clip(self._classifier.decision_function(query)[0], 0.0, 1.0)[self._classifier_rows]
        else:
            decision = np.zeros(len(self._intent_ids))
        for k, (intent, rows) in enumerate(self._rows.items()):
            top = np.sort(sims[rows])[-3:]
            similarity = (1 - c) * (w * top[-1] + (1 - w) * top.mean()) + c * centroid[k]
            scores[intent] = float((1 - a) * similarity + a * decision[k])
        return scores, sims

    def match(self, text: str) -> Match:
        # a sentence longer than this is not a question; cut so matching stays quick
        normalized, corrections = self._rescue_typos(self.normalize((text or "")[:MAX_TEXT_CHARS]))
        if not normalized:
            return self._fallback(normalized, "empty", [], 0.0, None, None, [], corrections)
        scores, sims = self.intent_scores(normalized)
        ranked = sorted((s, i) for i, s in scores.items() if i != OUT_OF_SCOPE)[::-1]
        best_score, best = ranked[0]
        second = ranked[1][0] if len(ranked) > 1 else 0.0
        nearest = int(np.argmax(sims))
        closest = self._texts[nearest] if sims[nearest] > 0 else None
        shared = self._shared_terms(normalized, closest) if closest else []
        alternatives = [
            Alternative(i, round(s, 4), self._question(i)) for s, i in ranked[:4] if s > 0
        ]
        reason = None
        if best_score < self.threshold:
            reason = "low_confidence"
        elif scores.get(OUT_OF_SCOPE, 0.0) >= best_score:
            reason = "out_of_scope"
        elif best_score - second < self.margin:
            reason = "too_close"
        if reason:
            return self._fallback(normalized, reason, alternatives[:2], best_score, best, closest, shared, corrections)
        return Match(
            intent=best, confidence=best_score, answer=self._next_answer(best), fallback=False,
            alternatives=alternatives[1:], normalized=normalized, closest_example=closest,
            shared_terms=shared, threshold=self.threshold, margin=self.margin, language=self.language,
            best_intent=best, corrections=corrections,
        )

    def choose(self, intent: str) -> Match:
        """The answer to an intent the visitor picked ("did you mean…?"), explained as
        the match of that intent's question."""
        if intent not in self.intents:
            raise KeyError(intent)
        explained = self.match(self._question(intent))
        others = [a for a in explained.alternatives if a.intent != intent]
        scores, _ = self.intent_scores(explained.normalized)
        return Match(
            intent=intent, confidence=max(scores.get(intent, 0.0), explained.confidence if explained.intent == intent else 0.0),
            answer=explained.answer if explained.intent == intent else self._next_answer(intent),
            fallback=False, alternatives=others[:3], normalized=explained.normalized,
            closest_example=explained.closest_example, shared_terms=explained.shared_terms,
            threshold=self.threshold, margin=self.margin, language=self.language, best_intent=intent,
        )

    def _fallback(self, normalized, reason, alternatives, confidence, best, closest, shared, corrections) -> Match:
        return Match(
            intent=None, confidence=confidence, answer=self.settings.fallback, fallback=True,
            alternatives=alternatives, normalized=normalized, closest_example=closest, shared_terms=shared,
            threshold=self.threshold, margin=self.margin, language=self.language, reason=reason,
            best_intent=best, corrections=corrections,
        )

    def _next_answer(self, intent: str) -> str:
        """Answers of an intent in turn, so a repeated question does not get the same words."""
        answers = self.intents[intent].answers
        turn = self._answer_turn.get(intent, 0)
        self._answer_turn[intent] = turn + 1
        return answers[turn % len(answers)]

    def _question(self, intent: str) -> str:
        spec = self.intents[intent]
        return spec.question or spec.examples[0]

    def _shared_terms(self, sentence: str, example: str) -> list[str]:
        """Words both share, else the longest common piece (≥ 4 letters) of a word."""
        example_words = [w for w in example.split() if w not in self._stop]
        shared: list[str] = []
        for word in sentence.split():
            if word in self._stop or word in shared:
                continue
            if word in example_words:
                shared.append(word)
                continue
            for other in example_words:
                m = SequenceMatcher(None, word, other).find_longest_match(0, len(word), 0, len(other))
                if m.size >= 4:
                    shared.append(word[m.a:m.a + m.size])
                    break
        return shared

    # --- for the exhibit and the voicebot -------------------------------------------
    def phrases(self) -> list[str]:
        """Every example phrase (lower case, no punctuation but apostrophes), e.g. for a
        speech-recognition grammar."""
        out: list[str] = []
        for spec in self.intents.values():
            for example in spec.examples:
                phrase = _grammar_phrase(example)
                if phrase and phrase not in out:
                    out.append(phrase)
        return out

    def suggestions(self) -> list[str]:
        """Questions to offer as buttons."""
        if self.settings.suggestions:
            return list(self.settings.suggestions)
        return [self._question(i) for i in list(self.intents)[:4]]

    def question_for(self, intent: str) -> str:
        return self._question(intent)


def _grammar_phrase(text: str) -> str:
    kept = "".join(c if (c.isalnum() or c in "'- ") else " " for c in text.casefold().replace("’", "'"))
    return " ".join(kept.split())
