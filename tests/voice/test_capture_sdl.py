"""The real SDL2 capture code, driven by SDL's ``disk`` audio driver (it reads raw
samples from a file as if they came from a microphone). SDL reads its driver from the
environment once, so each case runs in its own process."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np

from kiosk.voice.audio import read_wav, resample

from .conftest import HERE

ROOT = HERE.parents[1]


SCRIPT = textwrap.dedent("""
    import json, sys, time
    from kiosk.voice.capture import MicrophoneError, SdlCapture, list_microphones
    try:
        source = SdlCapture(None)
    except MicrophoneError as exc:
        print(json.dumps({"error": str(exc), "microphones": list_microphones()}))
        sys.exit(0)
    seconds = float(sys.argv[1])
    if len(sys.argv) > 2:  # the whole pipeline, with the test model and content
        from kiosk.content.loader import load_content
        from kiosk.exhibits.chatbot.intents import engine_for
        from kiosk.voice.listening import Listening
        from kiosk.voice.models import SpeechModel
        from kiosk.voice.pipeline import find_voice_chatbot, grammar_for
        speech = SpeechModel.load(sys.argv[2])
        engine = engine_for(find_voice_chatbot(load_content(sys.argv[3])).definition, "ko")
        listening = Listening(source, speech, grammar_for(engine, speech, False)).start()
        time.sleep(seconds)
        transcript = listening.finish()
        print(json.dumps({"name": source.name, "rate": source.rate, "text": transcript.text}))
    else:
        chunks = []
        source.start(chunks.append)
        time.sleep(seconds)
        source.stop()
        peak = max((int(abs(c).max()) for c in chunks if len(c)), default=0)
        print(json.dumps({"name": source.name, "rate": source.rate, "samples": sum(map(len, chunks)), "peak": peak}))
""")


def run_capture(tmp_path, env, *args):
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, *map(str, args)], capture_output=True, text=True, timeout=120,
        cwd=ROOT, env={**os.environ, **env},
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])




def test_disk_driver_feeds_the_real_capture_into_the_recogniser(tmp_path, say, ko_model_dir):
    mono, rate = read_wav(say("전시회는 어디에 있어요"))
    raw = tmp_path / "mic.raw"
    # what the microphone "hears": the phrase at 48 kHz (SdlCapture asks for 48 kHz)
    np.concatenate([np.zeros(4800, np.int16), resample(mono, rate, 48000)]).astype("<i2").tofile(raw)
    env = {"SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILEIN": str(raw), "SDL_DISKAUDIOFILE": str(tmp_path / "out.raw")}
    seconds = len(mono) / rate + 1.0
    result = run_capture(tmp_path, env, seconds, ko_model_dir, HERE / "content_ko")
    assert result["rate"] == 48000
    assert result["text"] == "전시회는 어디에 있어요"


def test_no_audio_system_means_no_microphone(tmp_path):
    result = run_capture(tmp_path, {"SDL_AUDIODRIVER": "no-such-driver"}, 0.2)
    assert result["microphones"] == []
    assert "\n" not in result["error"] and result["error"]
