"""`launch.py check` on chatbot content: each mistake named with file, line and field."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from kiosk.content.loader import load_content
from kiosk.exhibits.chatbot.schema import MIN_EXAMPLES

GOOD = textwrap.dedent("""\
    id: minibot
    type: chatbot
    title: {fr: Mini, en: Mini}
    summary: {fr: Un mini bot, en: A mini bot}
    fallback: {fr: Pas compris, en: Not understood}
    synonyms:
      fr:
        - {target: ia, variants: [intelligence artificielle]}
    intents:
      - id: hello
        examples:
          fr: [bonjour, salut, coucou, bonsoir, hello, "salut toi", "bonjour a toi", "coucou toi"]
          en: [hello, hi, hey, "hi there", "good morning", "hello you", "hey there", "good evening"]
        answers: {fr: [Bonjour], en: [Hello]}
      - id: ai
        examples:
          fr: ["c'est quoi l'ia", "l'ia c'est quoi", "definis l'ia", "explique l'ia"]
          en: ["what is ai", "define ai", "explain ai", "ai meaning"]
        templates:
          fr: ["(parle moi|dis moi tout) de l'ia", "l'ia [ca] (marche|fonctionne) comment"]
        answers: {fr: [Une IA], en: [An AI]}
    """)


def _write(content: Path, text: str) -> None:
    (content / "minibot.yaml").write_text(text, encoding="utf-8")


def _check(launch, content: Path) -> dict:
    proc = launch("check", "--content", str(content), "--json")
    return json.loads(proc.stdout)


def test_good_chatbot_passes(launch, content_copy):
    _write(content_copy, GOOD)
    report = _check(launch, content_copy)
    assert report["errors"] == [], report["errors"]
    # only the advice to write more examples (the 'ai' intent has 4 in English)
    assert [w["field"] for w in report["warnings"]] == ["intents[1].examples.en"], report["warnings"]
    assert any(e["id"] == "minibot" and e["items"] == {"intents": 2} for e in report["exhibits"])


CASES = {
    "too_few_examples": (
        GOOD.replace('fr: [bonjour, salut, coucou, bonsoir, hello, "salut toi", "bonjour a toi", "coucou toi"]',
                     "fr: [bonjour, salut]"),
        12, "intents[0].examples.fr", f"has 2 example(s) in 'fr': at least {MIN_EXAMPLES} needed",
    ),
    "duplicate_across_intents": (
        GOOD.replace('"explique l\'ia"', '"Bonjour !"'),
        17, "intents[1].examples.fr[3]", "'Bonjour !' is already an example of intent 'hello'",
    ),
    "missing_language": (
        GOOD.replace('      en: ["what is ai", "define ai", "explain ai", "ai meaning"]\n', ""),
        17, "intents[1].examples", "intent 'ai' has no examples in 'en'",
    ),
    "unknown_synonym_target": (
        GOOD.replace("target: ia,", "target: intelligence,"),
        8, "synonyms.fr[0].target", "unknown synonym target 'intelligence': no 'fr' example uses it",
    ),
    "bad_template": (
        GOOD.replace("(parle moi|dis moi tout)", "(parle moi|dis moi tout"),
        20, "intents[1].templates.fr[0]", "template: unbalanced or nested brackets",
    ),
    "missing_answer_language": (
        GOOD.replace("answers: {fr: [Bonjour], en: [Hello]}", "answers: {fr: [Bonjour]}"),
        14, "intents[0].answers", "intent 'hello' has no answer in 'en'",
    ),
    "same_reading_across_intents": (  # inflection, accents and a filler aside, the same question
        GOOD.replace('"explique l\'ia"', '"euh, Bonjours !"'),
        17, "intents[1].examples.fr[3]", "'euh, Bonjours !' reads the same as 'bonjour', an example of intent 'hello'",
    ),
    "same_reading_as_a_concept": (  # 'intelligence artificielle' is the concept 'ia'
        GOOD.replace('"explique l\'ia"', '"explique l\'intelligence artificielle"').replace(
            "\nintents:", "\nout_of_scope:\n  fr: [\"explique l'ia\"]\nintents:"),
        10, "out_of_scope.fr[0]", "reads the same as 'explique l'intelligence artificielle', an example of intent 'ai'",
    ),
    "example_names_another_organisation": (
        GOOD.replace('"explique l\'ia"', '"explique l\'ia de la CAF"').replace(
            "\nintents:", "\norganisations:\n  fr:\n    - {name: la CAF, variants: [caf]}\nintents:"),
        20, "intents[1].examples.fr[3]", "names another organisation (la CAF)",
    ),
    "example_about_the_visitors_own_case": (
        GOOD.replace('"explique l\'ia"', '"l\'ia et mes cotisations"').replace(
            "\nintents:", "\nown_situation:\n  phrases: {fr: [mes cotisations]}\n  intent: nobody\nintents:"),
        20, "intents[1].examples.fr[3]", "speaks of the visitor's own case ('mes cotisations'",
    ),
    "unknown_own_situation_intent": (
        GOOD.replace("\nintents:", "\nown_situation:\n  phrases: {fr: [mes cotisations]}\n  intent: nobody\nintents:"),
        11, "own_situation.intent", "no intent 'nobody'",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_mistakes_are_reported_with_file_line_and_field(content_copy, case):
    text, line, field, message = CASES[case]
    _write(content_copy, text)
    content = load_content(content_copy)
    matching = [d for d in content.errors if d.field == field and message in d.message_in("en")]
    assert matching, [str(d) for d in content.errors]
    assert matching[0].file.endswith("minibot.yaml") and matching[0].line == line
    assert "minibot.yaml" in " ".join(content.skipped_files)  # the rest of the exhibition still loads
    assert content.exhibit("chatbot") is not None


def test_text_output_has_file_line_column(launch, content_copy):
    _write(content_copy, CASES["unknown_synonym_target"][0])
    proc = launch("check", "--content", str(content_copy), "--lang", "en")
    assert proc.returncode == 1
    assert "minibot.yaml:8:" in proc.stderr and "synonyms.fr[0].target: unknown synonym target" in proc.stderr
