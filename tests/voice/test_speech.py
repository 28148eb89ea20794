"""Spoken answers: pyttsx3/espeak-ng in a child process, played by pygame's mixer
into SDL's ``disk`` audio driver (the sound lands in a file we can inspect)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from kiosk.voice.audio import read_wav
from kiosk.voice.speech import SpeechError, Speaker, synthesize, wav_duration

from .conftest import HERE

ROOT = HERE.parents[1]


@pytest.mark.parametrize("language,text", [("fr", "Bonjour, je suis le robot de l'exposition."),
                                           ("en", "Hello, I am the exhibition's robot.")])
def test_answers_are_synthesised_in_the_visitors_language(tmp_path, language, text):
    out = synthesize(text, language, tmp_path / f"{language}.wav")
    samples, rate = read_wav(out)
    assert wav_duration(out) > 1.0
    assert np.abs(samples).max() > 1000  # speech, not silence


def test_unknown_language_is_a_one_line_error(tmp_path):
    with pytest.raises(SpeechError) as err:
        synthesize("hello", "zz", tmp_path / "x.wav")
    assert "zz" in str(err.value) and "\n" not in str(err.value)


def test_repeated_answer_is_synthesised_once(tmp_path):
    speaker = Speaker(cache_dir=tmp_path)
    first = speaker.wav_for("Bonjour", "fr")
    stamp = first.stat().st_mtime_ns
    assert speaker.wav_for("Bonjour", "fr") == first and first.stat().st_mtime_ns == stamp
    assert speaker.wav_for("Bonjour", "en") != first


PLAY = textwrap.dedent("""
    import json, sys, threading, time
    from kiosk.voice.speech import Speaker
    speaker = Speaker()
    started = threading.Event()
    info = {}
    def on_start(duration):
        info["duration"] = duration
        started.set()
    speaker.say(sys.argv[1], "fr", on_start=on_start, on_error=print)
    assert started.wait(20)
    time.sleep(0.5)
    info["busy_while_speaking"] = speaker.speaking
    speaker.stop()
    time.sleep(0.1)
    info["busy_after_stop"] = speaker.speaking
    info["mixer_error"] = speaker.player.error
    speaker.close()
    print(json.dumps(info))
""")


def test_answer_plays_through_the_mixer_and_stops(tmp_path):
    out = tmp_path / "speaker.raw"
    env = {**os.environ, "SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": str(out)}
    text = "Les agents de l'Urssaf peuvent poser leurs questions au robot, qui répond à voix haute."
    proc = subprocess.run([sys.executable, "-c", PLAY, text], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    assert info["mixer_error"] is None
    assert info["duration"] > 3.0
    assert info["busy_while_speaking"] is True
    assert info["busy_after_stop"] is False  # the stop button cuts the answer
    played = np.fromfile(out, np.int16)
    assert played.size > 0 and np.abs(played).max() > 1000  # the voice reached the "speaker"


def test_pyttsx3_fallback_picks_the_voice_of_the_language():
    """Without espeak-ng the answers go through pyttsx3 (tts_worker): its voice choice."""
    import pyttsx3

    from kiosk.voice.tts_worker import pick_voice

    voices = pyttsx3.init().getProperty("voices")
    assert "fr" in str(pick_voice(voices, "fr").languages).lower()
    assert "en" in str(pick_voice(voices, "en").languages).lower()
    assert pick_voice(voices, "zz") is None
