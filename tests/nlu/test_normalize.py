"""Normalisation: French and English rules, and other scripts left intact."""
from __future__ import annotations

import pytest

from kiosk.nlu.analysis import Analyzer
from kiosk.nlu.normalize import basic_normalize
from kiosk.nlu.phrases import PhraseFinder
from kiosk.nlu.stems import stemmer
from kiosk.nlu.templates import TemplateError, expand


@pytest.mark.parametrize("text, expected", [
    ("C'est quoi l'IA générative ?", "ce est quoi le ia generative"),
    ("Qu'est-ce qu'un VOICEBOT ?!", "que est ce que un voicebot"),
    ("t'es qui", "tu es qui"),
    ("slt, c koi l'ia", "salut ce est quoi le ia"),
    ("Ça coûte combien ?", "ca coute combien"),
    ("L’œuvre", "le oeuvre"),
    ("y'a combien de chatbots", "il y a combien de chatbots"),
    ("l urssaf m a preleve", "le urssaf me a preleve"),  # elisions typed without the apostrophe
    ("5 l de lait", "5 l de lait"),  # a lone letter before a consonant stays
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


@pytest.mark.parametrize("text, expected", [
    ("Euh, du coup, c'est quoi l'IA en fait ?", "ce est quoi le ia"),      # spoken fillers
    ("euh", "euh"),                                                         # nothing but a filler stays
    ("L'IA va-t-elle remplacer les agents ?", "le ia va elle remplacer les agents"),  # euphonic t, not "tu es"
    ("t'es en train de m'enregistrer ?", "tu me enregistrer"),             # the progressive says nothing
    ("Pas le nombre de chatbots : le nombre d'usagers", "le nombre de usagers"),   # set aside
    ("Je ne demande pas combien il y en a, mais qui les utilise", "qui les utilise"),
    ("Bonjour, qu'est-ce qu'un voicebot ?", "que est ce que un voicebot"),  # a greeting before a question
    ("Bonjour, ça va ?", "bonjour ca va"),                                 # a greeting stays a greeting
    ("Pas de budget pour l'IA ?", "pas de budget pour le ia"),             # no clause set aside
    ("Combien de voicebots à l'Urssaf, pas le pourcentage ?", "combien de voicebots a le urssaf"),  # a contrast at the end
    ("Je sais que tu es un programme ; je préfère une personne", "je prefere une personne"),  # what they know
    ("Ce n'est pas le taux qui m'intéresse, c'est la technique", "la technique"),
    ("Puisque tu es un robot, je peux parler à quelqu'un ?", "je peux parler a quelqu un"),
    ("je sais pas, c'est quoi l'IA ?", "je sais pas ce est quoi le ia"),   # "je sais pas" is no knowledge set aside
    ("t un humain ou 1 machine", "tu es un humain ou un machine"),
])
def test_french_spoken_and_set_aside(text, expected):
    assert basic_normalize(text, "fr") == expected


@pytest.mark.parametrize("text, expected", [
    ("um, you know, what is AI?", "what is ai"),
    ("Not the chatbot, the voicebot: how many users?", "the voicebot how many users"),
    ("I'm not asking about errors, I'm asking about bias", "i am asking about bias"),
    ("Hello there, what is a voicebot?", "what is a voicebot"),
    ("I know you're a bot, so can I talk to a person?", "can i talk to a person"),
    ("How many users, not how many bots, used it?", "how many users used it"),
    ("What is a voicebot, not the share?", "what is a voicebot"),
    ("I know, thanks, bye", "i know thanks bye"),                          # nothing after: nothing set aside
    ("do ppl save my msgs", "do people save my messages"),
    ("heyyy hiii", "hey hi"),                                               # stretched letters
])
def test_english_spoken_and_set_aside(text, expected):
    assert basic_normalize(text, "en") == expected


def test_fillers_can_be_kept_for_comparing_phrases():
    assert basic_normalize("Euh... bonjour ?", "fr", drop_fillers=False) == "euh bonjour"


def test_concepts_replace_phrases_inflections_and_gaps():
    analyzer = Analyzer("fr", [("intelligence artificielle", "ia"), ("bot", "robot"),
                               ("assistant vocal", "voicebot"), ("robot * au telephone", "voicebot")])
    assert analyzer.analyse("L'intelligence artificielle est un bot et pas un chatbot").text == \
        "le ia est un robot et pas un chatbot"
    assert analyzer.analyse("les assistants vocaux").text == "les voicebot"  # same stems, same beginnings
    assert analyzer.analyse("un robot qui repond au telephone").text == "un voicebot"
    assert analyzer.analyse("un robot qui ne repond jamais vite au telephone").text.startswith("un robot")  # gap > 3


def test_inflections_match_only_when_the_word_starts_the_same():
    finder = PhraseFinder(stemmer("fr"))
    finder.add("cotisants", "usagers")
    words = ["mes", "cotisations"]
    assert list(finder.find(words, [stemmer("fr")(w) for w in words])) == []  # same stem "cotis", another word
    words = ["les", "cotisant"]
    assert [f.value for f in finder.find(words, [stemmer("fr")(w) for w in words])] == ["usagers"]


def test_typo_rescue_is_strict():
    analyzer = Analyzer("fr")
    analyzer.set_vocabulary({"mailbot", "votre", "garder", "intelligence", "urssaf"})
    analysis = analyzer.analyse("c'est quoi le mailbott")
    assert analysis.corrections == {"mailbott": "mailbot"}
    assert analyzer.analyse("ma voiture au garage").corrections == {}  # real words stay what they are
    analysis = analyzer.analyse("lintelligence de lurssaf")
    assert analysis.words == ["le", "intelligence", "de", "le", "urssaf"]
    assert analysis.corrections == {"lintelligence": "l' intelligence", "lurssaf": "l' urssaf"}
    english = Analyzer("en")
    english.set_vocabulary({"ever", "staff"})
    assert english.analyse("my fever and my stuff").corrections == {}


def test_templates_expand_alternatives_and_optionals():
    assert sorted(expand("[c'est] (quoi|qu'est-ce que) un robot")) == sorted([
        "c'est quoi un robot", "c'est qu'est-ce que un robot", "quoi un robot", "qu'est-ce que un robot",
    ])
    assert len(expand("(a|b|c|d) (e|f|g|h) (i|j|k|l) (m|n|o)", limit=10)) == 10


@pytest.mark.parametrize("bad", ["(a|b", "a]", "((a|b)|c)", "( | )"])
def test_bad_templates_are_refused(bad):
    with pytest.raises(TemplateError):
        expand(bad)
