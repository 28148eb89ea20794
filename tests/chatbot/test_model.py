"""The chat model without a window: conversation, events, privacy, reset."""
from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import KioskConfig
from kiosk.content.loader import load_content
from kiosk.events import MemorySink
from kiosk.exhibits import exhibit_types
from kiosk.exhibits.base import ExhibitContext
from kiosk.exhibits.chatbot.intents import find_chatbot
from kiosk.services import Services

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT / "exhibits")


def make_model(content, store_text: bool = False):
    loaded = find_chatbot(content)
    config = KioskConfig(kiosk_id="test", staff_pin_hash="x", privacy={"store_chat_text": store_text})
    sink = MemorySink()
    services = Services(config=config, content=content)
    context = ExhibitContext(loaded.id, loaded.version, content.root, ["fr", "en"], sink, services=services)
    return exhibit_types()["chatbot"].model(loaded.definition, context), sink, services


def test_ask_answers_and_records_an_anonymous_event(content):
    model, sink, _ = make_model(content)
    match = model.ask("Combien de chatbots a l'Urssaf ?", "fr")
    assert match.intent == "urssaf_bots_count" and "9 chatbots" in match.answer
    assert model.last.question == "Combien de chatbots a l'Urssaf ?"
    [event] = sink.of_kind("chatbot.asked")
    assert event.exhibit_id == "chatbot" and event.content_version
    assert event.data == {"intent": "urssaf_bots_count", "confidence": pytest.approx(match.confidence, abs=1e-3),
                          "fallback": False, "language": "fr", "source": "typed"}
    assert "text" not in event.data


def test_text_is_recorded_only_when_privacy_allows(content):
    model, sink, _ = make_model(content, store_text=True)
    model.ask("  bonjour   le robot ", "fr", source="suggestion")
    [event] = sink.of_kind("chatbot.asked")
    assert event.data["text"] == "bonjour le robot" and event.data["source"] == "suggestion"


def test_fallback_then_did_you_mean(content):
    model, sink, _ = make_model(content)
    match = model.ask("les usagers et le chatbot", "fr")
    assert match.fallback and len(match.alternatives) == 2
    choice = match.alternatives[0]
    chosen = model.did_you_mean(choice.intent, "fr")
    assert chosen.intent == choice.intent and not chosen.fallback
    assert model.last.question == choice.question and model.last.source == "did_you_mean"
    first, second = sink.of_kind("chatbot.asked")
    assert (first.data["intent"], first.data["fallback"]) == (None, True)
    assert (second.data["intent"], second.data["source"]) == (choice.intent, "did_you_mean")


def test_empty_question_is_ignored(content):
    model, sink, _ = make_model(content)
    assert model.ask("   ", "fr") is None
    assert model.turns == [] and sink.events == []


def test_languages_and_suggestions(content):
    model, _, services = make_model(content)
    assert model.ask("What is a voicebot?", "en").intent == "what_is_voicebot"
    assert model.suggestions("en")[0].startswith("How many chatbots")
    assert any(key.startswith("nlu:chatbot:") for key in services.cache)  # built once, shared


def test_long_question_is_cut_and_reset_forgets(content):
    model, _, _ = make_model(content)
    model.ask("a" * 1000, "fr")
    assert len(model.last.question) == 200
    for _ in range(50):
        model.ask("bonjour", "fr")
    assert len(model.turns) == 40
    model.reset()
    assert model.turns == [] and model.last is None


def test_warm_up_builds_the_engines_in_the_background(content):
    model, _, services = make_model(content)
    assert model.suggestions("fr")[0] == "Combien de chatbots et de voicebots a l'Urssaf ?"  # from the content
    assert services.cache == {}
    model.warm_up(["fr", "en"]).join(timeout=60)
    built = {key for key in services.cache}
    assert built == {"nlu:chatbot:fr", "nlu:chatbot:en"}
    engine = model.engine("fr")
    assert services.cache["nlu:chatbot:fr"][1] is engine  # the question uses the warmed-up engine
