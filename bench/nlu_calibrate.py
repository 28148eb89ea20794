"""Choose the engine's tuning, threshold and margin by cross-validation on the
training examples only (never on the independent test files of tests/nlu/).

Each intent's examples and the out-of-scope examples are split in K folds; an engine is
built without one fold and scores it. For every tuning, the threshold and margin that
maximise the mean of in-scope accuracy and out-of-scope recall, minus a penalty
for wrong confident answers, are found on the pooled
held-out scores.

    .venv/bin/python bench/nlu_calibrate.py [--content exhibits] [--folds 5] [--quick]
"""
from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.content.loader import load_content  # noqa: E402
from kiosk.exhibits.chatbot.intents import build_engine, find_chatbot  # noqa: E402
from kiosk.nlu.templates import expand  # noqa: E402
from kiosk.nlu.engine import OUT_OF_SCOPE, EngineSettings, IntentEngine, IntentSpec, Tuning  # noqa: E402


WRONG_PENALTY = 1.0


def units(definition, language: str) -> dict[str, list[list[str]]]:
    """Per intent, the units a fold holds out: one written example, or one template with
    all its expansions (near-duplicates must not sit on both sides of a split)."""
    out = {}
    for intent in definition.intents:
        written = [[e] for e in intent.examples.get(language, [])]
        templated = [expand(t) for t in intent.templates.get(language, [])]
        out[intent.id] = written + templated
    return out


def held_out_scores(definition, language: str, tuning: Tuning, folds: int) -> list[tuple]:
    """(expected, best, best score, second score, out-of-scope score) for every held-out phrase."""
    base = build_engine(definition, language)
    rows = []
    oos = base.settings.out_of_scope
    per_intent = units(definition, language)
    for fold in range(folds):
        train, test = [], []
        for spec in base.intents.values():
            kept = [p for i, u in enumerate(per_intent[spec.id]) if i % folds != fold for p in u]
            test += [(spec.id, p) for i, u in enumerate(per_intent[spec.id]) if i % folds == fold for p in u[:3]]
            if kept:
                train.append(IntentSpec(spec.id, kept, spec.answers))
        test += [(None, e) for i, e in enumerate(oos) if i % folds == fold]
        settings = EngineSettings(**{**base.settings.__dict__, "out_of_scope": [e for i, e in enumerate(oos) if i % folds != fold]})
        engine = IntentEngine(train, settings, tuning)
        for expected, text in test:
            normalized, _ = engine._rescue_typos(engine.normalize(text))
            scores, _ = engine.intent_scores(normalized)
            ranked = sorted((v, k) for k, v in scores.items() if k != OUT_OF_SCOPE)[::-1]
            rows.append((expected, ranked[0][1], ranked[0][0], ranked[1][0], scores.get(OUT_OF_SCOPE, 0.0)))
    return rows


def best_threshold(rows, thresholds, margins):
    expected = np.array([r[0] or "" for r in rows])
    best_id = np.array([r[1] for r in rows])
    best, second, oos = (np.array([r[i] for r in rows]) for i in (2, 3, 4))
    in_scope = expected != ""
    top = (0.0, 0, 0, 0, 0)
    for t, m in itertools.product(thresholds, margins):
        answered = (best >= t) & (best - second >= m) & (oos < best)
        acc = float(np.mean(answered[in_scope] & (best_id[in_scope] == expected[in_scope])))
        recall = float(np.mean(~answered[~in_scope])) if (~in_scope).any() else 1.0
        wrong = float(np.mean(answered[in_scope] & (best_id[in_scope] != expected[in_scope])))
        # a wrong confident answer is worse than an honest "I did not understand"
        score = (acc + recall) / 2 - WRONG_PENALTY * wrong
        if score > top[0]:
            top = (score, t, m, acc, recall)
    return top


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--content", default="exhibits")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="only the shipped tuning")
    args = parser.parse_args()
    definition = find_chatbot(load_content(args.content)).definition
    grid = [Tuning()] if args.quick else [
        Tuning(char_weight=c, nearest_weight=n, char_ngrams=g, centroid_weight=k)
        for c in (0.4, 0.6, 0.8) for n in (0.5, 0.7, 1.0) for g in ((2, 4), (2, 5)) for k in (0.0, 0.2, 0.4)
    ]
    thresholds = np.round(np.arange(0.15, 0.66, 0.01), 2)
    margins = np.round(np.arange(0.0, 0.11, 0.01), 2)
    languages = definition.languages_with_intents()
    print(f"{len(grid)} tunings x {args.folds} folds x {languages}; objective = mean(in-scope accuracy, out-of-scope recall) - {WRONG_PENALTY} x wrong answers")
    results = []
    for tuning in grid:
        start = time.perf_counter()
        per_lang = {}
        for language in languages:
            rows = held_out_scores(definition, language, tuning, args.folds)
            per_lang[language] = rows
        pooled = [r for rows in per_lang.values() for r in rows]
        score, t, m, acc, recall = best_threshold(pooled, thresholds, margins)
        detail = "  ".join(
            f"{lang}: acc {best_threshold_at(rows, t, m)[0]:.3f} oos {best_threshold_at(rows, t, m)[1]:.3f}"
            for lang, rows in per_lang.items()
        )
        results.append((score, tuning, t, m))
        print(f"{score:.4f}  threshold {t:.2f} margin {m:.2f}  acc {acc:.3f} oos {recall:.3f}  [{detail}]  "
              f"char_weight {tuning.char_weight} nearest {tuning.nearest_weight} chars {tuning.char_ngrams} centroid {tuning.centroid_weight}"
              f"  ({time.perf_counter() - start:.1f}s)", flush=True)
    score, tuning, t, m = max(results, key=lambda r: r[0])
    print(f"\nBEST {score:.4f}: {tuning}, threshold {t}, margin {m}")


def best_threshold_at(rows, t, m):
    _, _, _, acc, recall = best_threshold(rows, [t], [m])
    return acc, recall


if __name__ == "__main__":
    main()
