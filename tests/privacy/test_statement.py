"""The privacy statement: what the kiosk keeps, from its settings, told the same way
wherever the content says it; the register matches the events the kiosk really records."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kiosk.config import KioskConfig, PrivacyConfig
from kiosk.content.loader import load_content
from kiosk.content.placeholders import fill, names_in, substitute
from kiosk.events import MemorySink
from kiosk.exhibits import catalogue
from kiosk.exhibits.base import ExhibitContext
from kiosk.privacy import FREE_TEXT, free_text_settings, placeholders, statement, what_is_kept
from kiosk.privacy.register import recorded
from kiosk.privacy.statement import STRINGS
from kiosk.services import Services

ROOT = Path(__file__).resolve().parents[2]
OFF = PrivacyConfig()
CHAT = PrivacyConfig(store_chat_text=True)
VOICE = PrivacyConfig(store_voice_text=True)
BOTH = PrivacyConfig(store_chat_text=True, store_voice_text=True)


def test_what_is_kept_follows_the_settings():
    def free(p):
        return {(f.event, f.field) for f in what_is_kept(p) if f.privacy == FREE_TEXT}

    assert free(OFF) == set() and free(None) == set()
    assert free(CHAT) == {("chatbot.asked", "text")}
    assert free(VOICE) == {("voice.utterance", "text")}
    assert free(BOTH) == {("chatbot.asked", "text"), ("voice.utterance", "text")}
    assert free_text_settings(OFF) == [] and free_text_settings(BOTH) == ["store_chat_text", "store_voice_text"]
    anonymous = {(f.event, f.field) for f in what_is_kept(OFF)}
    assert anonymous == {(f.event, f.field) for f in what_is_kept(BOTH) if f.privacy != FREE_TEXT}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_statement_never_promises_more_than_the_settings(language):
    says = {p: statement(p, language) for p in (OFF, CHAT, VOICE, BOTH)}
    not_kept = {"fr": "Le texte de ce que vous tapez ou dites n'est pas gardé.",
                "en": "The text of what you type or say is not kept."}[language]
    typed = {"fr": "le texte des questions tapées au chatbot", "en": "the text of the questions typed to the chatbot"}
    spoken = {"fr": "le texte reconnu de ce que vous dites au voicebot",
              "en": "the recognised text of what you say to the voicebot"}
    anonymously = {"fr": "de façon anonyme", "en": "anonymously"}[language]

    assert not_kept in says[OFF] and anonymously in says[OFF]
    for p in (CHAT, VOICE, BOTH):
        assert not_kept not in says[p] and anonymously not in says[p], p
    assert typed[language] in says[CHAT] and spoken[language] not in says[CHAT]
    assert spoken[language] in says[VOICE] and typed[language] not in says[VOICE]
    assert typed[language] in says[BOTH] and spoken[language] in says[BOTH]
    # what is always true, in every case: no sound kept, and the anonymous figures listed
    for text in says.values():
        assert {"fr": "Le son de votre voix n'est jamais enregistré.",
                "en": "The sound of your voice is never recorded."}[language] in text
        for kind in ("visit_started", "myths.answered", "chatbot.asked", "voice.utterance"):
            assert catalogue().get(kind).visitors(language) in text


def test_every_topic_kept_is_told_in_every_language():
    for f in recorded():
        assert f.topic.fr and f.topic.en, (f.event, f.field)
    free = [f for f in recorded() if f.privacy == FREE_TEXT]
    assert free and all(f.setting and f.topic not in {k.visitors for k in catalogue()} for f in free)
    for key, entry in _strings().items():
        assert set(entry) == {"fr", "en"}, key


def test_the_placeholder_gives_one_text_per_language():
    values = placeholders(CHAT, ["fr", "en"])
    assert values == {"privacy": {"fr": statement(CHAT, "fr"), "en": statement(CHAT, "en")}}
    assert names_in("Voir {privacy} et {autre}.") == ["privacy", "autre"]
    assert substitute("Voir {privacy}. {autre}", "fr", values) == f"Voir {statement(CHAT, 'fr')}. {{autre}}"
    assert substitute("See {privacy}", "de", values) == f"See {statement(CHAT, 'fr')}"  # a value's first language


def test_fill_puts_the_statement_in_every_text_that_asks_for_it():
    content = load_content(ROOT / "exhibits")
    before = {e.id: e.definition for e in content.exhibits}
    fill(content, placeholders(BOTH, content.exhibition.languages))
    info = content.exhibit("bienvenue").definition
    quiz = content.exhibit("mythes").definition
    chatbot = content.exhibit("chatbot").definition
    privacy_answer = next(i for i in chatbot.intents if i.id == "kiosk_privacy")
    card = next(s for s in quiz.items if s.id == "borne-internet")
    for lang in ("fr", "en"):
        told = statement(BOTH, lang)
        assert told in info.pages[2].text[lang]
        assert told in card.explanation[lang]
        assert told in privacy_answer.answers[lang][0]
        assert "{privacy}" not in privacy_answer.answers[lang][0]
    # definitions without a placeholder are kept as they are (their engines stay cached)
    assert content.exhibit("voicebot").definition is before["voicebot"]
    assert chatbot.intents[0] is before["chatbot"].intents[0]
    assert before["bienvenue"].pages[2].text["fr"].count("{privacy}") == 1, "the loaded content is not changed"


# --- the register lists what the kiosk really records ---------------------------------------

def _context(sink, exhibit_id, config=None, content=None):
    services = Services(config=config, content=content)
    return ExhibitContext(exhibit_id, "v", ROOT / "exhibits", ["fr", "en"], sink, services=services)


def test_every_field_the_kiosk_records_is_in_the_register():
    from kiosk.exhibits.chatbot.model import ChatbotModel
    from kiosk.exhibits.info.model import InfoModel
    from kiosk.exhibits.myths.model import MythsModel
    from kiosk.exhibits.voicebot.model import VoicebotModel
    from kiosk.visit import VisitTracker
    from kiosk.voice.recognizer import Transcript
    from kiosk.voice.runtime import VoiceRuntime
    from kiosk.voice.session import VoiceSession
    from kiosk.voice.understanding import Heard

    config = KioskConfig.model_validate({"kiosk_id": "t", "staff_pin_hash": "x",
                                         "privacy": {"store_chat_text": True, "store_voice_text": True}})
    content = load_content(ROOT / "exhibits")
    sink = MemorySink()

    visit = VisitTracker(sink, 90)
    visit.start("fr")
    visit.language_changed("en")
    visit.exhibit_opened("bienvenue", "info", "v")
    visit.exhibit_closed()
    visit.end("idle")

    InfoModel(content.exhibit("bienvenue").definition, _context(sink, "bienvenue")).go(1)

    quiz = MythsModel(content.exhibit("mythes").definition, _context(sink, "mythes"))
    quiz.start("fr")
    while quiz.phase != "finished":
        quiz.answer("myth")
        quiz.next()
    quiz.start("fr")
    quiz.answer("fact")
    quiz.reset()  # a quiz left half-way: abandoned

    chatbot = ChatbotModel(content.exhibit("chatbot").definition, _context(sink, "chatbot", config))
    chatbot.ask("bonjour", "fr")

    voice = VoicebotModel(content.exhibit("voicebot").definition, _context(sink, "voicebot", config, content),
                          VoiceSession(VoiceRuntime({}, microphones=lambda: [])))
    voice.language = "fr"
    voice._record(Heard("understood", "bonjour", "greeting", 0.9, "Bonjour !"), Transcript("bonjour", 1.2))

    recorded_fields = {(e.kind, name) for e in sink.events for name in (e.data or {})}
    listed = {(f.event, f.field) for f in recorded()}
    assert recorded_fields - listed == set(), "a field the kiosk records is missing from the event catalogue"
    kinds = {e.kind for e in sink.events}
    assert {"visit_started", "language_changed", "visit_ended", "exhibit_opened", "exhibit_closed",
            "info.page_viewed", "myths.answered", "myths.finished", "myths.abandoned",
            "chatbot.asked", "voice.utterance"} <= kinds
    assert {(f.event, f.field) for f in recorded() if f.privacy == FREE_TEXT} <= recorded_fields


def _strings() -> dict:
    return yaml.safe_load(STRINGS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("guide, language", [("redaction.md", "fr"), ("editorial-guide.md", "en")])
def test_the_editorial_guide_quotes_the_statement_the_kiosk_shows(guide, language):
    text = (ROOT / "docs" / "organisers" / guide).read_text(encoding="utf-8")
    assert f"> {statement(OFF, language)}\n" in text, "update the quote in the guide"
