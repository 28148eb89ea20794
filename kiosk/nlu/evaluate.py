"""Scoring the engine on test files written independently of its examples.

A test file holds one language and cases ``{text, expect, class}``; ``expect: null``
means the question is out of scope and must fall back. ``class`` (optional) says what
kind of question it is (e.g. ``paraphrase``, ``sms_typo``, ``oos_other_org``): the
report gives its figures per class too.

The figures: in-scope accuracy (right intent answered), out-of-scope recall (fell
back), wrong confident answers (an intent answered that was not the expected one, or
any answer to an out-of-scope question: the worst outcome), and the top-2 rate (the
right intent answered, or offered among the two "did you mean…?" guesses).
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from kiosk.content.diagnostics import syntax_diagnostic
from kiosk.content.yamlsource import YamlSyntaxError, load_yaml

#: how many "did you mean…?" guesses a fallback offers on screen
GUESSES = 2


class EvalFileError(ValueError):
    """A test file that cannot be read; the message is one line for the user."""


@dataclass
class EvalCase:
    text: str
    expect: str | None
    cls: str | None = None  # the case's "class" field, when the file has one


@dataclass
class EvalFile:
    path: Path
    language: str
    cases: list[EvalCase]


def read_eval_file(path: Path | str) -> EvalFile:
    path = Path(path)
    try:  # the content's reader: limits on size, nesting and aliases, errors with a line
        data = load_yaml(path).data
    except YamlSyntaxError as exc:
        raise EvalFileError(str(syntax_diagnostic(exc))) from None
    if not isinstance(data, dict) or not isinstance(data.get("language"), str) or not isinstance(data.get("cases"), list):
        raise EvalFileError(f"{path}: expected 'language: xx' and a list 'cases' of {{text, expect}}")
    cases = []
    for i, case in enumerate(data["cases"]):
        if not isinstance(case, dict) or not isinstance(case.get("text"), str) or "expect" not in case:
            raise EvalFileError(f"{path}: cases[{i}]: expected {{text: ..., expect: intent or null}}")
        expect, cls = case["expect"], case.get("class")
        cases.append(EvalCase(case["text"], None if expect is None else str(expect), None if cls is None else str(cls)))
    return EvalFile(path, data["language"], cases)


@dataclass
class EvalReport:
    language: str
    files: list[str]
    results: list[dict[str, Any]] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)

    @property
    def misses(self) -> list[dict[str, Any]]:
        return [r for r in self.results if not r["ok"]]

    def summary(self) -> dict[str, Any]:
        lat = np.array(self.latencies_ms or [0.0])
        return {
            "language": self.language,
            "files": self.files,
            **_figures(self.results),
            "p50_ms": round(float(np.percentile(lat, 50)), 3),
            "p95_ms": round(float(np.percentile(lat, 95)), 3),
            "per_class": self.per_class(),
            "per_intent": self.per_intent(),
            "misses": self.misses,
        }

    def per_class(self) -> dict[str, dict[str, Any]]:
        """The figures of each ``class`` of case (empty when the files have none)."""
        classes = dict.fromkeys(r["class"] for r in self.results if r["class"] is not None)
        return {c: _figures([r for r in self.results if r["class"] == c]) for c in classes}

    def per_intent(self) -> dict[str, dict[str, Any]]:
        expected = Counter(r["expect"] for r in self.results if r["expect"] is not None)
        predicted = Counter(r["got"] for r in self.results if r["got"] is not None)
        correct = Counter(r["expect"] for r in self.results if r["ok"] and r["expect"] is not None)
        out = {}
        for intent in sorted(set(expected) | set(predicted)):
            out[intent] = {
                "precision": round(correct[intent] / predicted[intent], 3) if predicted[intent] else None,
                "recall": round(correct[intent] / expected[intent], 3) if expected[intent] else None,
                "cases": expected[intent],
            }
        return out


def _figures(results: list[dict[str, Any]]) -> dict[str, Any]:
    in_scope = [r for r in results if r["expect"] is not None]
    out_scope = [r for r in results if r["expect"] is None]
    wrong = sum(1 for r in results if r["wrong"])
    return {
        "cases": len(results),
        "in_scope_cases": len(in_scope),
        "out_of_scope_cases": len(out_scope),
        "in_scope_accuracy": _share(in_scope, "ok"),
        "out_of_scope_recall": _share(out_scope, "ok"),
        "in_scope_fallback_rate": _share(in_scope, "fell_back"),
        "top2_rate": _share(in_scope, "top2"),
        "wrong_confident_answers": wrong,
        "wrong_confident_rate": round(wrong / len(results), 4) if results else None,
    }


def _share(results: list[dict[str, Any]], key: str) -> float | None:
    return round(sum(bool(r[key]) for r in results) / len(results), 4) if results else None


def evaluate(engine, cases: list[EvalCase], files: list[str], clock: Callable[[], float] = time.perf_counter) -> EvalReport:
    report = EvalReport(engine.language, files)
    for case in cases:
        start = clock()
        match = engine.match(case.text)
        report.latencies_ms.append((clock() - start) * 1000)
        guesses = [a.intent for a in match.alternatives[:GUESSES]] if match.fallback else []
        report.results.append({
            "text": case.text, "expect": case.expect, "class": case.cls, "got": match.intent,
            "ok": match.intent == case.expect,
            "wrong": match.intent is not None and match.intent != case.expect,
            "fell_back": match.intent is None,
            "top2": case.expect is not None and (match.intent == case.expect or case.expect in guesses),
            "confidence": round(match.confidence, 3), "best": match.best_intent, "reason": match.reason,
            "guesses": guesses,
        })
    return report
