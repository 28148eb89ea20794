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
    weights: tuple[float, ...]
    bias: float

    def __post_init__(self):
        if len(self.weights) != len(FEATURES):
            raise ValueError(f"a confidence model needs {len(FEATURES)} weights, got {len(self.weights)}")

    def probability(self, features: np.ndarray) -> float:
        z = float(np.dot(self.weights, features)) + self.bias
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


def default_model() -> ConfidenceModel:
    from .confidence_weights import BIAS, WEIGHTS

    return ConfidenceModel(tuple(WEIGHTS), BIAS)
