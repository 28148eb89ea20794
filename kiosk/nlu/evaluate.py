"""Scoring the engine on test files written independently of its examples.

A test file holds one language and cases ``{text, expect}``; ``expect: null`` means
the question is out of scope and must fall back.
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


class EvalFileError(ValueError):
    """A test file that cannot be read; the message is one line for the user."""


@dataclass
class EvalCase:
    text: str
    expect: str | None


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
        expect = case["expect"]
        cases.append(EvalCase(case["text"], None if expect is None else str(expect)))
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
        in_scope = [r for r in self.results if r["expect"] is not None]
        out_scope = [r for r in self.results if r["expect"] is None]
        lat = np.array(self.latencies_ms or [0.0])
        return {
            "language": self.language,
            "files": self.files,
            "cases": len(self.results),
            "in_scope_cases": len(in_scope),
            "out_of_scope_cases": len(out_scope),
            "in_scope_accuracy": _share(in_scope),
            "out_of_scope_recall": _share(out_scope),
            "in_scope_fallback_rate": (sum(r["got"] is None for r in in_scope) / len(in_scope)) if in_scope else None,
            "wrong_confident_answers": sum(1 for r in self.results if r["got"] is not None and not r["ok"]),
            "p50_ms": round(float(np.percentile(lat, 50)), 3),
            "p95_ms": round(float(np.percentile(lat, 95)), 3),
            "per_intent": self.per_intent(),
            "misses": self.misses,
        }

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


def _share(results: list[dict[str, Any]]) -> float | None:
    return round(sum(r["ok"] for r in results) / len(results), 4) if results else None


def evaluate(engine, cases: list[EvalCase], files: list[str], clock: Callable[[], float] = time.perf_counter) -> EvalReport:
    report = EvalReport(engine.language, files)
    for case in cases:
        start = clock()
        match = engine.match(case.text)
        report.latencies_ms.append((clock() - start) * 1000)
        report.results.append({
            "text": case.text, "expect": case.expect, "got": match.intent, "ok": match.intent == case.expect,
            "confidence": round(match.confidence, 3), "best": match.best_intent, "reason": match.reason,
        })
    return report
