"""The intent engine: nearest examples in a TF-IDF space of characters and words.

Tiny training sets (a dozen phrases per intent) suit a nearest-neighbour scorer: each
intent scores as its closest examples, character n-grams (2-4, inside word bounds)
forgive typos and inflections, word stems (uni/bigrams) reward the right terms.
scikit-learn builds the vectors; cosine similarity is one sparse product. Before that,
a sentence is normalised (``normalize``), a word unknown to every example is matched
against the vocabulary with rapidfuzz (typo rescue), and the content's concepts
replace their phrases by one word (``phrases``).

It falls back — says it did not understand — when the question is about the
visitor's own situation or about another organisation than the one it knows (lists
in the content), when its confidence is under the threshold, or when the top two
intents score closer than the margin. The confidence is a probability that the best
intent is right (``confidence``: a logistic model on facts of the match — scores,
leads over the next intent and the out-of-scope examples, words no example uses, the
classifier's decisions). Chosen and tuned by measurement: see
``bench/nlu_calibrate.py``, ``bench/nlu_bench.py`` and ``python launch.py nlu-eval``.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize as l2_normalize
from sklearn.svm import LinearSVC

from .analysis import MAX_TEXT_CHARS, Analysis, Analyzer
from .confidence import FEATURES, ConfidenceModel, default_model
from .match import Alternative, Match
from .phrases import PhraseFinder

OUT_OF_SCOPE = "__out_of_scope__"
#: how the panel words a fallback for low confidence: "words I do not know" from this
#: share of unknown topic words, "two answers too close" under this lead
UNKNOWN_SHARE_SAID = 0.34
CLOSE_SAID = 0.05
__all__ = ["MAX_TEXT_CHARS", "OUT_OF_SCOPE", "Analysis", "EngineSettings", "IntentEngine", "IntentSpec", "Organisation",
           "Tuning"]


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
    #: how sure the engine is that its best intent is right, from facts about the match
    #: (``confidence``); None: the fitted default (``confidence_weights.py``)
    confidence: ConfidenceModel | None = None


@dataclass
class _Scores:
    blend: np.ndarray  # per intent (out of scope last): the score ranking intents
    nearest: np.ndarray  # similarity to each intent's nearest example
    centroid: np.ndarray  # similarity to each intent's examples averaged
    decision: np.ndarray | None  # the linear classifier's decisions (None without one)
    sims: np.ndarray  # similarity to each example


@dataclass
class IntentSpec:
    """One intent in one language, as the engine needs it."""

    id: str
    examples: list[str]
    answers: list[str]
    question: str | None = None  # shown on "did you mean…?" buttons; default: first example


@dataclass(frozen=True)
class Organisation:
    """An organisation a question may be about, e.g. ``Organisation("la CAF", ["caf"])``."""

    name: str  # as shown to the visitor
    variants: tuple[str, ...] | list[str]  # how questions name it (normalised, stems forgiven)
    own: bool = False  # the organisation the bot knows (the others make it fall back)


@dataclass
class EngineSettings:
    language: str
    fallback: str
    threshold: float = 0.81  # confidence (probability of being right) needed to answer
    margin: float = 0.0
    synonyms: list[tuple[str, str]] = field(default_factory=list)  # concepts: (phrase, word), raw text
    suggestions: list[str] = field(default_factory=list)
    out_of_scope: list[str] = field(default_factory=list)
    #: who a question may be about: a question naming another organisation (and not an
    #: own one) falls back, saying so
    organisations: list[Organisation] = field(default_factory=list)
    #: phrases about the visitor's own case ("mon compte", "mes cotisations"): fall back
    #: with ``own_situation_answer`` (default: ``fallback``) and offer ``own_situation_intent``
    own_situation: list[str] = field(default_factory=list)
    own_situation_answer: str | None = None
    own_situation_intent: str | None = None


class IntentEngine:
    def __init__(self, intents: list[IntentSpec], settings: EngineSettings, tuning: Tuning = Tuning()):
        self.tuning = tuning
        self._confidence = tuning.confidence or default_model()
        if not intents:
            raise ValueError("an intent engine needs at least one intent")
        self.settings = settings
        self.language = settings.language
        self.threshold = settings.threshold
        self.margin = settings.margin
        self.intents = {spec.id: spec for spec in intents}
        self.analyzer = Analyzer(self.language, settings.synonyms)
        self._stop = self.analyzer.stop
        self._answer_turn: dict[str, int] = {}
        self._prepare_phrases(settings)

        analyses, labels, originals = [], [], []
        for spec in intents:
            for example in spec.examples:
                analyses.append(self.analyse(example, rescue=False))
                labels.append(spec.id)
                originals.append(example)
        in_scope_rows = len(analyses)
        for example in settings.out_of_scope:
            analyses.append(self.analyse(example, rescue=False))
            labels.append(OUT_OF_SCOPE)
            originals.append(example)
        texts = [a.text for a in analyses]
        self._texts = texts
        self._known_stems = {s for a in analyses[:in_scope_rows] for s in a.stems}
        # short words the examples use that carry a topic ("ia", "ai"): topic words too
        self._short_terms = {w for a in analyses[:in_scope_rows] for w in a.words
                             if len(w) <= 2 and not w.isdigit() and w not in self.analyzer.general}
        self._labels = np.array(labels)
        self._originals = originals
        self._intent_ids = [spec.id for spec in intents] + ([OUT_OF_SCOPE] if settings.out_of_scope else [])
        self._rows = {i: np.flatnonzero(self._labels == i) for i in self._intent_ids}
        # each intent's rows one after the other, for a per-intent maximum in one call
        self._order = np.concatenate(list(self._rows.values()))
        self._starts = np.cumsum([0] + [len(r) for r in self._rows.values()])[:-1]

        self._chars = TfidfVectorizer(analyzer="char_wb", ngram_range=tuning.char_ngrams, sublinear_tf=True)
        self._words = TfidfVectorizer(
            analyzer="word", ngram_range=tuning.word_ngrams, sublinear_tf=True, token_pattern=r"(?u)\b\w+\b",
        )
        self._matrix = self._vectorize(analyses, fit=True)
        self._prepare_queries()
        self._classifier = self._train_classifier(labels)
        self._centroids = l2_normalize(np.vstack([
            np.asarray(self._matrix[self._rows[i]].mean(axis=0)) for i in self._intent_ids
        ])) if self.tuning.centroid_weight else None

    def _prepare_phrases(self, settings: EngineSettings) -> None:
        """The typo-rescue vocabulary, the organisations and the own-situation phrases."""
        analyzer = self.analyzer
        vocabulary = set(analyzer.vocabulary)
        for spec in self.intents.values():
            for example in spec.examples:
                vocabulary.update(analyzer.phrase(example).split())
        self._organisations = PhraseFinder(analyzer.stem)
        self._own_situation = PhraseFinder(analyzer.stem)
        names = set()
        for organisation in settings.organisations:
            for variant in organisation.variants:
                self._organisations.add(analyzer.with_concepts(variant), organisation)
                names.update(analyzer.phrase(variant).split())
        for phrase in settings.own_situation:
            self._own_situation.add(analyzer.with_concepts(phrase), phrase)
            names.update(analyzer.phrase(phrase).split())
        # never corrected, never a correction: "impots" must not become "mots", nor "cafe" "caf"
        analyzer.set_vocabulary(vocabulary, keep=names)

    # --- building -------------------------------------------------------------------
    def _word_text(self, analysis: Analysis) -> str:
        """What the word features see: the stems of the words that carry meaning."""
        return " ".join(self.analyzer.meaning_stems(analysis))

    def _vectorize(self, analyses: list[Analysis], fit: bool = False):
        """Rows of examples: each part (characters, words) unit length and weighted, then
        the whole row unit length again, so a dot product is a cosine in 0..1."""
        texts = [a.text for a in analyses]
        word_texts = [self._word_text(a) for a in analyses]
        if fit:
            chars = self._chars.fit_transform(texts)
            try:
                words = self._words.fit_transform(word_texts)
            except ValueError:  # only stop words in the examples: characters alone
                self._words = None
                words = None
        else:
            chars = self._chars.transform(texts)
            words = self._words.transform(word_texts) if self._words is not None else None
        if words is None:
            return l2_normalize(chars)
        w = self.tuning.char_weight
        return l2_normalize(hstack([chars * np.sqrt(w), words * np.sqrt(1 - w)]).tocsr())

    def _train_classifier(self, labels: list[str]):
        if not self.tuning.classifier_weight or len(set(labels)) < 3:
            return None
        classifier = LinearSVC(C=1.0).fit(self._matrix, labels)
        # decisions as one dense product per query (scikit-learn's own call spends most
        # of its time validating a single row)
        order = [list(classifier.classes_).index(i) for i in self._intent_ids]
        self._coef = np.ascontiguousarray(classifier.coef_[order].T)
        self._intercept = classifier.intercept_[order]
        return classifier

    def _prepare_queries(self) -> None:
        """Per-query fast path: the fitted analysers, vocabularies and idf weights.
        Calling ``transform`` for one sentence spends most of its time validating input."""
        parts = [(self._chars, self.tuning.char_weight if self._words is not None else 1.0, 0, False)]
        if self._words is not None:
            parts.append((self._words, 1 - self.tuning.char_weight, len(self._chars.vocabulary_), True))
        self._query_parts = [
            (vec.build_analyzer(), vec.vocabulary_, vec.idf_, np.sqrt(weight), offset, on_stems)
            for vec, weight, offset, on_stems in parts
        ]

    def query_vector(self, analysis: Analysis) -> tuple[np.ndarray, np.ndarray]:
        """(feature indices, weights) of a sentence: the same vector as :meth:`_vectorize`
        (sublinear tf x idf, per-part unit length, weighted, unit length)."""
        indices, values = [], []
        texts = (analysis.text, self._word_text(analysis))
        for analyze, vocabulary, idf, weight, offset, on_stems in self._query_parts:
            counts = Counter(f for f in analyze(texts[on_stems]) if f in vocabulary)
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

    def analyse(self, text: str, rescue: bool = True) -> Analysis:
        """Normalise, rescue typos (``rescue``), stem, then replace concepts."""
        return self.analyzer.analyse(text, rescue)

    def normalize(self, text: str) -> str:
        """The sentence as the engine reads it (shown as "I read")."""
        return self.analyse(text).text

    # --- matching -------------------------------------------------------------------
    def topic_words(self, analysis: Analysis) -> list[tuple[str, str]]:
        """(word, stem) of the words that may say what the question is about."""
        return self.analyzer.topic_words(analysis, self._short_terms)

    def unknown_words(self, analysis: Analysis) -> list[str]:
        """Words that carry meaning and that no example of an intent uses (by stem)."""
        return [w for w, s in self.topic_words(analysis) if s not in self._known_stems]

    def unknown_share(self, analysis: Analysis) -> float:
        """The share of the question's topic words that no example uses (0 without any)."""
        topic = self.topic_words(analysis)
        if not topic:
            return 0.0
        return sum(s not in self._known_stems for _, s in topic) / len(topic)

    def _parts(self, analysis: Analysis) -> _Scores:
        """Every intent's blended score and its parts, for an analysed sentence."""
        n = len(self._intent_ids)
        idx, vals = self.query_vector(analysis)
        if not len(idx):
            zeros = np.zeros(n)
            return _Scores(zeros, zeros, zeros, None, np.zeros(self._matrix.shape[0]))
        query = np.zeros(self._matrix.shape[1])
        query[idx] = vals
        sims = self._matrix @ query
        w, c = self.tuning.nearest_weight, self.tuning.centroid_weight
        nearest = np.maximum.reduceat(sims[self._order], self._starts)
        if w < 1:
            top3 = np.array([np.sort(sims[rows])[-3:].mean() for rows in self._rows.values()])
            nearest = w * nearest + (1 - w) * top3
        centroid = self._centroids[:, idx] @ vals if c else np.zeros(n)
        blend = (1 - c) * nearest + c * centroid
        decision = None
        if self._classifier is not None:
            a = self.tuning.classifier_weight
            decision = vals @ self._coef[idx] + self._intercept
            blend = (1 - a) * blend + a * np.clip(decision, 0.0, 1.0)
        return _Scores(blend, nearest, centroid, decision, sims)

    def intent_scores(self, analysis: Analysis) -> tuple[dict[str, float], np.ndarray]:
        """Score of every intent (and of the out-of-scope examples) for an analysed sentence."""
        parts = self._parts(analysis)
        return dict(zip(self._intent_ids, parts.blend.tolist())), parts.sims

    def confidence_features(self, analysis: Analysis, parts: _Scores | None = None,
                            intent: str | None = None) -> tuple[str, np.ndarray]:
        """(best intent, the facts the confidence model reads: ``confidence.FEATURES``),
        for the best intent or the given one."""
        parts = parts if parts is not None else self._parts(analysis)
        ids = self._intent_ids
        oos = ids.index(OUT_OF_SCOPE) if OUT_OF_SCOPE in ids else None
        blend = parts.blend.copy()
        if oos is not None:
            blend[oos] = -np.inf
        best = ids.index(intent) if intent is not None else int(np.argmax(blend))
        others = np.delete(blend, best)
        second = float(others.max()) if len(others) and np.isfinite(others.max()) else 0.0
        oos_score = float(parts.blend[oos]) if oos is not None else 0.0
        topic = self.topic_words(analysis)
        known = sum(s in self._known_stems for _, s in topic)
        if parts.decision is not None:
            decision = parts.decision
            rest = np.delete(decision, best)
            decision_facts = [decision[best], decision[best] - rest.max(),
                              decision[oos] if oos is not None else -1.0, float(np.argmax(decision) == best)]
            if oos is not None and np.argmax(decision) == oos:
                decision_facts[3] = 0.0
        else:
            decision_facts = [0.0, 0.0, -1.0, 0.0]
        nearest_oos = float(parts.sims[self._rows[OUT_OF_SCOPE]].max()) if oos is not None else 0.0
        facts = [parts.blend[best], parts.blend[best] - second, parts.blend[best] - oos_score,
                 self.unknown_share(analysis), len(topic), known, parts.nearest[best], parts.centroid[best],
                 *decision_facts, nearest_oos, np.log1p(len(analysis.words))]
        return ids[best], np.array(facts, dtype=float)

    def match(self, text: str) -> Match:
        # a sentence longer than MAX_TEXT_CHARS is not a question; cut so matching stays quick
        analysis = self.analyse(text)
        normalized, corrections = analysis.text, analysis.corrections
        if not normalized:
            return self._fallback(normalized, "empty", [], 0.0, None, None, [], corrections)
        parts = self._parts(analysis)
        scores = dict(zip(self._intent_ids, parts.blend.tolist()))
        ranked = sorted((s, i) for i, s in scores.items() if i != OUT_OF_SCOPE)[::-1]
        best_score, best = ranked[0]
        second = ranked[1][0] if len(ranked) > 1 else 0.0
        sims = parts.sims
        nearest = int(np.argmax(sims))
        closest = self._texts[nearest] if sims[nearest] > 0 else None
        shared = self._shared_terms(normalized, closest) if closest else []
        alternatives = [
            Alternative(i, round(s, 4), self._question(i)) for s, i in ranked[:4] if s > 0
        ]
        _, facts = self.confidence_features(analysis, parts, best)
        confidence = self._confidence.probability(facts) if best_score > 0 else 0.0
        unknown = self.unknown_words(analysis)
        details = dict(unknown_words=unknown)
        personal = next(self._own_situation.find(analysis.words, analysis.stems), None)
        if personal is not None:
            return self._own_situation_fallback(normalized, alternatives, confidence, best, closest, shared,
                                                corrections, personal.value, details)
        other = self._other_organisation(analysis)
        reason = None
        if other is not None:
            reason = "other_organisation"
            details.update(about=other.name, own_organisation=self._own_name())
        elif confidence < self.threshold:
            reason = self._why_unsure(best_score, second, scores.get(OUT_OF_SCOPE, 0.0), facts)
        elif best_score - second < self.margin:
            reason = "too_close"
        if reason:
            return self._fallback(normalized, reason, alternatives[:2], confidence, best, closest, shared, corrections,
                                  **details)
        return Match(
            intent=best, confidence=confidence, answer=self._next_answer(best), fallback=False,
            alternatives=alternatives[1:], normalized=normalized, closest_example=closest,
            shared_terms=shared, threshold=self.threshold, margin=self.margin, language=self.language,
            best_intent=best, corrections=corrections, **details,
        )

    @staticmethod
    def _why_unsure(best: float, second: float, out_of_scope: float, facts: np.ndarray) -> str:
        """In plain terms, what made the confidence too low (the panel says it)."""
        if out_of_scope >= best:
            return "out_of_scope"
        if facts[FEATURES.index("unknown_share")] >= UNKNOWN_SHARE_SAID:
            return "unknown_words"
        if best - second < CLOSE_SAID:
            return "too_close"
        return "low_confidence"

    def _other_organisation(self, analysis: Analysis) -> Organisation | None:
        """The first other organisation the sentence names, unless it names an own one too."""
        named = [f.value for f in self._organisations.find(analysis.words, analysis.stems)]
        if any(o.own for o in named):
            return None
        return named[0] if named else None

    def _own_name(self) -> str | None:
        return next((o.name for o in self.settings.organisations if o.own), None)

    def _own_situation_fallback(self, normalized, alternatives, confidence, best, closest, shared, corrections,
                                found: str, details: dict) -> Match:
        """About the visitor's own case: the content's guidance, and the intent that helps
        (e.g. talking to a person) offered first."""
        helper = self.settings.own_situation_intent
        guesses = [a for a in alternatives if a.intent != helper]
        if helper in self.intents:
            guesses.insert(0, Alternative(helper, 1.0, self._question(helper)))
        match = self._fallback(normalized, "own_situation", guesses[:2], confidence, best, closest, shared,
                               corrections, about=found, **details)
        if self.settings.own_situation_answer:
            match.answer = self.settings.own_situation_answer
        return match

    def choose(self, intent: str) -> Match:
        """The answer to an intent the visitor picked ("did you mean…?"), explained as
        the match of that intent's question."""
        if intent not in self.intents:
            raise KeyError(intent)
        question = self._question(intent)
        explained = self.match(question)
        others = [a for a in explained.alternatives if a.intent != intent]
        analysis = self.analyse(question)
        _, facts = self.confidence_features(analysis, intent=intent)
        return Match(
            intent=intent, confidence=self._confidence.probability(facts),
            answer=explained.answer if explained.intent == intent else self._next_answer(intent),
            fallback=False, alternatives=others[:3], normalized=explained.normalized,
            closest_example=explained.closest_example, shared_terms=explained.shared_terms,
            threshold=self.threshold, margin=self.margin, language=self.language, best_intent=intent,
        )

    def _fallback(self, normalized, reason, alternatives, confidence, best, closest, shared, corrections,
                  **details) -> Match:
        return Match(
            intent=None, confidence=confidence, answer=self.settings.fallback, fallback=True,
            alternatives=alternatives, normalized=normalized, closest_example=closest, shared_terms=shared,
            threshold=self.threshold, margin=self.margin, language=self.language, reason=reason,
            best_intent=best, corrections=corrections, **details,
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

    # --- for the screens and speech recognition -------------------------------------
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
