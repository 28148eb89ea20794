"""The voice exhibit in a real Kivy window (Xvfb): hold to talk with WAV files as the
microphone and the real Korean model; the no-model, no-microphone and loading states
with the shipped French/English content. Screenshots: artifacts/screens/voicebot-*.png
(Korean text shows as boxes: the test machine has no Hangul font)."""
from __future__ import annotations

import numpy as np
import pytest

from kiosk.events import MemorySink
from kiosk.voice.capture import WavFileSource
from kiosk.voice.models import ModelLoader
from kiosk.voice.runtime import CACHE_KEY, VoiceRuntime

from .conftest import CONTENT_KO, HERE, write_wav

pytestmark = pytest.mark.ui
ROOT = HERE.parents[1]


@pytest.fixture
def kiosk_with_voice(kiosk):
    """``start(content, runtime, **config) -> (driver, events)``, the kiosk on its home screen."""

    def start(content, runtime, **overrides):
        events = MemorySink()
        driver = kiosk(content, app_kwargs={"events": events}, **overrides)
        driver.app.services.cache[CACHE_KEY] = runtime  # what the app would build from its config
        driver.tap(driver.screen)  # leave the attract screen
        return driver, events

    return start


def test_hold_to_talk_partial_release_answer_and_stop(kiosk_with_voice, ko_model, say, monkeypatch, tmp_path):
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")  # the answer plays through the mixer, into no sound card
    sources = []
    quiet = write_wav(tmp_path / "quiet.wav", np.zeros(4000, np.int16), 16000)
    utterances = [say("사람과 이야기 하고 싶어요"), quiet]

    def microphone():
        sources.append(WavFileSource(utterances[len(sources)], realtime=True, pad_silence=True))
        return sources[-1]

    runtime = VoiceRuntime({}, open_source=microphone)
    runtime.use_model("ko", ko_model)
    k, events = kiosk_with_voice(CONTENT_KO, runtime)
    k.app.open_exhibit("voix")
    screen = k.screen
    k.wait_until(lambda: screen.state == "ready", timeout=10, what="ready")
    k.screenshot("voicebot-ready-ko")

    finger = k.touch_down(screen.ids.talk)
    assert screen.state == "listening"
    k.wait_until(lambda: screen.heard != "", timeout=10, what="a partial transcript")
    k.wait_until(lambda: screen.level > 0.2, timeout=10, what="the level meter")
    k.screenshot("voicebot-listening-ko")
    k.wait_until(lambda: sources[-1].finished.is_set(), timeout=10, what="end of speech")
    k.pump(seconds=0.3)
    k.touch_up(finger)
    k.wait_until(lambda: screen.state == "answered", timeout=10, what="the answer")

    assert screen.heard == "사람과 이야기 하고 싶어요"
    assert "talk_to_human" in screen.understood and screen.understood_ok
    assert screen.caption == "직원은 입구에 있습니다."
    k.wait_until(lambda: screen.model.first_sound_at is not None, timeout=15, what="the first sound")
    player = runtime.speaker.player
    assert player.error is None and player.busy  # playing in pygame's mixer
    assert screen.speaking and screen.ids.stop.opacity == 1
    k.screenshot("voicebot-answer-ko")
    k.tap(screen.ids.stop)
    assert not screen.speaking and not player.busy
    assert screen.caption  # the caption stays after the voice stops
    [utterance] = events.of_kind("voice.utterance")
    assert utterance.data["intent"] == "talk_to_human" and utterance.visit_id is not None
    assert "text" not in utterance.data

    # a hold with nothing said: the bot says so and suggests questions
    k.long_press(screen.ids.talk, seconds=0.6)
    k.wait_until(lambda: screen.state == "answered", timeout=10, what="nothing heard")
    assert screen.caption == "Je n'ai rien entendu. Maintenez le bouton et parlez près du micro."
    assert "Essayez de demander\u00a0:" in k.texts() and screen.ids.suggestions.children
    assert screen.level == 0.0  # the meter falls back once listening ends
    k.screenshot("voicebot-nothing-heard")
    assert events.of_kind("voice.utterance")[-1].data["recognised"] is False


def test_no_model_offers_the_questions_by_touch_in_both_languages(kiosk_with_voice):
    runtime = VoiceRuntime({}, microphones=lambda: ["USB microphone"])
    k, events = kiosk_with_voice(ROOT / "exhibits", runtime)
    k.tap_text("Parlez au voicebot", exact=True)
    screen = k.screen
    k.wait_until(lambda: screen.state == "no_model", timeout=5)
    assert any("n'est pas installée" in t for t in k.texts())
    assert screen.ids.talk.opacity == 0
    k.tap_text("Combien de chatbots et de voicebots a l'Urssaf\u00a0?", exact=True)
    assert "urssaf_bots_count" in screen.understood
    assert "9" in screen.caption  # the brief's figure, from the chatbot's answer
    k.screenshot("voicebot-no-model-fr")

    k.tap_text("EN", exact=True)
    k.wait_until(lambda: screen.state == "no_model" and screen.model.language == "en", timeout=5)
    assert any("not installed" in t for t in k.texts())
    k.tap_text("What is a voicebot?", exact=True)
    assert screen.caption and screen.understood_ok
    k.screenshot("voicebot-no-model-en")
    assert not events.of_kind("voice.utterance")


def test_no_microphone_state(kiosk_with_voice, ko_model):
    runtime = VoiceRuntime({}, microphones=lambda: [])
    runtime.use_model("fr", ko_model)  # a loaded model; only the missing microphone matters here
    k, _ = kiosk_with_voice(ROOT / "exhibits", runtime)
    k.tap_text("Parlez au voicebot", exact=True)
    screen = k.screen
    k.wait_until(lambda: screen.state == "no_microphone", timeout=5)
    assert any("pas de micro" in t for t in k.texts())
    k.tap_text("C'est quoi un voicebot\u00a0?", exact=True)
    assert screen.caption and screen.understood_ok
    k.screenshot("voicebot-no-microphone-fr")


def test_loading_state_then_ready(kiosk_with_voice, ko_model):
    runtime = VoiceRuntime({}, microphones=lambda: ["USB microphone"])
    pending = ModelLoader(ko_model.path)  # not started: "loading" until we hand it the model
    runtime._loaders["fr"] = pending
    k, _ = kiosk_with_voice(ROOT / "exhibits", runtime)
    k.tap_text("Parlez au voicebot", exact=True)
    screen = k.screen
    k.pump(frames=5)
    assert screen.state == "loading" and any("Chargement" in t for t in k.texts())
    assert screen.ids.talk.disabled
    k.screenshot("voicebot-loading-fr")
    pending.model, pending.state = ko_model, "ready"
    pending.done.set()
    k.wait_until(lambda: screen.state == "ready", timeout=5, what="ready")
    assert not screen.ids.talk.disabled
