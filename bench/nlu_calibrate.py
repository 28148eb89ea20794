"""Choose the engine's threshold, margin and unknown-word penalty by cross-validation
on the training examples only (never on the evaluation files of tests/nlu/).

Each intent's examples and the out-of-scope examples are split in K folds; an engine is
built without one fold and scores it. On the pooled held-out scores, the threshold,
margin and unknown-word penalty chosen are those that answer the most in-scope phrases
right while keeping out-of-scope recall at least ``--min-recall`` and wrong confident
answers at most ``--max-wrong``. The folds are harder than visitors' questions (a
held-out example is often the only one of its kind; measured: two to three times the
wrong answers of the independent development questions at the same values), hence a
3 % bound here for the 1 % target. ``--tunings`` also tries other scoring weights (slow).

    .venv/bin/python bench/nlu_calibrate.py [--content exhibits] [--folds 5] [--tunings]
    .venv/bin/python bench/nlu_calibrate.py --check tests/nlu/eval_dev_fr.yaml tests/nlu/eval_dev_en.yaml

``--check FILES`` also prints, for the chosen values, the figures on those files: a
look at how the choice carries over to independent questions, never an input to it.
"""
from __future__ import annotations

import argparse
import itertools
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.content.loader import load_content  # noqa: E402
from kiosk.exhibits.chatbot.intents import engine_inputs, find_chatbot  # noqa: E402
from kiosk.nlu.engine import OUT_OF_SCOPE, IntentEngine, IntentSpec, Tuning  # noqa: E402
from kiosk.nlu.templates import expand  # noqa: E402

#: from 0.05: a sentence without a single topic word still needs some resemblance
THRESHOLDS = np.round(np.arange(0.05, 0.41, 0.01), 2)
MARGINS = np.round(np.arange(0.0, 0.11, 0.01), 2)
PENALTIES = np.round(np.arange(0.0, 2.01, 0.1), 2)


def units(definition, language: str) -> dict[str, list[list[str]]]:
    """Per intent, the units a fold holds out: one written example, or one template with
    all its expansions (near-duplicates must not sit on both sides of a split)."""
    out = {}
    for intent in definition.intents:
        written = [[e] for e in intent.examples.get(language, [])]
        templated = [expand(t) for t in intent.templates.get(language, [])]
        out[intent.id] = written + templated
    return out


def score_row(engine: IntentEngine, expected: str | None, text: str) -> tuple:
    """(expected, best, best score, second score, out-of-scope score, unknown share,
    fell back for who it is about) of one sentence."""
    analysis = engine.analyse(text)
    scores, _ = engine.intent_scores(analysis)
    ranked = sorted(((v, k) for k, v in scores.items() if k != OUT_OF_SCOPE), reverse=True)
    share = engine.unknown_share(analysis, text)
    about = engine.match(text).reason in ("own_situation", "other_organisation")
    return (expected, ranked[0][1], ranked[0][0], ranked[1][0], scores.get(OUT_OF_SCOPE, 0.0), share, about)


def held_out_rows(definition, language: str, tuning: Tuning, folds: int) -> list[tuple]:
    specs, settings = engine_inputs(definition, language)
    oos = settings.out_of_scope
    per_intent = units(definition, language)
    rows = []
    for fold in range(folds):
        train, test = [], []
        for spec in specs:
            kept = [p for i, u in enumerate(per_intent[spec.id]) if i % folds != fold for p in u]
            test += [(spec.id, p) for i, u in enumerate(per_intent[spec.id]) if i % folds == fold for p in u[:3]]
            if kept:
                train.append(IntentSpec(spec.id, kept, spec.answers, spec.question))
        test += [(None, e) for i, e in enumerate(oos) if i % folds == fold]
        fold_settings = replace(settings, out_of_scope=[e for i, e in enumerate(oos) if i % folds != fold])
        engine = IntentEngine(train, fold_settings, tuning)
        rows += [score_row(engine, expected, text) for expected, text in test]
    return rows


