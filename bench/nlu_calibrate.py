"""Fit the engine's confidence model, and choose the threshold and margin, by
cross-validation on the training examples only (never on the evaluation files of
tests/nlu/).

Each intent's examples and the out-of-scope examples are split in K folds; an engine is
built without one fold and reads it: for each held-out phrase, the facts the confidence
model uses (``kiosk.nlu.confidence.FEATURES``) and whether the best intent is right. A
logistic regression on these facts (each scaled to its range), both languages pooled,
gives the probability that answering is right. Then the threshold (on that probability)
and the margin chosen are those that answer the most in-scope phrases right while keeping
out-of-scope recall at least ``--min-recall`` and wrong confident answers at most
``--max-wrong``. The folds are harder than visitors' questions (a held-out example is
often the only one of its kind), hence a bound of 2 % here for the 1 % target (measured
on the independent development questions: 2 % on the folds kept wrong confident
answers under 1 % of them).

    .venv/bin/python bench/nlu_calibrate.py [--content exhibits] [--folds 5] [--write]
    .venv/bin/python bench/nlu_calibrate.py --check tests/nlu/eval_dev_fr.yaml tests/nlu/eval_dev_en.yaml

``--write`` saves the fitted weights in ``kiosk/nlu/confidence_weights.py`` (then set the
printed threshold and margin in the chatbot's YAML). ``--check FILES`` also prints, for
the fitted model and chosen values, the figures on those files: a look at how the choice
carries over to independent questions, never an input to it.
"""
from __future__ import annotations

import argparse
import itertools
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.content.loader import load_content  # noqa: E402
from kiosk.exhibits.chatbot.intents import engine_inputs, find_chatbot  # noqa: E402
from kiosk.nlu.confidence import FEATURES, ConfidenceModel  # noqa: E402
from kiosk.nlu.engine import IntentEngine, IntentSpec, Tuning  # noqa: E402
from kiosk.nlu.templates import expand  # noqa: E402

THRESHOLDS = np.round(np.arange(0.30, 0.96, 0.01), 2)
MARGINS = np.round(np.arange(0.0, 0.081, 0.01), 2)
WEIGHTS_FILE = ROOT / "kiosk" / "nlu" / "confidence_weights.py"
#: how strongly the fit is held back (scikit-learn's C), on facts scaled 0..1: measured on
#: the independent development questions, 10 answered 2-3 points more of them right than
#: 1 or 0.1, wrong confident answers staying within the same 1 % bound
REGULARISATION = 10.0


def units(definition, language: str) -> dict[str, list[list[str]]]:
    """Per intent, the units a fold holds out: one written example, or one template with
    all its expansions (near-duplicates must not sit on both sides of a split)."""
    out = {}
    for intent in definition.intents:
        written = [[e] for e in intent.examples.get(language, [])]
        templated = [expand(t) for t in intent.templates.get(language, [])]
        out[intent.id] = written + templated
    return out


def fact_row(engine: IntentEngine, expected: str | None, text: str) -> tuple:
    """(expected, best intent, facts, score gap, fell back for who it is about) of one sentence."""
    analysis = engine.analyse(text)
    best, facts = engine.confidence_features(analysis)
    about = engine.match(text).reason in ("own_situation", "other_organisation")
    return expected, best, facts, facts[FEATURES.index("score_gap")], about


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
        rows += [fact_row(engine, expected, text) for expected, text in test]
    return rows


def fit(rows) -> ConfidenceModel:
    """Logistic regression of "the best intent is right" on the facts, each scaled to its
    range in these rows."""
    from sklearn.linear_model import LogisticRegression

    x = np.array([r[2] for r in rows])
    y = np.array([r[0] is not None and r[0] == r[1] for r in rows])
    unfitted = ConfidenceModel((0.0,) * len(FEATURES), 0.0, tuple(x.min(axis=0)), tuple(x.max(axis=0)))
    model = LogisticRegression(C=REGULARISATION, max_iter=10000).fit(unfitted.scaled(x), y)

    def rounded(values):
        return tuple(round(float(v), 6) for v in values)

    return ConfidenceModel(rounded(model.coef_[0]), round(float(model.intercept_[0]), 6), rounded(unfitted.low),
                           rounded(unfitted.high))


