"""The chatbot exhibit in the real kiosk window (Xvfb), by touch, in both languages.

Typing on the on-screen keyboard, a suggested question, a fallback with its "did you
mean…?" buttons, the explanation panel; screenshots go to artifacts/screens/.
"""
from __future__ import annotations

import pytest

from kiosk.i18n import Translations

pytestmark = pytest.mark.ui

STRINGS = Translations.load(("chatbot",))
TITLE = {"fr": "Parlez au mini-chatbot", "en": "Talk to the mini-chatbot"}


def t(key: str, lang: str, **values) -> str:
    return STRINGS.t(key, lang, **values)


def shown(text: str, lang: str) -> str:
    """A text as the screen shows it (French typography: no-break spaces before ? ! : ;)."""
    from kiosk.typography import typeset

    return typeset(text, lang)


def open_chatbot(k, lang: str):
    if lang == "en":
        k.tap(k.find_text("EN", exact=True))
    k.tap(k.screen)  # leave the attract screen
    k.tap(k.find_text(TITLE[lang], exact=True))
    assert k.screen_name == "exhibit:chatbot"
    return k.screen


def key(k, screen, name: str):
    """The on-screen key for a character or a special key."""
    return k.find(lambda w: getattr(w, "key", None) == name and w.__class__.__name__ == "ChatKey",
                  root=screen.ids.keyboard)


def type_on_keyboard(k, screen, text: str) -> None:
    from kiosk.exhibits.chatbot import keyboard

    for char in text:
        if char == " ":
            k.tap(key(k, screen, keyboard.SPACE))
            continue
        try:
            k.tap(key(k, screen, char))
        except AssertionError:  # on the other layer (digits, accents in English)
            k.tap(key(k, screen, keyboard.LAYER))
            k.tap(key(k, screen, char))
            k.tap(key(k, screen, keyboard.LAYER))


