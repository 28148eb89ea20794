"""The voicebot exhibit's model without a window: real recogniser and engine, WAV
files as the microphone, real speech synthesis (played into SDL's dummy driver or
nowhere), events in a memory sink."""
from __future__ import annotations

import itertools
import time
from pathlib import Path

import numpy as np
import pytest

from kiosk.config import KioskConfig
from kiosk.events import MemorySink
from kiosk.exhibits.base import ExhibitContext
from kiosk.exhibits.voicebot.model import VoicebotModel
from kiosk.services import Services
from kiosk.voice.capture import WavFileSource
from kiosk.voice.runtime import VoiceRuntime
from kiosk.voice.session import VoiceSession

from .conftest import OUT_OF_GRAMMAR, write_wav


class Mic:
    """Hands out WAV files as successive utterances."""

    def __init__(self):
        self.next: Path | None = None
        self.realtime = False

    def __call__(self):
        self.source = WavFileSource(self.next, realtime=self.realtime, pad_silence=self.realtime)
        return self.source


def make_config(**privacy):
    return KioskConfig.model_validate({"kiosk_id": "t", "staff_pin_hash": "x", "privacy": privacy})


@pytest.fixture
def bot(ko_content, ko_model, tmp_path):
    """``bot(runtime=None, clock=None, **privacy) -> (model, mic, sink)``"""
    made = []

    def build(runtime=None, clock=time.monotonic, **privacy):
        mic = Mic()
        if runtime is None:
            runtime = VoiceRuntime({}, open_source=mic)
            runtime.use_model("ko", ko_model)
        sink = MemorySink()
        loaded = ko_content.exhibit("voix")
        context = ExhibitContext("voix", loaded.version, ko_content.root, ["ko"], sink, clock=clock,
                                 services=Services(config=make_config(**privacy), content=ko_content))
        model = VoicebotModel(loaded.definition, context, VoiceSession(runtime))
        model.open("ko")
        made.append(model)
        return model, mic, sink

    yield build
    for model in made:
        model.reset()