def figures(rows, model: ConfidenceModel, t: float, m: float) -> tuple[float, float, float]:
    """(in-scope accuracy, out-of-scope recall, wrong confident answers share) at these values."""
    expected = np.array([r[0] or "" for r in rows])
    best = np.array([r[1] for r in rows])
    p = np.array([model.probability(r[2]) for r in rows])
    gap = np.array([r[3] for r in rows])
    about = np.array([r[4] for r in rows])
    answered = ~about & (p >= t) & (gap >= m)
    in_scope = expected != ""
    acc = float(np.mean(answered[in_scope] & (best[in_scope] == expected[in_scope])))
    recall = float(np.mean(~answered[~in_scope])) if (~in_scope).any() else 1.0
    wrong = float(np.mean(answered & (best != expected)))
    return acc, recall, wrong


def best_values(rows, model: ConfidenceModel, min_recall: float, max_wrong: float):
    """(threshold, margin, accuracy, recall, wrong) answering the most in-scope phrases
    right within the bounds (the most careful values when none is)."""
    top = careful = None
    for t, m in itertools.product(THRESHOLDS, MARGINS):
        acc, recall, wrong = figures(rows, model, t, m)
        row = (float(t), float(m), acc, recall, wrong)
        if recall >= min_recall and wrong <= max_wrong and (top is None or acc > top[2]):
            top = row
        if careful is None or (wrong, -acc) < (careful[4], -careful[2]):
            careful = row
    return top or careful


def write_weights(model: ConfidenceModel, note: str) -> None:
    lines = [f'"""The confidence model\'s weights: written by bench/nlu_calibrate.py --write ({note}).',
             "", "One weight per fact of kiosk.nlu.confidence.FEATURES, in that order, for the fact scaled",
             "from its LOW (0) to its HIGH (1) in the fit.", '"""']
    for name, values in (("WEIGHTS", model.weights), ("LOW", model.low), ("HIGH", model.high)):
        lines += [f"{name} = ("] + [f"    {v!r},  # {fact}" for v, fact in zip(values, FEATURES)] + [")"]
    lines += [f"BIAS = {model.bias!r}", ""]
    WEIGHTS_FILE.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {WEIGHTS_FILE.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--content", default=str(ROOT / "exhibits"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="save the fitted weights in kiosk/nlu/confidence_weights.py")
    parser.add_argument("--check", nargs="*", default=[], help="evaluation files to score at the chosen values")
    parser.add_argument("--min-recall", type=float, default=0.95, help="out-of-scope recall to keep on the folds")
    parser.add_argument("--max-wrong", type=float, default=0.02, help="wrong confident answers allowed on the folds")
    args = parser.parse_args()
    definition = find_chatbot(load_content(args.content)).definition
    # the facts do not depend on the model: any one builds the engines that read them
    tuning = Tuning(confidence=ConfidenceModel((0.0,) * len(FEATURES), 0.0))
    languages = definition.languages_with_intents()
    start = time.perf_counter()
    per_lang = {lang: held_out_rows(definition, lang, tuning, args.folds) for lang in languages}
    pooled = [r for rows in per_lang.values() for r in rows]
    model = fit(pooled)
    t, m, acc, recall, wrong = best_values(pooled, model, args.min_recall, args.max_wrong)
    print(f"{args.folds} folds x {languages}, {len(pooled)} held-out phrases ({time.perf_counter() - start:.1f}s); "
          f"objective: most in-scope phrases right with out-of-scope recall >= {args.min_recall} and wrong "
          f"confident answers <= {args.max_wrong}")
    for lang, rows in per_lang.items():
        a, r, w = figures(rows, model, t, m)
        print(f"folds {lang}: in-scope accuracy {a:.3f}, out-of-scope recall {r:.3f}, wrong confident {w:.3f}")
    print(f"\nBEST: threshold {t}, margin {m} (folds: accuracy {acc:.3f}, recall {recall:.3f}, wrong {wrong:.3f})")
    if args.write:
        write_weights(model, f"{len(pooled)} held-out phrases of {args.folds} folds, threshold {t}, margin {m}")
    if args.check:
        check(definition, args.check, replace(tuning, confidence=model), t, m)


def check(definition, files: list[str], tuning: Tuning, t: float, m: float) -> None:
    from kiosk.nlu.evaluate import read_eval_file

    for path in files:
        eval_file = read_eval_file(path)
        specs, settings = engine_inputs(definition, eval_file.language)
        engine = IntentEngine(specs, replace(settings, threshold=t, margin=m), tuning)
        rows = [fact_row(engine, c.expect, c.text) for c in eval_file.cases]
        acc, recall, wrong = figures(rows, tuning.confidence, t, m)
        print(f"check {path}: in-scope accuracy {acc:.3f}, out-of-scope recall {recall:.3f}, "
              f"wrong confident {wrong:.3f} ({round(wrong * len(rows))} of {len(rows)})")


if __name__ == "__main__":
    main()
