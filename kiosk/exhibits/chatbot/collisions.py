"""``check``'s look at a chatbot's phrases as the engine reads them.

Two phrases collide when the engine reads them the same (case, accents, punctuation,
spoken fillers, inflections and concepts aside): in two intents, the engine learns
both answers for one question; in an intent and the out-of-scope list, it learns to
answer and to refuse. An intent example that names another organisation, or speaks
of the visitor's own case, can never be answered (those questions fall back).
"""
from __future__ import annotations

from kiosk.nlu.analysis import Analyzer
from kiosk.nlu.normalize import basic_normalize
from kiosk.nlu.phrases import PhraseFinder


def check_collisions(chatbot, report) -> None:
    languages = sorted({lang for i in chatbot.intents for lang in list(i.examples) + list(i.templates)})
    for lang in languages:
        analyzer = Analyzer(lang, [(v, s.target) for s in chatbot.synonyms.get(lang, []) for v in s.variants])
        analyses: dict = {}

        def read(phrase: str, analyzer=analyzer, analyses=analyses):
            """Each phrase analysed once for both looks (the kiosk checks its content at start)."""
            found = analyses.get(phrase)
            if found is None:
                found = analyses[phrase] = analyzer.analyse(phrase, rescue=False)
            return found

        _intents_and_out_of_scope(chatbot, report, lang, read)
        _named_and_personal(chatbot, report, lang, analyzer, read)
    if chatbot.own_situation and chatbot.own_situation.intent:
        if chatbot.own_situation.intent not in {i.id for i in chatbot.intents}:
            report.error(("own_situation", "intent"), "no_intent", intent=chatbot.own_situation.intent)


def _where(index: int, intent, lang: str, k: int) -> tuple:
    written = len(intent.examples.get(lang, []))
    return ("intents", index, "examples", lang, k) if k < written else ("intents", index, "templates", lang)


def _intents_and_out_of_scope(chatbot, report, lang: str, read) -> None:
    same: dict[str, str] = {}  # exact phrase -> intent
    readings: dict[str, tuple[str, str]] = {}  # engine's reading -> (intent, phrase)
    for index, intent in enumerate(chatbot.intents):
        for k, phrase in enumerate(intent.phrases(lang)):
            exact = basic_normalize(phrase, lang, drop_fillers=False)
            reading = " ".join(read(phrase).stems)
            other = same.setdefault(exact, intent.id)
            if other != intent.id:
                report.error(_where(index, intent, lang, k), "already_example", phrase=phrase, other=other)
                continue
            owner, first = readings.setdefault(reading, (intent.id, phrase))
            if owner != intent.id:
                report.error(_where(index, intent, lang, k), "reads_the_same", phrase=phrase, first=first,
                             owner=owner)
    for k, phrase in enumerate(chatbot.out_of_scope.get(lang, [])):
        other = same.get(basic_normalize(phrase, lang, drop_fillers=False))
        if other is not None:
            report.error(("out_of_scope", lang, k), "also_example", phrase=phrase, other=other)
            continue
        found = readings.get(" ".join(read(phrase).stems))
        if found is not None:
            report.error(("out_of_scope", lang, k), "reads_the_same", phrase=phrase, first=found[1],
                         owner=found[0])


def _named_and_personal(chatbot, report, lang: str, analyzer: Analyzer, read) -> None:
    others = PhraseFinder(analyzer.stem)
    for organisation in chatbot.organisations.get(lang, []):
        if not organisation.own:
            for variant in organisation.variants:
                others.add(analyzer.with_concepts(variant), organisation.name)
    own_names = PhraseFinder(analyzer.stem)
    for organisation in chatbot.organisations.get(lang, []):
        if organisation.own:
            for variant in organisation.variants:
                own_names.add(analyzer.with_concepts(variant), organisation.name)
    personal = PhraseFinder(analyzer.stem)
    for phrase in (chatbot.own_situation.phrases.get(lang, []) if chatbot.own_situation else []):
        personal.add(analyzer.with_concepts(phrase), phrase)
    if not others and not personal:
        return
    for index, intent in enumerate(chatbot.intents):
        for k, phrase in enumerate(intent.phrases(lang)):
            analysis = read(phrase)
            mine = next(personal.find(analysis.words, analysis.stems), None)
            if mine is not None:
                report.error(_where(index, intent, lang, k), "own_case", phrase=phrase, words=mine.value,
                             intent=intent.id)
                continue
            named = next(others.find(analysis.words, analysis.stems), None)
            if named is not None and next(own_names.find(analysis.words, analysis.stems), None) is None:
                report.error(_where(index, intent, lang, k), "other_organisation", phrase=phrase,
                             organisation=named.value, intent=intent.id)
