"""The independent test files, and `launch.py nlu-eval` / `launch.py ask` as users run them."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.content.loader import load_content
from kiosk.exhibits.chatbot.intents import find_chatbot
from kiosk.nlu.evaluate import read_eval_file
from kiosk.nlu.normalize import basic_normalize

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
#: the development sets, and the held-out sets (scored once, at the end of a round of work)
EVAL_FILES = sorted(HERE.glob("eval_*.yaml")) + sorted((HERE / "heldout").glob("eval_*.yaml"))


def test_eval_files_cover_both_languages_and_scopes():
    files = [read_eval_file(p) for p in EVAL_FILES]
    assert {f.language for f in files} == {"fr", "en"}
    for f in files:
        assert sum(c.expect is None for c in f.cases) >= 30, f.path
        assert sum(c.expect is not None for c in f.cases) >= 100, f.path


@pytest.mark.parametrize("path", EVAL_FILES, ids=lambda p: p.name)
def test_no_test_phrase_is_a_training_phrase(path):
    """Written independently: no case (normalised) is an example, a template expansion
    or an out-of-scope example of the shipped chatbot."""
    definition = find_chatbot(load_content(ROOT / "exhibits")).definition
    eval_file = read_eval_file(path)
    lang = eval_file.language
    def same(text):
        return basic_normalize(text, lang, drop_fillers=False)

    training = {same(p) for i in definition.intents for p in i.phrases(lang)}
    training |= {same(p) for p in definition.out_of_scope.get(lang, [])}
    shared = [c.text for c in eval_file.cases if same(c.text) in training]
    assert shared == []


@pytest.mark.parametrize("path", EVAL_FILES, ids=lambda p: p.name)
def test_no_test_phrase_nearly_repeats_a_training_phrase(path):
    """Nor a near copy: the same words once spoken fillers are dropped ("euh, bonjour ?"
    and "bonjour"), or a long phrase (6 words or more) with at most two characters changed."""
    from rapidfuzz.distance import Levenshtein

    definition = find_chatbot(load_content(ROOT / "exhibits")).definition
    eval_file = read_eval_file(path)
    lang = eval_file.language
    training = {basic_normalize(p, lang) for i in definition.intents for p in i.phrases(lang)}
    training |= {basic_normalize(p, lang) for p in definition.out_of_scope.get(lang, [])}
    long_ones = [t for t in training if len(t.split()) >= 6]
    near = []
    for case in eval_file.cases:
        text = basic_normalize(case.text, lang)
        if text in training and basic_normalize(case.text, lang, drop_fillers=False) != text:
            near.append((case.text, text))
        elif len(text.split()) >= 6:
            near += [(case.text, t) for t in long_ones if Levenshtein.distance(text, t, score_cutoff=2) <= 2]
    assert near == []


def test_expected_intents_exist():
    definition = find_chatbot(load_content(ROOT / "exhibits")).definition
    known = {i.id for i in definition.intents}
    for path in EVAL_FILES:
        assert {c.expect for c in read_eval_file(path).cases} - {None} <= known


def test_nlu_eval_json(launch):
    proc = launch("nlu-eval", *map(str, EVAL_FILES), "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["cases"] == sum(len(read_eval_file(p).cases) for p in EVAL_FILES)
    assert set(report["languages"]) == {"fr", "en"}
    for key in ("in_scope_accuracy", "out_of_scope_recall", "p95_ms"):
        assert isinstance(report[key], float)
    # regression floors, well under the targets measured by this same command
    assert report["in_scope_accuracy"] >= 0.85 and report["out_of_scope_recall"] >= 0.8


def test_nlu_eval_text_lists_misses_and_per_intent(launch, tmp_path):
    cases = tmp_path / "mini.yaml"
    cases.write_text('language: fr\ncases:\n  - {text: "bonjour", expect: greeting}\n'
                     '  - {text: "bonjour", expect: budget}\n  - {text: "la météo", expect: null}\n', encoding="utf-8")
    proc = launch("nlu-eval", str(cases))
    assert proc.returncode == 0
    assert "WRONG 'bonjour': expected budget, got greeting" in proc.stdout
    assert "greeting" in proc.stdout and "precision" in proc.stdout
    assert "in-scope accuracy 50.0%" in proc.stdout and "out-of-scope recall 100.0%" in proc.stdout
    assert "wrong confident answers 1 (33.3% of all)" in proc.stdout and "top-2 50.0%" in proc.stdout
    assert "class " not in proc.stdout  # a file without classes has no per-class lines


def test_nlu_eval_per_class_and_top2(launch, tmp_path):
    """Classes come from the cases' 'class' field; the top-2 rate counts a right
    "did you mean…?" guess; a fallback offered instead of an answer is not wrong."""
    cases = tmp_path / "classes.yaml"
    cases.write_text(
        'language: fr\ncases:\n'
        '  - {text: "bonjour", expect: greeting, class: plain}\n'
        '  - {text: "les usagers et le chatbot", expect: chatbot_usage_2023, class: neighbour}\n'
        '  - {text: "combien de chatbots a la CAF", expect: null, class: oos_other_org}\n'
        '  - {text: "bonjour", expect: null, class: oos_other_org}\n', encoding="utf-8")
    report = json.loads(launch("nlu-eval", str(cases), "--json").stdout)
    fr = report["languages"]["fr"]
    assert fr["per_class"]["plain"]["in_scope_accuracy"] == 1.0
    neighbour = fr["per_class"]["neighbour"]
    assert (neighbour["in_scope_accuracy"], neighbour["top2_rate"], neighbour["wrong_confident_answers"]) == (0.0, 1.0, 0)
    other = fr["per_class"]["oos_other_org"]
    assert (other["out_of_scope_recall"], other["wrong_confident_answers"]) == (0.5, 1)
    assert report["wrong_confident_answers"] == 1 and report["wrong_confident_rate"] == 0.25
    text = launch("nlu-eval", str(cases), "-q").stdout
    assert "class neighbour" in text and "right 0.0%, top-2 100.0%" in text and "WRONG" not in text


@pytest.mark.parametrize("text, message", [
    ("language: fr\ncases: [", "YAML syntax error"),
    ("cases: []\n", "expected 'language: xx'"),
    ("language: fr\ncases:\n  - {text: bonjour}\n", "cases[0]: expected {text"),
])
def test_nlu_eval_bad_file_is_one_line(launch, tmp_path, text, message):
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    proc = launch("--lang", "en", "nlu-eval", str(bad))
    assert proc.returncode != 0
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_ask_json(launch):
    proc = launch("ask", "C'est quoi un voicebot ?", "--json")
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert answer["intent"] == "what_is_voicebot" and answer["fallback"] is False
    assert 0 < answer["confidence"] <= 1 and answer["answer"]
    assert isinstance(answer["alternatives"], list)


def test_ask_fallback_english(launch):
    proc = launch("ask", "what's the weather tomorrow", "--lang", "en", "--json")
    answer = json.loads(proc.stdout)
    assert answer["intent"] is None and answer["fallback"] is True
    assert "did not quite understand" in answer["answer"]


def test_ask_plain_text(launch):
    proc = launch("ask", "merci beaucoup")
    assert proc.returncode == 0
    assert "Merci" in proc.stdout
    assert "intent thanks_goodbye" in proc.stderr


def test_ask_without_chatbot_is_one_line(launch, tmp_path):
    proc = launch("ask", "bonjour", "--content", str(tmp_path / "nowhere"))
    assert proc.returncode != 0
    assert "no valid chatbot exhibit" in proc.stderr and "Traceback" not in proc.stderr
