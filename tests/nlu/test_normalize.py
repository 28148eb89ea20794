"""Normalisation: French and English rules, and other scripts left intact."""
from __future__ import annotations

import pytest

from kiosk.nlu.normalize import Synonyms, basic_normalize, normalize
from kiosk.nlu.templates import TemplateError, expand


@pytest.mark.parametrize("text, expected", [
    ("C'est quoi l'IA générative ?", "ce est quoi le ia generative"),
    ("Qu'est-ce qu'un VOICEBOT ?!", "que est ce que un voicebot"),
    ("t'es qui", "tu es qui"),
    ("slt, c koi l'ia", "salut ce est quoi le ia"),
    ("Ça coûte combien ?", "ca coute combien"),
    ("L’œuvre", "le oeuvre"),
    ("y'a combien de chatbots", "il y a combien de chatbots"),
])
def test_french(text, expected):
    assert basic_normalize(text, "fr") == expected


@pytest.mark.parametrize("text, expected", [
    ("What's a voicebot?", "what is a voicebot"),
    ("I can't log in, don't know why", "i can not log in do not know why"),
    ("r u a bot", "are you a bot"),
    ("The Urssaf's role", "the urssaf role"),
])
def test_english(text, expected):
    assert basic_normalize(text, "en") == expected


def test_korean_is_not_decomposed_or_stripped():
    # Hangul syllables decompose under NFD: removing "accents" must not touch them
    assert basic_normalize("안녕하세요! 챗봇이 뭐예요?", "ko") == "안녕하세요 챗봇이 뭐예요"
    assert basic_normalize("안녕하세요 café", "fr") == "안녕하세요 cafe"


def test_accents_only_dropped_in_french_and_english():
    assert basic_normalize("Café", "de") == "café"


def test_synonyms_whole_words_longest_first():
    syn = Synonyms([("intelligence artificielle", "ia"), ("bot", "robot")])
    assert normalize("L'intelligence artificielle est un bot, pas un chatbot", "fr", syn) == \
        "le ia est un robot pas un chatbot"


def test_templates_expand_alternatives_and_optionals():
    assert sorted(expand("[c'est] (quoi|qu'est-ce que) un robot")) == sorted([
        "c'est quoi un robot", "c'est qu'est-ce que un robot", "quoi un robot", "qu'est-ce que un robot",
    ])
    assert len(expand("(a|b|c|d) (e|f|g|h) (i|j|k|l) (m|n|o)", limit=10)) == 10


@pytest.mark.parametrize("bad", ["(a|b", "a]", "((a|b)|c)", "( | )"])
def test_bad_templates_are_refused(bad):
    with pytest.raises(TemplateError):
        expand(bad)
