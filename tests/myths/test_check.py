"""`launch.py check` on myths files: each mistake named with file, line and field."""
from __future__ import annotations

import json
import textwrap

import pytest

from kiosk.exhibits.myths.schema import EXPLANATION_MAX

ITEM = """\
  - id: {sid}
    statement: {{fr: "Affirmation {sid}", en: "Statement {sid}"}}
    verdict: {verdict}
    explanation: {{fr: "Parce que.", en: "Because."}}
    source: {{fr: "Source", en: "Source"}}
"""
HEAD = textwrap.dedent("""\
    id: quiz
    type: myths
    title: {fr: Quiz, en: Quiz}
    summary: {fr: Résumé, en: Summary}
    intro: {fr: Jouez, en: Play}
    draw: 4
    items:
    """)


def quiz(*items: tuple[str, str]) -> str:
    return HEAD + "".join(ITEM.format(sid=sid, verdict=verdict) for sid, verdict in items)


FOUR = [("a", "myth"), ("b", "fact"), ("c", "myth"), ("d", "fact")]
GOOD = quiz(*FOUR)
# items[3] starts on line 23 ("  - id: d"); its verdict is on line 25
LONG = "x" * (EXPLANATION_MAX + 1)

BROKEN = {
    "wrong_verdict": (
        quiz(("a", "myth"), ("b", "fact"), ("c", "myth"), ("d", "maybe")),
        ":25:14: items[3].verdict: must be one of myth, fact (found 'maybe')",
    ),
    "missing_verdict": (
        GOOD.replace("  - id: d\n    statement: {fr: \"Affirmation d\", en: \"Statement d\"}\n    verdict: fact\n",
                     "  - id: d\n    statement: {fr: \"Affirmation d\", en: \"Statement d\"}\n"),
        ":23:5: items[3].verdict: required field is missing",
    ),
    "duplicate_statement_id": (
        quiz(("a", "myth"), ("b", "fact"), ("c", "myth"), ("b", "myth")),
        ":23:9: items[3].id: duplicate statement id 'b' (already items[1])",
    ),
    "missing_image": (
        GOOD + "    image: images/myths/absent.png\n",
        ":28:12: items[3].image: file not found: 'images/myths/absent.png'",
    ),
    "explanation_too_long": (
        GOOD.replace('en: "Because."}', f'en: "{LONG}"}}', 1),
        f":11:41: items[0].explanation.en: too long: {EXPLANATION_MAX + 1} characters, "
        f"at most {EXPLANATION_MAX} fit on screen",
    ),
    "statement_not_translated": (
        GOOD.replace('{fr: "Affirmation c", en: "Statement c"}', '{fr: "Affirmation c"}'),
        ":19:16: items[2].statement: warning: missing translation 'en'",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_broken_case_is_named_with_file_line_and_field(case, content_copy, launch):
    text, expected = BROKEN[case]
    (content_copy / f"zz_{case}.yaml").write_text(text, encoding="utf-8")
    proc = launch("check", "--content", str(content_copy), "--lang", "en")
    out = proc.stdout + proc.stderr
    assert f"zz_{case}.yaml{expected}" in out, out
    assert "Traceback" not in out
    warning_only = case == "statement_not_translated"
    assert proc.returncode == (0 if warning_only else 1), out


def test_good_quiz_passes_and_is_summarised(content_copy, launch):
    (content_copy / "zz_good.yaml").write_text(GOOD, encoding="utf-8")
    proc = launch("check", "--json", "--content", str(content_copy))
    report = json.loads(proc.stdout)
    assert proc.returncode == 0 and report["errors"] == [] and report["warnings"] == [], proc.stdout
    [summary] = [e for e in report["exhibits"] if e["id"] == "quiz"]
    assert summary["items"] == {"statements": 4, "myths": 2, "facts": 2}


def test_untranslated_statement_warning_says_what_visitors_miss(content_copy, launch):
    text = GOOD.replace('{fr: "Parce que.", en: "Because."}', '{fr: "Parce que."}', 1)
    (content_copy / "zz_partial.yaml").write_text(text, encoding="utf-8")
    proc = launch("check", "--content", str(content_copy), "--lang", "fr")
    assert proc.returncode == 0
    assert "zz_partial.yaml:8:5: items[0]: avertissement : pas tirée pour les visiteurs en 'en' tant que ses " \
           "textes ne sont pas traduits" in proc.stdout, proc.stdout
    proc = launch("check", "--content", str(content_copy), "--lang", "en")
    assert "zz_partial.yaml:8:5: items[0]: warning: not drawn for 'en' visitors until its texts are translated" \
        in proc.stdout, proc.stdout


def test_shipped_myths_exhibit_is_valid(launch):
    proc = launch("check", "--json")
    report = json.loads(proc.stdout)
    [myths] = [e for e in report["exhibits"] if e["id"] == "mythes"]
    assert myths["type"] == "myths" and myths["languages"] == ["en", "fr"]
    assert myths["items"]["statements"] >= 15
    assert not [d for d in report["errors"] + report["warnings"] if d["file"].endswith("mythes.yaml")]
