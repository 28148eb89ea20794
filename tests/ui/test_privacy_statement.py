"""What the kiosk says it keeps follows its privacy settings, on the real screens, by
touch: the info page, the chatbot's answer and the quiz card say the same thing, and it
changes when a setting that keeps text is switched on. Screenshots: privacy-*.png."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kiosk.config import PrivacyConfig
from kiosk.privacy import statement
from kiosk.typography import typeset

pytestmark = pytest.mark.ui

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = {
    "default": {},
    "chat-text": {"store_chat_text": True},
    "chat-and-voice-text": {"store_chat_text": True, "store_voice_text": True},
}


def told(settings: dict, lang: str) -> str:
    """The statement as the screen shows it."""
    return typeset(statement(PrivacyConfig(**settings), lang), lang)


def shows(k, text: str) -> bool:
    return any(text in shown for shown in k.texts())


@pytest.mark.parametrize("name", list(SETTINGS))
def test_the_statement_follows_the_privacy_settings(kiosk, name):
    settings = SETTINGS[name]
    others = [s for n, s in SETTINGS.items() if n != name]
    k = kiosk(privacy=settings)

    # the exhibition's page about privacy
    k.tap(k.screen)
    k.tap(k.find_text("L'exposition", exact=True))
    for _ in range(2):
        k.tap(k.find(lambda w: getattr(w, "text", None) == "›"))
    assert shows(k, "Ce que cette borne garde de votre visite")
    assert shows(k, told(settings, "fr")), k.texts()
    assert not any(shows(k, told(other, "fr")) for other in others)
    assert not shows(k, "{privacy}")
    k.screenshot(f"privacy-info-{name}-fr")

    # the same, in English, at once
    k.tap(k.find_text("EN", exact=True))
    assert shows(k, told(settings, "en"))
    k.tap(k.find_text("FR", exact=True))

    # the chatbot, asked by touch, answers with the same statement
    k.tap(k.find_text("‹ Accueil"))
    k.tap(k.find_text("Parlez au mini-chatbot", exact=True))
    k.tap_text(typeset("Est-ce que tu enregistres ce que je tape ?", "fr"), exact=True)
    k.wait_until(lambda: k.screen.model.last is not None, what="the answer")
    assert k.screen.model.last.match.intent == "kiosk_privacy"
    assert shows(k, told(settings, "fr")), k.texts()
    k.screenshot(f"privacy-chatbot-{name}-fr")


def test_the_quiz_card_about_the_kiosk_tells_the_statement_and_fits_at_800x480(kiosk, content_copy):
    """The longest statement (both text settings on) on the card that refutes "this kiosk
    sends your voice over the internet", on the narrowest screen."""
    quiz_file = content_copy / "mythes.yaml"
    quiz = yaml.safe_load(quiz_file.read_text(encoding="utf-8"))
    quiz["items"] = [item for item in quiz["items"] if item["id"] == "borne-internet"]
    quiz["draw"] = 1
    quiz_file.write_text(yaml.safe_dump(quiz, allow_unicode=True), encoding="utf-8")
    settings = SETTINGS["chat-and-voice-text"]
    k = kiosk(content_copy, size=(800, 480), privacy=settings)

    k.tap(k.screen)
    k.tap(k.find_text(typeset("Mythe ou réalité ?", "fr"), exact=True))
    screen = k.screen
    k.tap_text("Commencer", exact=True)
    k.wait_until(lambda: screen.phase == "question" and screen.turn == 1.0, what="the question")
    k.tap_text("‹  Mythe", exact=True)
    k.wait_until(lambda: screen.phase == "answered" and screen.turn == 1.0, what="the answer")
    k.pump(frames=3)
    [explanation] = [w for w in k.widgets() if getattr(w, "text", "").startswith("La reconnaissance vocale")]
    assert told(settings, "fr") in explanation.text
    assert "{privacy}" not in explanation.text
    # the whole text is drawn inside the window (the card shrinks its font to fit)
    explanation.texture_update()
    x, y = explanation.to_window(explanation.x, explanation.y)
    assert y >= 0 and y + explanation.height <= 480 and x >= 0 and x + explanation.width <= 800
    assert explanation.texture_size[1] <= explanation.height + 1, "the text is cut"
    k.screenshot("privacy-myths-card-800x480")
