"""Spoken answers still play after the microphone started SDL's audio first (as on a
kiosk: the visitor speaks, then the answer plays). A fresh process each time, because
SDL's audio starts once per process."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np

from tests.conftest import ROOT

MICROPHONE_THEN_ANSWER = r"""
import json, sys, time, wave
import numpy as np
from kiosk.voice.capture import list_microphones
from kiosk.voice.speech import Player
list_microphones()            # the voicebot looks for a microphone first
wav = sys.argv[1]
with wave.open(wav, "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(22050)
    t = np.arange(22050) / 22050
    w.writeframes((np.sin(2 * np.pi * 440 * t) * 12000).astype(np.int16).tobytes())
player = Player()
player.play(wav)
time.sleep(1.5)
print(json.dumps({"error": player.error}))
"""


def test_answer_plays_after_the_microphone_started_audio(tmp_path):
    out = tmp_path / "speaker.raw"
    env = {**os.environ, "SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": str(out),
           "SDL_DISKAUDIOFILEIN": os.devnull}
    proc = subprocess.run([sys.executable, "-c", MICROPHONE_THEN_ANSWER, str(tmp_path / "tone.wav")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1])["error"] is None
    played = np.fromfile(out, np.int16)
    assert played.size > 0 and np.abs(played).max() > 1000, "the tone reached the speaker"
