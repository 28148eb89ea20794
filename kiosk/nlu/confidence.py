"""How sure the engine is that its best intent is the right answer: a probability.

A logistic model reads a few facts about a match — how well the best intent scores,
how far ahead of the next one and of the out-of-scope examples it is, how many of the
question's topic words the examples know, what the linear classifier decides — and
gives the probability that answering is right. The engine answers when it reaches the
content's ``threshold``. One model serves every language and every content: the facts
mean the same everywhere. Its weights are fitted by ``bench/nlu_calibrate.py --write``
on the training examples only (cross-validation: an engine built without a fold scores
it), and kept in ``confidence_weights.py``.

Measured on the independent development questions, it separates the right answers
from the questions to refuse better than the rules it replaced (a score threshold
raised by the share of unknown words, and a margin): more right answers for the same
number of wrong confident ones.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

#: the facts about a match the model reads, in the order of its weights
FEATURES = (
    "score",  # the best intent's blended score (0..1)
    "score_gap",  # its lead over the second intent
    "lead_over_out_of_scope",  # its lead over the out-of-scope examples' score
    "unknown_share",  # share of the question's topic words that no example uses
    "topic_words",  # how many topic words the question has
    "known_topic_words",  # how many of them the examples use
    "nearest_example",  # similarity to the best intent's nearest example
    "centroid",  # similarity to the best intent's examples averaged
    "decision",  # the linear classifier's decision for the best intent
    "decision_gap",  # its lead over the classifier's next decision (out of scope included)
    "out_of_scope_decision",  # the classifier's decision for the out-of-scope class
    "decision_agrees",  # 1 when the classifier's own first choice is the best intent
    "nearest_out_of_scope",  # similarity to the nearest out-of-scope example
    "log_words",  # log(1 + number of words): long spoken questions score lower
)


@dataclass(frozen=True)
class ConfidenceModel:
    """A logistic model on the facts, each read on the range it had where the model was
    fitted (0 at its lowest, 1 at its highest). A fact outside that range — a content
    unlike the shipped one: no out-of-scope examples, another script — counts as the
    nearest end, so an unusual content never extrapolates into a confident answer."""

    weights: tuple[float, ...]  # one per fact of FEATURES
    bias: float
    low: tuple[float, ...] = (0.0,) * len(FEATURES)
    high: tuple[float, ...] = (1.0,) * len(FEATURES)

    def __post_init__(self):
        if any(len(v) != len(FEATURES) for v in (self.weights, self.low, self.high)):
            raise ValueError(f"a confidence model needs a weight and a range for each of the {len(FEATURES)} facts")

    def scaled(self, features: np.ndarray) -> np.ndarray:
        """The facts on their fitted range, 0..1."""
        low, high = np.asarray(self.low), np.asarray(self.high)
        span = np.where(high > low, high - low, 1.0)
        return (np.clip(np.asarray(features, dtype=float), low, high) - low) / span

    def probability(self, features: np.ndarray) -> float:
        logit = float(np.dot(self.weights, self.scaled(features))) + self.bias
        if logit < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-logit))


def default_model() -> ConfidenceModel:
    from .confidence_weights import BIAS, HIGH, LOW, WEIGHTS

    return ConfidenceModel(tuple(WEIGHTS), BIAS, tuple(LOW), tuple(HIGH))
