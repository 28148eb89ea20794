"""The real recogniser (small Korean Vosk model) fed through the capture-source
interface with speech synthesised by espeak-ng, then the chatbot's intent engine."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from kiosk.voice.audio import read_wav, resample
from kiosk.voice.capture import WavFileSource
from kiosk.voice.listening import Listening
from kiosk.voice.understanding import understand

from .conftest import OUT_OF_GRAMMAR, SPOKEN, write_wav

NOTHING = "nothing heard"


def listen(path, model, grammar, **callbacks):
    source = WavFileSource(path, realtime=False, pad_silence=False)
    listening = Listening(source, model, grammar, **callbacks).start()
    assert source.finished.wait(30)
    return listening.finish()


@pytest.mark.parametrize("phrase", list(SPOKEN))
def test_spoken_phrase_gives_its_transcript_and_intent(phrase, say, ko_model, ko_grammar, ko_engine):
    transcript = listen(say(phrase), ko_model, ko_grammar)
    heard = understand(transcript, ko_engine, nothing_heard=NOTHING)
    assert transcript.text == phrase
    assert transcript.in_grammar is True
    assert heard.status == "understood"
    assert heard.intent == SPOKEN[phrase]
    assert heard.confidence >= ko_engine.threshold
    assert heard.answer == ko_engine.match(phrase).answer


@pytest.mark.parametrize("phrase", OUT_OF_GRAMMAR)
def test_speech_outside_the_grammar_falls_back(phrase, say, ko_model, ko_grammar, ko_engine):
    transcript = listen(say(phrase), ko_model, ko_grammar)
    heard = understand(transcript, ko_engine, nothing_heard=NOTHING)
    assert heard.status == "not_understood"
    assert heard.intent is None and heard.fallback
    assert heard.answer == ko_engine.match("").answer  # the chatbot's fallback message


def test_silence_is_nothing_heard(tmp_path, ko_model, ko_grammar, ko_engine):
    quiet = write_wav(tmp_path / "quiet.wav", np.zeros(16000, np.int16), 16000)
    transcript = listen(quiet, ko_model, ko_grammar)
    heard = understand(transcript, ko_engine, nothing_heard=NOTHING)
    assert heard.status == "nothing_heard" and not heard.recognised
    assert heard.answer == NOTHING


def test_stereo_44k_microphone_rate_is_resampled(tmp_path, say, ko_model, ko_grammar):
    mono, rate = read_wav(say("사람과 이야기 하고 싶어요"))
    hi = resample(mono, rate, 44100)
    stereo = write_wav(tmp_path / "stereo.wav", np.stack([hi, hi], axis=1), 44100, channels=2)
    assert listen(stereo, ko_model, ko_grammar).text == "사람과 이야기 하고 싶어요"


def test_partial_text_and_level_arrive_while_speaking(say, ko_model, ko_grammar):
    """Real-time pace, as from a microphone: partials grow, the level meter moves, and
    the recogniser lives on one worker thread."""
    partials, levels, threads = [], [], set()

    def on_partial(text):
        partials.append(text)
        threads.add(threading.current_thread().name)

    source = WavFileSource(say("인공지능 이 뭐 예요"), realtime=True, pad_silence=True)
    listening = Listening(source, ko_model, ko_grammar, on_partial=on_partial, on_level=levels.append).start()
    assert source.finished.wait(30)  # the visitor stops talking but still holds the button
    transcript = listening.finish()
    assert transcript.text == "인공지능 이 뭐 예요"
    assert partials and partials[0] != transcript.text  # it grew while speaking
    assert threads == {"vosk-utterance"}
    assert max(levels) > 0.4 and min(levels) == 0.0  # speech, then the padding silence


def test_free_recognition_hears_words_without_the_grammar(say, ko_model):
    transcript = listen(say("사람과 이야기 하고 싶어요"), ko_model, None)
    assert transcript.in_grammar is None
    assert "이야기" in transcript.text.split()  # a small model without a grammar is rough
