"""The intent engine on the shipped Urssaf chatbot, and on a small Korean one."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
import pytest

from kiosk.content.loader import load_content
from kiosk.exhibits.chatbot.intents import build_engine, engine_for, find_chatbot

ROOT = Path(__file__).resolve().parents[2]

#: the intents the exhibition brief requires, with exactly these ids
REQUIRED_INTENTS = {
    "greeting", "thanks_goodbye", "bot_identity", "how_chatbot_works", "what_is_ai", "generative_ai",
    "what_is_voicebot", "urssaf_bots_count", "chatbot_usage_2023", "understanding_rate", "voicebot_share",
    "mailbot", "ai_replace_jobs", "data_security", "kiosk_privacy", "ai_mistakes", "ai_bias", "daily_use",
    "deployment_2027", "since_when", "budget", "talk_to_human", "exhibition_info", "urssaf_mission",
    "large_companies", "minister_visit",
}


@pytest.fixture(scope="module")
def chatbot():
    content = load_content(ROOT / "exhibits")
    loaded = find_chatbot(content)
    assert loaded is not None, [str(d) for d in content.errors]
    return loaded.definition


@pytest.fixture(scope="module")
def engines(chatbot):
    return {lang: build_engine(chatbot, lang) for lang in ("fr", "en")}


def test_every_required_intent_in_both_languages(chatbot, engines):
    for lang, engine in engines.items():
        assert set(engine.intents) >= REQUIRED_INTENTS, lang


@pytest.mark.parametrize("lang, text, intent", [
    ("fr", "Combien de chatbots a l'Urssaf ?", "urssaf_bots_count"),
    ("fr", "c koi un voicebot", "what_is_voicebot"),          # SMS spelling
    ("fr", "lintelligence artificielle va t elle remplacer les agents", "ai_replace_jobs"),
    ("fr", "est ce que tu enregistre ma voix", "kiosk_privacy"),  # spelling mistakes
    ("fr", "je veux parler a un conseiller", "talk_to_human"),
    ("en", "how many bots does the urssaf use", "urssaf_bots_count"),
    ("en", "will AI take my job?", "ai_replace_jobs"),
    ("en", "can I talk to a person?", "talk_to_human"),
])
def test_understands(engines, lang, text, intent):
    match = engines[lang].match(text)
    assert (match.intent, match.fallback) == (intent, False), match.to_json()
    assert match.confidence >= match.threshold
    assert match.answer in engines[lang].intents[intent].answers


@pytest.mark.parametrize("lang, text", [
    ("fr", "quel temps fera-t-il demain"),
    ("fr", ""),
    ("fr", "!!!"),
    ("fr", "une recette de tartiflette facile"),   # nothing the bot knows
    ("fr", "quel budget prevoir pour un weekend a la montagne"),  # shares 'budget' with an intent
    ("en", "who won the rugby match"),
])
def test_out_of_scope_falls_back(engines, lang, text, chatbot):
    match = engines[lang].match(text)
    assert match.fallback and match.intent is None, match.to_json()
    assert match.answer == chatbot.fallback[lang]
    assert match.reason in {"empty", "low_confidence", "unknown_words", "too_close", "out_of_scope"}


@pytest.mark.parametrize("lang, text, about", [
    ("fr", "combien je dois à l'urssaf pour ma société ?", "combien je dois"),
    ("fr", "Où en est ma déclaration trimestrielle ?", "ma declaration"),
    ("en", "what is my account balance", "my account"),
])
def test_the_visitors_own_case_gets_the_guidance_and_a_person(engines, chatbot, lang, text, about):
    match = engines[lang].match(text)
    assert (match.fallback, match.reason, match.about) == (True, "own_situation", about), match.to_json()
    assert match.answer == chatbot.own_situation.answer[lang]
    assert match.alternatives[0].intent == "talk_to_human"


@pytest.mark.parametrize("lang, text, name", [
    ("fr", "Combien de chatbots a la MSA ?", "la MSA"),
    ("fr", "la dgfip a-t-elle un voicebot", "les impôts"),
    ("fr", "le chatbot de ma banque a combien d'utilisateurs", "une banque"),
    ("en", "How many chatbots does the CAF have?", "the CAF"),
])
def test_another_organisation_falls_back_saying_so(engines, lang, text, name):
    match = engines[lang].match(text)
    assert (match.fallback, match.reason, match.about) == (True, "other_organisation", name), match.to_json()
    assert match.own_organisation in ("l'Urssaf", "the Urssaf")
    assert match.alternatives  # still two guesses: the visitor may have meant the Urssaf


def test_naming_the_urssaf_too_is_a_question_about_the_urssaf(engines):
    match = engines["fr"].match("la CAF et l'Urssaf, combien de chatbots a l'Urssaf ?")
    assert match.reason != "other_organisation"


@pytest.mark.parametrize("text", ["quoi de neuf", "les usagers et le chatbot"])
def test_fallback_offers_two_guesses_with_questions(engines, text):
    match = engines["fr"].match(text)
    assert match.fallback and match.reason in {"low_confidence", "too_close", "unknown_words", "out_of_scope"}, \
        match.to_json()
    assert len(match.alternatives) == 2
    for alt in match.alternatives:
        assert alt.intent in REQUIRED_INTENTS and alt.question and 0 <= alt.score <= 1


def test_explanation_fields(engines):
    match = engines["fr"].match("C'est quoi l'IA générative ?")
    data = match.to_json()
    json.dumps(data)
    assert match.normalized == "ce est quoi le ia generative"
    assert match.closest_example and "generative" in match.closest_example
    assert {"ia", "generative"} <= set(match.shared_terms)
    assert all(a.intent != match.intent for a in match.alternatives)
    assert [a.score for a in match.alternatives] == sorted((a.score for a in match.alternatives), reverse=True)
    for key in ("intent", "confidence", "answer", "fallback", "alternatives", "normalized", "closest_example",
                "shared_terms", "threshold", "margin"):
        assert key in data


def test_typo_rescue_is_reported(engines):
    match = engines["fr"].match("c'est quoi le mailbott")
    assert match.intent == "mailbot"
    assert match.corrections == {"mailbott": "mailbot"}


def test_too_close_falls_back_with_a_margin(chatbot):
    strict = build_engine(chatbot.model_copy(update={"margin": 0.9}), "fr")
    match = strict.match("combien de chatbots a l'urssaf")
    assert match.fallback and match.reason == "too_close"
    assert match.best_intent == "urssaf_bots_count"


def test_answers_are_given_in_turn(engines):
    first = engines["fr"].match("bonjour").answer
    second = engines["fr"].match("bonjour").answer
    assert first != second  # the greeting has two answers


def test_did_you_mean_choice(engines):
    match = engines["en"].choose("mailbot")
    assert (match.intent, match.fallback) == ("mailbot", False)
    assert match.answer in engines["en"].intents["mailbot"].answers


def test_fast_query_path_matches_scikit_learn(engines):
    engine = engines["fr"]
    for text in ("ce est quoi le ia", "combien de robots", "zzz", "bonjour le chatbot comment ca va"):
        analysis = engine.analyse(text)
        reference = engine._vectorize([analysis]).toarray().ravel()
        idx, vals = engine.query_vector(analysis)
        mine = np.zeros_like(reference)
        mine[idx] = vals
        assert np.allclose(mine, reference)


def test_phrases_and_suggestions(engines, chatbot):
    phrases = engines["fr"].phrases()
    assert "qu'est-ce qu'un voicebot" in phrases
    assert all(p == p.lower() and "?" not in p for p in phrases)
    assert engines["fr"].suggestions() == chatbot.suggestions["fr"]
    for lang, engine in engines.items():
        for question in engine.suggestions():
            assert not engine.match(question).fallback, (lang, question)


def test_engine_for_builds_once_per_definition_and_language(chatbot):
    cache: dict = {}
    fr = engine_for(chatbot, "fr", cache)
    assert engine_for(chatbot, "fr", cache) is fr
    assert engine_for(chatbot, "en", cache) is not fr
    other = chatbot.model_copy()
    assert engine_for(other, "fr", cache) is not fr  # a reloaded definition gets a new engine
    assert engine_for(chatbot, "de", cache).language == "en"  # unknown language: the chatbot's first


KOREAN = textwrap.dedent("""\
    id: korean-bot
    type: chatbot
    title: {ko: 챗봇}
    summary: {ko: 작은 챗봇}
    fallback: {ko: 잘 모르겠어요}
    intents:
      - id: greeting
        examples: {ko: [안녕하세요, 안녕, 반가워요, 안녕하십니까]}
        answers: {ko: [안녕하세요! 무엇을 도와드릴까요?]}
      - id: what_is_ai
        examples: {ko: [인공지능이 뭐예요, 인공지능이란 무엇인가요, 에이아이가 뭐야, 인공지능 설명해 주세요]}
        answers: {ko: [인공지능은 데이터로 배우는 프로그램입니다.]}
      - id: thanks_goodbye
        examples: {ko: [감사합니다, 고마워요, 안녕히 계세요, 잘 가요]}
        answers: {ko: [감사합니다!]}
    """)


def test_korean_content(tmp_path):
    (tmp_path / "exhibition.yaml").write_text(textwrap.dedent("""\
        name: {ko: 전시}
        version: "1"
        languages: [ko]
        attract: {title: {ko: 전시}, subtitle: {ko: 환영}, touch: {ko: 터치}}
        """), encoding="utf-8")
    (tmp_path / "bot.yaml").write_text(KOREAN, encoding="utf-8")
    content = load_content(tmp_path)
    assert content.errors == [], [str(d) for d in content.errors]
    engine = engine_for(find_chatbot(content, "korean-bot").definition, "ko")
    assert engine.match("인공지능이 뭐예요?").intent == "what_is_ai"
    assert engine.match("안녕하세요").intent == "greeting"
    assert engine.match("오늘 날씨 어때요").fallback
    assert "인공지능이 뭐예요" in engine.phrases()


def test_confidence_is_the_probability_of_being_right(engines):
    """The confidence is a probability; answered questions reach the threshold, and the
    questions it refuses for doubt stay under it."""
    engine = engines["fr"]
    for text in ("c'est quoi un voicebot", "les usagers et le chatbot", "une recette de tartiflette", "bonjour"):
        match = engine.match(text)
        assert 0.0 <= match.confidence <= 1.0
        if match.fallback and match.reason in ("low_confidence", "unknown_words", "out_of_scope"):
            assert match.confidence < match.threshold, match.to_json()
        elif not match.fallback:
            assert match.confidence >= match.threshold, match.to_json()


def test_the_confidence_model_decides(chatbot):
    from dataclasses import replace

    from kiosk.exhibits.chatbot.intents import engine_inputs
    from kiosk.nlu.confidence import FEATURES, ConfidenceModel
    from kiosk.nlu.engine import IntentEngine, Tuning

    specs, settings = engine_inputs(chatbot, "fr")
    zeros = (0.0,) * len(FEATURES)
    doubtful = IntentEngine(specs, settings, replace(Tuning(), confidence=ConfidenceModel(zeros, -10.0)))
    match = doubtful.match("combien de chatbots a l'urssaf")
    assert match.fallback and match.best_intent == "urssaf_bots_count" and match.confidence < 0.001
    sure = IntentEngine(specs, replace(settings, margin=0.0), replace(Tuning(), confidence=ConfidenceModel(zeros, 10.0)))
    assert sure.match("combien de chatbots a l'urssaf").intent == "urssaf_bots_count"
    with pytest.raises(ValueError):
        ConfidenceModel((1.0, 2.0), 0.0)


def test_short_content_words_are_topic_words(engines):
    """'ia' is short but says what the question is about: known, it counts for the question."""
    engine = engines["fr"]
    analysis = engine.analyse("j'ai la berlue que l'ia")
    assert "ia" in [w for w, _ in engine.topic_words(analysis)]
    assert engine.unknown_share(analysis) == 0.5  # "berlue" unknown, "ia" known
