"""YAML body of a ``chatbot`` exhibit: intents with examples and answers per language."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from kiosk.content.schema import ExhibitHeader, Identifier, LanguageCode, LocalizedList, LocalizedText, ShownMarker, StrictModel
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
    target: Phrase = Field(description="The word the examples use for the concept, e.g. 'voicebot'")
    variants: Annotated[list[Phrase], Field(min_length=1)] = Field(
        description="Words and phrases that mean the same thing, replaced by the target before matching, e.g. "
                    "['assistant vocal', 'robot * telephone']; inflected forms are found too (same stem), "
                    "* stands for up to three words"
    )


class Organisation(StrictModel):
    name: Phrase = Field(description="How the bot names it to the visitor, e.g. 'la CAF'")
    variants: Annotated[list[Phrase], Field(min_length=1)] = Field(
        description="How questions name it, e.g. ['caf', \"caisse d'allocations familiales\"] "
                    "(accents and case do not matter; * stands for up to three words)"
    )
    own: bool = Field(
        False, description="true for the organisation the bot knows (the Urssaf): a question that names it "
                           "is never taken for a question about another one"
    )


class OwnSituation(StrictModel):
    phrases: PhraseLists = Field(
        description="Per language, words showing that a question is about the visitor's own case, e.g. "
                    "'mon compte', 'mes cotisations', 'ma declaration' (* stands for up to three words): "
                    "the bot then falls back with the answer below"
    )
    answer: LocalizedText | None = Field(
        None, description="What the bot says to a question about the visitor's own case (default: the fallback)"
    )
    intent: Identifier | None = Field(
        None, description="An intent offered first as 'did you mean…?' then, e.g. talk_to_human"
    )


class Intent(StrictModel):
    id: Identifier = Field(description="Stable id of the intent: statistics and exhibits speaking these intents use it")
    examples: PhraseLists = Field(
        default_factory=dict,
        description=f"Per language, phrases visitors may say (at least {MIN_EXAMPLES} with templates, "
        f"{RECOMMENDED_EXAMPLES} or more recommended)",
    )
    templates: PhraseLists = Field(
        default_factory=dict,
        description="Per language, compact examples: (a|b) picks one, [word] is optional",
    )
    answers: Annotated[dict[LanguageCode, Annotated[list[Answer], Field(min_length=1)]], ShownMarker()] = Field(
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
        0.82, ge=0, le=1,
        description="Minimal confidence (0-1: the engine's estimate that its best answer is right) to answer; "
                    "under it the bot says it did not understand and offers two guesses. Higher: fewer wrong "
                    "answers, more fallbacks (0.82 was chosen by cross-validation: bench/nlu_calibrate.py)"
    )
    margin: float = Field(
        0.01, ge=0, le=1, description="Minimal lead of the best intent's score over the second's; closer: "
                                      "'did you mean…?'"
    )
    fallback: LocalizedText = Field(description="What the bot says when it did not understand")
    suggestions: LocalizedList | None = Field(None, description="Suggested questions, per language (default: the first intents' questions)")
    synonyms: dict[LanguageCode, list[Synonym]] = Field(
        default_factory=dict,
        description="Per language, concepts: words and phrases that mean one thing for the engine, replaced by "
                    "a target word before matching",
    )
    out_of_scope: PhraseLists = Field(
        default_factory=dict,
        description="Per language, questions the bot must NOT answer (weather, other subjects sharing a word "
                    "with an intent…): nearest to one, it falls back",
    )
    organisations: dict[LanguageCode, list[Organisation]] = Field(
        default_factory=dict,
        description="Per language, who a question may be about: the bot's own organisation (own: true) and "
                    "others; a question naming another one (and not its own) falls back, saying so",
    )
    own_situation: OwnSituation | None = Field(
        None, description="Questions about the visitor's own account, contributions or declaration: "
                          "the bot cannot see them and says so",
    )
    intents: Annotated[list[Intent], Field(min_length=1)] = Field(description="What the bot understands")

    def item_counts(self) -> dict[str, int]:
        return {"intents": len(self.intents)}

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
        """Phrases the engine reads the same in two intents, or in an intent and the
        out-of-scope list; examples it could never answer (another organisation…)."""
        from .collisions import check_collisions

        check_collisions(self, report)

    def _check_synonyms(self, report) -> None:
        for lang, synonyms in self.synonyms.items():
            text = " " + " ".join(basic_normalize(p, lang) for i in self.intents for p in i.phrases(lang)) + " "
            for k, synonym in enumerate(synonyms):
                target = basic_normalize(synonym.target, lang)
                if f" {target} " not in text:
                    report.error(("synonyms", lang, k, "target"),
                                 f"unknown synonym target '{synonym.target}': no '{lang}' example uses it")