def settle(model, until, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        model.pump()
        if until():
            return
        time.sleep(0.01)
    raise AssertionError(f"timed out; state={model.state}")


def talk(model, mic, wav):
    mic.next = wav
    assert model.press()
    assert model.state == "listening"
    assert mic.source.finished.wait(10)  # the visitor finishes speaking, then lets go
    model.release()
    settle(model, lambda: model.state == "answered")
    return model.heard


def test_hold_talk_release_then_answer(bot, say):
    model, mic, sink = bot()
    settle(model, lambda: model.state == "ready")
    heard = talk(model, mic, say("사람과 이야기 하고 싶어요"))
    assert heard.status == "understood" and heard.intent == "talk_to_human"
    assert heard.text == "사람과 이야기 하고 싶어요"
    assert model.caption == heard.answer == "직원은 입구에 있습니다."
    settle(model, lambda: model.first_sound_at is not None or model.error is not None)
    assert model.error is None and model.speech_duration > 0.5  # the answer was spoken
    model.stop_speaking()
    assert not model.refresh_speaking()
    [event] = sink.of_kind("voice.utterance")
    assert event.exhibit_id == "voix"
    assert event.data == {"recognised": True, "intent": "talk_to_human", "confidence": pytest.approx(heard.confidence, abs=1e-3),
                          "fallback": False, "duration_s": pytest.approx(2.2, abs=0.5), "language": "ko"}


def test_partial_transcript_grows_while_holding(bot, say):
    model, mic, _ = bot()
    settle(model, lambda: model.state == "ready")
    mic.next, mic.realtime = say("인공지능 이 뭐 예요"), True
    model.press()
    partials, levels = set(), []
    settle(model, lambda: (partials.add(model.partial), levels.append(model.level)) and mic.source.finished.is_set())
    time.sleep(0.3)  # the visitor lets go just after speaking
    model.release()
    settle(model, lambda: model.state == "answered")
    assert model.heard.intent == "what_is_ai"
    assert len(partials - {""}) >= 2 and max(levels) > 0.3
    assert model.partial == ""


def test_not_understood_and_nothing_heard_say_so(bot, say, tmp_path):
    model, mic, sink = bot()
    settle(model, lambda: model.state == "ready")
    heard = talk(model, mic, say(OUT_OF_GRAMMAR[0]))
    assert heard.status == "not_understood" and model.caption == "죄송합니다. 이해하지 못했어요."
    assert model.suggestions() == ["사람과 이야기 하고 싶어요", "전시회는 어디에 있어요"]
    heard = talk(model, mic, write_wav(tmp_path / "quiet.wav", np.zeros(8000, np.int16), 16000))
    assert heard.status == "nothing_heard" and model.caption == model.t("nothing_heard")
    first, second = sink.of_kind("voice.utterance")
    assert (first.data["recognised"], first.data["fallback"], first.data["intent"]) == (True, True, None)
    assert (second.data["recognised"], second.data["fallback"]) == (False, True)
    assert "text" not in first.data  # privacy: no transcript unless allowed


def test_transcript_is_kept_only_when_privacy_allows(bot, say):
    model, mic, sink = bot(store_voice_text=True)
    settle(model, lambda: model.state == "ready")
    talk(model, mic, say("좋은 아침 입니다"))
    assert sink.of_kind("voice.utterance")[0].data["text"] == "좋은 아침 입니다"


def test_no_model_offers_questions_by_touch(bot):
    model, _, sink = bot(runtime=VoiceRuntime({}, microphones=lambda: ["mic"]))
    settle(model, lambda: model.state == "no_model")
    assert model.touch_only and not model.press()
    heard = model.ask_by_touch(model.suggestions()[1])
    assert heard.intent == "where_exhibition" and model.caption == "전시회는 일 층에 있습니다."
    assert model.state == "no_model"  # still touch only
    assert not sink.of_kind("voice.utterance")  # no utterance: nothing was said


def test_broken_model_is_loading_then_no_model(bot, tmp_path):
    (tmp_path / "m" / "am").mkdir(parents=True)
    (tmp_path / "m" / "conf").mkdir()
    (tmp_path / "m" / "am" / "final.mdl").write_bytes(b"junk")
    model, _, _ = bot(runtime=VoiceRuntime({"ko": str(tmp_path / "m")}, microphones=lambda: ["mic"]))
    assert model.state == "loading"
    settle(model, lambda: model.state != "loading")
    assert model.state == "no_model" and "cannot be loaded" in model.error


def test_no_microphone(bot, ko_model):
    runtime = VoiceRuntime({}, microphones=lambda: [])
    runtime.use_model("ko", ko_model)
    model, _, _ = bot(runtime=runtime)
    settle(model, lambda: model.state != "loading")
    assert model.state == "no_microphone" and model.touch_only and not model.press()


def test_listening_stops_by_itself_after_the_longest_hold(bot, say):
    now = itertools.count(0.0, 0.5)  # each clock reading: half a second later
    model, mic, _ = bot(clock=lambda: next(now))
    settle(model, lambda: model.state == "ready")
    mic.next = say("좋은 아침 입니다")
    model.press()
    settle(model, lambda: model.state == "answered")  # max_hold_s: 8 in voicebot.yaml
    assert model.heard.intent == "greeting"


def test_reset_forgets_the_turn(bot, say):
    model, mic, _ = bot()
    settle(model, lambda: model.state == "ready")
    talk(model, mic, say("좋은 아침 입니다"))
    model.reset()
    assert model.heard is None and model.caption == "" and model.state == "ready"


def test_voice_activity_mode_stops_listening_after_the_speech(bot, say, ko_model):
    mic = Mic()
    runtime = VoiceRuntime({}, open_source=mic, mode="voice_activity")
    runtime.use_model("ko", ko_model)
    model, _, sink = bot(runtime=runtime)
    settle(model, lambda: model.state == "ready")
    mic.next, mic.realtime = say("전시회는 어디에 있어요"), True
    assert model.press()
    model.button_up()  # a tap: the finger leaves at once, listening goes on
    assert model.state == "listening"
    settle(model, lambda: model.state == "answered")  # ended by the silence after the phrase
    assert mic.source.finished.is_set()
    assert model.heard.intent == "where_exhibition"
    assert sink.of_kind("voice.utterance")[0].data["duration_s"] < 8  # well before max_hold_s


def test_status_for_the_staff_panel(ko_model, tmp_path):
    runtime = VoiceRuntime({"fr": str(tmp_path / "missing-model")}, microphones=lambda: [])
    runtime.use_model("ko", ko_model)
    runtime.loader("fr").wait(10)
    status = runtime.status()
    assert set(status) == {"models", "microphone"}  # keys of the staff panel's rows
    assert status["models"].startswith("fr: broken (speech model not found") and "ko: ready" in status["models"]
    assert status["microphone"] == "none found"


def test_a_failure_while_preparing_is_reported_not_raised_on_the_ui_thread(bot, ko_model):
    def microphones():
        raise OSError("audio system gone")

    runtime = VoiceRuntime({}, microphones=microphones)
    runtime.use_model("ko", ko_model)
    model, _, _ = bot(runtime=runtime)
    settle(model, lambda: model.state != "loading")  # pump() runs the posted result: must not raise
    assert model.error == "audio system gone"
