"""YAML body of a ``chatbot`` exhibit: intents with examples and answers per language."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from kiosk.content.schema import ExhibitHeader, Identifier, LanguageCode, LocalizedList, LocalizedText, StrictModel
from kiosk.nlu.normalize import basic_normalize
from kiosk.nlu.templates import TemplateError, expand

#: fewer examples than this in a language is an error: the engine cannot generalise
MIN_EXAMPLES = 3
#: fewer than this is a warning: visitors phrase things in more ways than that
RECOMMENDED_EXAMPLES = 8

Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
PhraseLists = dict[LanguageCode, list[Phrase]]
#: characters of an answer that fit in a chat bubble at a readable size
ANSWER_MAX = 360
Answer = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=ANSWER_MAX)]


class Synonym(StrictModel):
    target: Phrase = Field(description="The word the examples use, e.g. 'ia'")
    variants: Annotated[list[Phrase], Field(min_length=1)] = Field(
        description="Other ways to say it, replaced by the target before matching, e.g. ['intelligence artificielle']"
    )


class Intent(StrictModel):
    id: Identifier = Field(description="Stable id of the intent: statistics and the voicebot use it")
    examples: PhraseLists = Field(
        default_factory=dict,
        description=f"Per language, phrases visitors may say (at least {MIN_EXAMPLES} with templates, "
        f"{RECOMMENDED_EXAMPLES} or more recommended)",
    )
    templates: PhraseLists = Field(
        default_factory=dict,
        description="Per language, compact examples: (a|b) picks one, [word] is optional",
    )
    answers: dict[LanguageCode, Annotated[list[Answer], Field(min_length=1)]] = Field(
        description=f"Per language, one or more answers (at most {ANSWER_MAX} characters), given in turn"
    )
    question: LocalizedText | None = Field(
        None, description="The question shown on a 'did you mean…?' button (default: the first example)"
    )

    def phrases(self, language: str) -> list[str]:
        """Examples then template expansions in ``language`` (bad templates skipped)."""
        out = list(self.examples.get(language, []))
        for template in self.templates.get(language, []):
            try:
                out += [p for p in expand(template) if p not in out]
            except TemplateError:
                continue
        return out


class ChatbotExhibit(ExhibitHeader):
    type: Literal["chatbot"]
    threshold: float = Field(
        0.18, ge=0, le=1,
        description="Minimal confidence (0-1) to answer; under it the bot says it did not understand "
                    "(0.18 was chosen by cross-validation: bench/nlu_calibrate.py)"
    )
    margin: float = Field(
        0.06, ge=0, le=1, description="Minimal lead of the best intent over the second; closer: 'did you mean…?'"
    )
    fallback: LocalizedText = Field(description="What the bot says when it did not understand")
    suggestions: LocalizedList | None = Field(None, description="Suggested questions, per language (default: the first intents' questions)")
    synonyms: dict[LanguageCode, list[Synonym]] = Field(
        default_factory=dict, description="Per language, variants replaced by a target word before matching"
    )
    out_of_scope: PhraseLists = Field(
        default_factory=dict,
        description="Per language, questions the bot must NOT answer (account, weather…): nearest to one, it falls back",
    )
    intents: Annotated[list[Intent], Field(min_length=1)] = Field(description="What the bot understands")

    def item_counts(self) -> dict[str, int]:
        return {"intents": len(self.intents)}

    def teasers(self, language: str) -> list[str]:
        return list((self.suggestions or {}).get(language) or []) or super().teasers(language)

    def languages_with_intents(self) -> list[str]:
        return sorted({lang for i in self.intents for lang in list(i.examples) + list(i.templates)})

    def check(self, report) -> None:
        seen_ids: dict[str, int] = {}
        for index, intent in enumerate(self.intents):
            if intent.id in seen_ids:
                report.error(("intents", index, "id"), f"duplicate intent id '{intent.id}' (also intents[{seen_ids[intent.id]}])")
            seen_ids.setdefault(intent.id, index)
            self._check_intent(report, index, intent)
        for lang in report.languages:
            if lang not in self.fallback:
                report.error(("fallback",), f"missing the fallback message in '{lang}'")
        self._check_duplicates(report)
        self._check_synonyms(report)

    def _check_intent(self, report, index: int, intent: Intent) -> None:
        for lang in report.languages:
            if lang not in intent.examples and lang not in intent.templates:
                report.error(("intents", index, "examples"), f"intent '{intent.id}' has no examples in '{lang}'")
                continue
            if lang not in intent.answers or not intent.answers[lang]:
                report.error(("intents", index, "answers"), f"intent '{intent.id}' has no answer in '{lang}'")
            count = len(intent.phrases(lang))
            where = ("intents", index, "examples", lang) if lang in intent.examples else ("intents", index, "templates", lang)
            if count < MIN_EXAMPLES:
                report.error(where, f"intent '{intent.id}' has {count} example(s) in '{lang}': at least {MIN_EXAMPLES} needed")
            elif count < RECOMMENDED_EXAMPLES:
                report.warning(where, f"intent '{intent.id}' has only {count} examples in '{lang}' ({RECOMMENDED_EXAMPLES}+ recommended)")
        for lang, templates in intent.templates.items():
            for k, template in enumerate(templates):
                try:
                    expand(template)
                except TemplateError as exc:
                    report.error(("intents", index, "templates", lang, k), f"template: {exc}")

    def _check_duplicates(self, report) -> None:
        """The same phrase in two intents (or also out of scope) teaches the engine both."""
        owners: dict[tuple[str, str], str] = {}
        for index, intent in enumerate(self.intents):
            for lang in set(intent.examples) | set(intent.templates):
                written = len(intent.examples.get(lang, []))
                for k, phrase in enumerate(intent.phrases(lang)):
                    key = (lang, basic_normalize(phrase, lang))
                    other = owners.setdefault(key, intent.id)
                    if other != intent.id:
                        where = ("intents", index, "examples", lang, k) if k < written else ("intents", index, "templates", lang)
                        report.error(where, f"'{phrase}' is already an example of intent '{other}'")
        for lang, examples in self.out_of_scope.items():
            for k, example in enumerate(examples):
                other = owners.get((lang, basic_normalize(example, lang)))
                if other is not None:
                    report.error(("out_of_scope", lang, k), f"'{example}' is also an example of intent '{other}'")

    def _check_synonyms(self, report) -> None:
        for lang, synonyms in self.synonyms.items():
            text = " " + " ".join(basic_normalize(p, lang) for i in self.intents for p in i.phrases(lang)) + " "
            for k, synonym in enumerate(synonyms):
                target = basic_normalize(synonym.target, lang)
                if f" {target} " not in text:
                    report.error(("synonyms", lang, k, "target"),
                                 f"unknown synonym target '{synonym.target}': no '{lang}' example uses it")