def figures(rows, t: float, m: float, p: float) -> tuple[float, float, float]:
    """(in-scope accuracy, out-of-scope recall, wrong confident answers share) at these values."""
    expected = np.array([r[0] or "" for r in rows])
    best_id = np.array([r[1] for r in rows])
    best, second, oos, share = (np.array([r[i] for r in rows]) for i in (2, 3, 4, 5))
    about = np.array([r[6] for r in rows])
    answered = ~about & (best >= t + p * share) & (best - second >= m) & (oos < best)
    in_scope = expected != ""
    acc = float(np.mean(answered[in_scope] & (best_id[in_scope] == expected[in_scope])))
    recall = float(np.mean(~answered[~in_scope])) if (~in_scope).any() else 1.0
    wrong = float(np.mean(answered & (best_id != expected)))
    return acc, recall, wrong


def best_values(rows, min_recall: float, max_wrong: float):
    """(in-scope accuracy, threshold, margin, penalty, accuracy, recall, wrong) of the
    values answering the most in-scope phrases right within the bounds (the most
    careful values when none is)."""
    top = careful = None
    for t, m, p in itertools.product(THRESHOLDS, MARGINS, PENALTIES):
        acc, recall, wrong = figures(rows, t, m, p)
        row = (acc, float(t), float(m), float(p), acc, recall, wrong)
        if recall >= min_recall and wrong <= max_wrong and (top is None or acc > top[0]):
            top = row
        if careful is None or (wrong, -acc) < (careful[6], -careful[4]):
            careful = row
    return top or careful


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--content", default="exhibits")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--tunings", action="store_true", help="also try other scoring weights (slow)")
    parser.add_argument("--check", nargs="*", default=[], help="evaluation files to score at the chosen values")
    parser.add_argument("--min-recall", type=float, default=0.95, help="out-of-scope recall to keep on the folds")
    parser.add_argument("--max-wrong", type=float, default=0.03, help="wrong confident answers allowed on the folds")
    args = parser.parse_args()
    definition = find_chatbot(load_content(args.content)).definition
    grid = [Tuning()] if not args.tunings else [
        Tuning(char_weight=c, centroid_weight=k, classifier_weight=a)
        for c in (0.6, 0.8) for k in (0.3, 0.6) for a in (0.3, 0.5, 0.7)
    ]
    languages = definition.languages_with_intents()
    print(f"{len(grid)} tuning(s) x {args.folds} folds x {languages}; objective: most in-scope phrases right "
          f"with out-of-scope recall >= {args.min_recall} and wrong confident answers <= {args.max_wrong}")
    results = []
    for tuning in grid:
        start = time.perf_counter()
        per_lang = {lang: held_out_rows(definition, lang, tuning, args.folds) for lang in languages}
        pooled = [r for rows in per_lang.values() for r in rows]
        score, t, m, p, acc, recall, wrong = best_values(pooled, args.min_recall, args.max_wrong)
        detail = "  ".join(
            "{}: acc {:.3f} oos {:.3f} wrong {:.3f}".format(lang, *figures(rows, t, m, p)) for lang, rows in per_lang.items()
        )
        results.append((score, tuning, t, m, p))
        print(f"{score:.4f}  threshold {t:.2f} margin {m:.2f} unknown_penalty {p:.1f}  acc {acc:.3f} oos {recall:.3f} "
              f"wrong {wrong:.3f}  [{detail}]  char_weight {tuning.char_weight} centroid {tuning.centroid_weight} "
              f"classifier {tuning.classifier_weight}  ({time.perf_counter() - start:.1f}s)", flush=True)
    score, tuning, t, m, p = max(results, key=lambda r: r[0])
    print(f"\nBEST {score:.4f}: threshold {t}, margin {m}, unknown_penalty {p}, {tuning}")
    if args.check:
        check(definition, args.check, replace(tuning, unknown_penalty=p), t, m)


def check(definition, files: list[str], tuning: Tuning, t: float, m: float) -> None:
    from kiosk.nlu.evaluate import read_eval_file

    for path in files:
        eval_file = read_eval_file(path)
        specs, settings = engine_inputs(definition, eval_file.language)
        engine = IntentEngine(specs, replace(settings, threshold=t, margin=m), tuning)
        rows = [score_row(engine, c.expect, c.text) for c in eval_file.cases]
        acc, recall, wrong = figures(rows, t, m, tuning.unknown_penalty)
        print(f"check {path}: in-scope accuracy {acc:.3f}, out-of-scope recall {recall:.3f}, "
              f"wrong confident {wrong:.3f} ({round(wrong * len(rows))} of {len(rows)})")


if __name__ == "__main__":
    main()
