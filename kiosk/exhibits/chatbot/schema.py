"""YAML body of a ``chatbot`` exhibit: intents with examples and answers per language."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from kiosk.content.schema import (
    ExhibitHeader,
    Identifier,
    LanguageCode,
    LocalizedList,
    LocalizedText,
    ShownMarker,
    StrictModel,
    described,
)
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
    target: Phrase = described("Le mot que les exemples emploient pour ce concept, par exemple 'voicebot'",
                               "The word the examples use for the concept, e.g. 'voicebot'")
    variants: Annotated[list[Phrase], Field(min_length=1)] = described(
        "Mots et expressions qui veulent dire la même chose, remplacés par la cible avant la comparaison, par "
        "exemple ['assistant vocal', 'robot * telephone'] ; les formes fléchies sont reconnues aussi (même "
        "racine), * remplace jusqu'à trois mots",
        "Words and phrases that mean the same thing, replaced by the target before matching, e.g. "
        "['assistant vocal', 'robot * telephone']; inflected forms are found too (same stem), "
        "* stands for up to three words",
    )


class Organisation(StrictModel):
    name: Phrase = described("Comment le chatbot la nomme au visiteur, par exemple 'la CAF'",
                             "How the bot names it to the visitor, e.g. 'la CAF'")
    variants: Annotated[list[Phrase], Field(min_length=1)] = described(
        "Comment les questions la nomment, par exemple ['caf', \"caisse d'allocations familiales\"] (les accents "
        "et les majuscules ne comptent pas ; * remplace jusqu'à trois mots)",
        "How questions name it, e.g. ['caf', \"caisse d'allocations familiales\"] "
        "(accents and case do not matter; * stands for up to three words)",
    )
    own: bool = described(
        "true pour l'organisation que le chatbot connaît (l'Urssaf) : une question qui la nomme n'est jamais "
        "prise pour une question sur une autre",
        "true for the organisation the bot knows (the Urssaf): a question that names it "
        "is never taken for a question about another one",
        False,
    )


class OwnSituation(StrictModel):
    phrases: PhraseLists = described(
        "Par langue, les mots qui montrent qu'une question porte sur la situation du visiteur, par exemple "
        "'mon compte', 'mes cotisations', 'ma declaration' (* remplace jusqu'à trois mots) : le chatbot "
        "répond alors par la réponse ci-dessous",
        "Per language, words showing that a question is about the visitor's own case, e.g. "
        "'mon compte', 'mes cotisations', 'ma declaration' (* stands for up to three words): "
        "the bot then falls back with the answer below",
    )
    answer: LocalizedText | None = described(
        "Ce que dit le chatbot à une question sur la situation du visiteur (par défaut : la réponse de repli)",
        "What the bot says to a question about the visitor's own case (default: the fallback)", None,
    )
    intent: Identifier | None = described(
        "Une intention proposée alors en premier dans « Vouliez-vous dire… ? », par exemple talk_to_human",
        "An intent offered first as 'did you mean…?' then, e.g. talk_to_human", None,
    )


class Intent(StrictModel):
    id: Identifier = described(
        "Identifiant stable de l'intention : les statistiques et les modules qui parlent ces intentions l'emploient",
        "Stable id of the intent: statistics and exhibits speaking these intents use it",
    )
    examples: PhraseLists = described(
        f"Par langue, des phrases que les visiteurs peuvent dire (au moins {MIN_EXAMPLES} avec les modèles, "
        f"{RECOMMENDED_EXAMPLES} ou plus recommandées)",
        f"Per language, phrases visitors may say (at least {MIN_EXAMPLES} with templates, "
        f"{RECOMMENDED_EXAMPLES} or more recommended)",
        default_factory=dict,
    )
    templates: PhraseLists = described(
        "Par langue, des exemples en abrégé : (a|b) en choisit un, [mot] est facultatif",
        "Per language, compact examples: (a|b) picks one, [word] is optional",
        default_factory=dict,
    )
    answers: Annotated[dict[LanguageCode, Annotated[list[Answer], Field(min_length=1)]], ShownMarker()] = described(
        f"Par langue, une ou plusieurs réponses ({ANSWER_MAX} caractères au plus), données tour à tour",
        f"Per language, one or more answers (at most {ANSWER_MAX} characters), given in turn",
    )
    question: LocalizedText | None = described(
        "La question montrée sur un bouton « Vouliez-vous dire… ? » (par défaut : le premier exemple)",
        "The question shown on a 'did you mean…?' button (default: the first example)", None,
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
    threshold: float = described(
        "Confiance minimale (0-1 : l'estimation par le moteur que sa meilleure réponse est juste) pour "
        "répondre ; en dessous, le chatbot dit qu'il n'a pas compris et propose deux questions. Plus haut : "
        "moins de réponses fausses, plus de replis (0.81 a été choisi par validation croisée : "
        "bench/nlu_calibrate.py)",
        "Minimal confidence (0-1: the engine's estimate that its best answer is right) to answer; "
        "under it the bot says it did not understand and offers two guesses. Higher: fewer wrong "
        "answers, more fallbacks (0.81 was chosen by cross-validation: bench/nlu_calibrate.py)",
        0.81, ge=0, le=1,
    )
    margin: float = described(
        "Avance minimale du score de la meilleure intention sur la deuxième ; plus proches : « Vouliez-vous dire… ? »",
        "Minimal lead of the best intent's score over the second's; closer: 'did you mean…?'", 0.0, ge=0, le=1,
    )
    fallback: LocalizedText = described("Ce que dit le chatbot quand il n'a pas compris",
                                        "What the bot says when it did not understand")
    suggestions: LocalizedList | None = described(
        "Questions suggérées, par langue (par défaut : les questions des premières intentions)",
        "Suggested questions, per language (default: the first intents' questions)", None,
    )
    synonyms: dict[LanguageCode, list[Synonym]] = described(
        "Par langue, les concepts : des mots et des expressions qui veulent dire une seule chose pour le moteur, "
        "remplacés par un mot cible avant la comparaison",
        "Per language, concepts: words and phrases that mean one thing for the engine, replaced by "
        "a target word before matching",
        default_factory=dict,
    )
    out_of_scope: PhraseLists = described(
        "Par langue, des questions auxquelles le chatbot ne doit PAS répondre (la météo, d'autres sujets qui "
        "partagent un mot avec une intention…) : quand la question en est la plus proche, il donne la réponse "
        "de repli",
        "Per language, questions the bot must NOT answer (weather, other subjects sharing a word "
        "with an intent…): nearest to one, it falls back",
        default_factory=dict,
    )
    organisations: dict[LanguageCode, list[Organisation]] = described(
        "Par langue, qui une question peut concerner : l'organisation du chatbot (own: true) et les autres ; "
        "une question qui en nomme une autre (et pas la sienne) reçoit la réponse de repli, qui le dit",
        "Per language, who a question may be about: the bot's own organisation (own: true) and "
        "others; a question naming another one (and not its own) falls back, saying so",
        default_factory=dict,
    )
    own_situation: OwnSituation | None = described(
        "Les questions sur le compte, les cotisations ou la déclaration du visiteur : le chatbot ne peut pas "
        "les voir et le dit",
        "Questions about the visitor's own account, contributions or declaration: "
        "the bot cannot see them and says so",
        None,
    )
    intents: Annotated[list[Intent], Field(min_length=1)] = described("Ce que le chatbot comprend",
                                                                      "What the bot understands")

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
                report.error(("intents", index, "id"), "duplicate_intent", id=intent.id, first=seen_ids[intent.id])
            seen_ids.setdefault(intent.id, index)
            self._check_intent(report, index, intent)
        for lang in report.languages:
            if lang not in self.fallback:
                report.error(("fallback",), "fallback_missing", language=lang)
        self._check_duplicates(report)
        self._check_synonyms(report)

    def _check_intent(self, report, index: int, intent: Intent) -> None:
        for lang in report.languages:
            if lang not in intent.examples and lang not in intent.templates:
                report.error(("intents", index, "examples"), "no_examples", intent=intent.id, language=lang)
                continue
            if lang not in intent.answers or not intent.answers[lang]:
                report.error(("intents", index, "answers"), "no_answer", intent=intent.id, language=lang)
            count = len(intent.phrases(lang))
            where = ("intents", index, "examples", lang) if lang in intent.examples else ("intents", index, "templates", lang)
            if count < MIN_EXAMPLES:
                report.error(where, "too_few_examples", intent=intent.id, count=count, language=lang,
                             minimum=MIN_EXAMPLES)
            elif count < RECOMMENDED_EXAMPLES:
                report.warning(where, "few_examples", intent=intent.id, count=count, language=lang,
                               recommended=RECOMMENDED_EXAMPLES)
        for lang, templates in intent.templates.items():
            for k, template in enumerate(templates):
                try:
                    expand(template)
                except TemplateError as exc:
                    report.error(("intents", index, "templates", lang, k),
                                 "template_unbalanced" if exc.kind == "unbalanced" else "template_empty_alternatives",
                                 **exc.values)

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
                    report.error(("synonyms", lang, k, "target"), "unknown_synonym_target",
                                 target=synonym.target, language=lang)