QUESTIONS = {
    "fr": ("c'est quoi un voicebot", "what_is_voicebot", "les usagers et le chatbot"),
    "en": ("will ai take my job", "ai_replace_jobs", "tell me about voicebots"),
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_chat_by_touch(lang, kiosk):
    k = kiosk()
    screen = open_chatbot(k, lang)
    texts = k.texts()
    assert t("chatbot.panel_title", lang) in texts and t("chatbot.panel_empty", lang) in texts
    suggestions = screen.model.suggestions(lang)
    for question in suggestions:
        assert shown(question, lang) in texts
    k.screenshot(f"chatbot-start-{lang}")

    # 1. typing on the on-screen keyboard: AZERTY in French, QWERTY in English
    k.tap(screen.ids.field)
    assert screen.keyboard_open
    first_row = [w.key for w in reversed(screen.ids.keyboard.children[-1].children)]
    assert "".join(first_row[:6]) == ("azerty" if lang == "fr" else "qwerty")
    typed, intent, unclear = QUESTIONS[lang]
    type_on_keyboard(k, screen, typed[:-1] + "x")
    k.tap(key(k, screen, "{backspace}"))
    type_on_keyboard(k, screen, typed[-1])
    assert screen.draft == typed
    k.screenshot(f"chatbot-keyboard-{lang}")
    k.tap(key(k, screen, "{send}"))
    assert not screen.keyboard_open and screen.draft == ""
    match = screen.model.last.match
    assert match.intent == intent
    texts = k.texts()
    assert typed in texts and shown(match.answer, lang) in texts
    # the explanation panel: verdict, normalised sentence, closest example, confidence, runner-ups
    explanation = screen.explanation
    assert t("chatbot.verdict_understood", lang, intent=intent) in texts
    assert explanation.read_as in texts and explanation.closest in texts and explanation.shared in texts
    assert t("chatbot.confidence", lang, percent=round(100 * match.confidence),
             threshold=round(100 * match.threshold)) in texts
    assert t("chatbot.runner_ups", lang) in texts
    runner = match.alternatives[0]
    assert any(x.startswith(shown(runner.question, lang)) for x in texts)
    assert t("chatbot.quote", lang, text=match.normalized) == explanation.read_as
    bar = screen.ids.panel.ids.confidence_bar
    assert bar.value == pytest.approx(match.confidence) and bar.threshold == match.threshold
    k.screenshot(f"chatbot-answer-{lang}")

    # 2. a suggested question
    k.tap_text(shown(suggestions[0], lang), exact=True)
    assert screen.model.last.source == "suggestion" and not screen.model.last.match.fallback
    assert shown(screen.model.last.match.answer, lang) in k.texts()

    # 3. a fallback with its two "did you mean…?" buttons
    k.tap(screen.ids.field)
    type_on_keyboard(k, screen, unclear)
    k.tap(key(k, screen, "{send}"))
    match = screen.model.last.match
    assert match.fallback and len(match.alternatives) == 2
    texts = k.texts()
    assert shown(match.answer, lang) in texts and t("chatbot.did_you_mean", lang) in texts
    assert t(f"chatbot.verdict_{match.reason}", lang) in texts
    for alt in match.alternatives:
        assert shown(alt.question, lang) in texts
    k.screenshot(f"chatbot-did-you-mean-{lang}")
    choice = match.alternatives[1]
    k.tap_text(shown(choice.question, lang), exact=True)
    last = screen.model.last
    assert last.source == "did_you_mean" and last.match.intent == choice.intent
    assert shown(last.match.answer, lang) in k.texts()
    assert t("chatbot.verdict_chosen", lang, intent=choice.intent) in k.texts()
    assert t("chatbot.suggestions", lang) in k.texts()  # back to the suggested questions
    k.screenshot(f"chatbot-chosen-{lang}")

    # statistics: one anonymous event per question, never its text (privacy setting off)
    asked = k.app_kwargs["events"].of_kind("chatbot.asked")
    assert [(e.data["source"], e.data["fallback"]) for e in asked] == [
        ("typed", False), ("suggestion", False), ("typed", True), ("did_you_mean", False)]
    assert all("text" not in e.data and e.visit_id and e.exhibit_id == "chatbot" for e in asked)
    assert asked[0].data["intent"] == intent and asked[2].data["intent"] is None
    assert {e.data["language"] for e in asked} == {lang}


def test_accented_letters_and_language_switch(kiosk):
    k = kiosk()
    screen = open_chatbot(k, "fr")
    k.tap(screen.ids.field)
    type_on_keyboard(k, screen, "ça coûte combien")
    assert screen.draft == "ça coûte combien"
    k.tap(key(k, screen, "{send}"))
    assert screen.model.last.match.intent == "budget"
    # switching to English: QWERTY keys, English suggestions, the conversation stays
    k.app.set_language("en")
    k.pump(frames=3)
    assert screen.model.suggestions("en")[0] in [w.text for w in screen.ids.choices.children]  # no French spaces
    assert "ça coûte combien" in k.texts()
    k.tap(screen.ids.field)
    assert [w.key for w in reversed(screen.ids.keyboard.children[-1].children)][:6] == list("qwerty")
    k.tap(screen.ids.field)  # touching the field again closes the keyboard
    assert not screen.keyboard_open and not screen.ids.keyboard.children
    k.screenshot("chatbot-language-switch-en")


def test_visit_end_forgets_the_conversation(kiosk):
    k = kiosk()
    screen = open_chatbot(k, "fr")
    k.tap_text(shown(screen.model.suggestions("fr")[1], "fr"), exact=True)
    assert screen.ids.conversation.children
    k.app.end_visit("idle")
    k.pump(frames=3)
    assert screen.model.turns == [] and not screen.ids.conversation.children
    assert screen.explanation is None and screen.draft == ""


def test_small_screen_keyboard_fits(kiosk):
    """On a 800x480 kiosk screen every key is inside the window and big enough to touch."""
    k = kiosk(size=(800, 480))
    screen = open_chatbot(k, "fr")
    k.tap(screen.ids.field)
    keys = [w for w in k.widgets(screen.ids.keyboard) if w.__class__.__name__ == "ChatKey"]
    assert len(keys) > 40
    for w in keys:
        x, y = w.to_window(w.x, w.y)
        assert x >= 0 and y >= 0 and x + w.width <= 800 and y + w.height <= 480
        assert w.width >= 40 and w.height >= 30, (w.key, w.size)
    field = screen.ids.field
    assert field.to_window(*field.pos)[1] >= screen.ids.keyboard.top - 1  # the field stays above the keys
    type_on_keyboard(k, screen, "bonjour")
    k.screenshot("chatbot-small-keyboard-fr")
    k.tap(key(k, screen, "{send}"))
    assert screen.model.last.match.intent == "greeting"
    k.screenshot("chatbot-small-answer-fr")
