"""``launch.py voice …`` as staff run it: real model, real files, real config file."""
from __future__ import annotations

import json
import shutil
import zipfile

import numpy as np
import pytest

from kiosk.voice.audio import read_wav, resample

from .conftest import CONTENT_KO, HERE, write_wav

ROOT = HERE.parents[1]


def last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else ""


@pytest.fixture
def stereo_question(tmp_path, say):
    mono, rate = read_wav(say("전시회는 어디에 있어요"))
    hi = resample(mono, rate, 48000)
    return write_wav(tmp_path / "question.wav", np.stack([hi, hi], axis=1), 48000, channels=2)


@pytest.fixture
def kiosk_config(tmp_path):
    path = tmp_path / "kiosk.yaml"
    shutil.copy(ROOT / "config" / "kiosk.yaml", path)
    return path


def test_transcribe_json(launch, stereo_question, ko_model_dir):
    proc = launch("voice", "transcribe", str(stereo_question), "--model", str(ko_model_dir),
                  "--content", str(CONTENT_KO), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["text"] == "전시회는 어디에 있어요"
    assert data["intent"] == "where_exhibition"
    assert 0.45 <= data["confidence"] <= 1
    samples, rate = read_wav(stereo_question)
    assert data["audio_s"] == pytest.approx(len(samples) / rate, abs=0.01) and data["decode_s"] > 0
    assert data["model"] == str(ko_model_dir) and data["language"] == "ko" and data["grammar"] is True


def test_transcribe_errors_are_one_line(launch, tmp_path, stereo_question, ko_model_dir, kiosk_config):
    broken = tmp_path / "broken-model"
    (broken / "am").mkdir(parents=True)
    (broken / "conf").mkdir()
    (broken / "am" / "final.mdl").write_bytes(b"not a model")
    not_wav = tmp_path / "notes.wav"
    not_wav.write_text("these are not samples")
    cases = [
        (("--model", str(tmp_path / "nowhere")), stereo_question, "speech model not found"),
        (("--model", str(broken)), stereo_question, "cannot be loaded"),
        (("--model", str(ko_model_dir)), not_wav, "not a readable PCM WAV file"),
        (("--model", str(ko_model_dir)), tmp_path / "missing.wav", "audio file not found"),
        (("--lang", "fr"), stereo_question, "no speech model for 'fr'"),  # none configured
    ]
    for options, wav, message in cases:
        proc = launch("--config", str(kiosk_config), "voice", "transcribe", str(wav), *options)
        assert proc.returncode != 0
        assert proc.stderr.strip().count("\n") == 0, proc.stderr  # one line, no traceback
        assert message in proc.stderr


def test_install_model_from_zip_records_it_and_keeps_config_comments(launch, tmp_path, ko_model_dir, kiosk_config,
                                                                     stereo_question):
    archive = tmp_path / "vosk-model-small-ko-test.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zf:  # stored: fast
        for file in sorted(ko_model_dir.rglob("*")):
            if file.is_file():
                zf.write(file, "vosk-model-small-ko-test/" + file.relative_to(ko_model_dir).as_posix())
    data_dir = tmp_path / "data"
    common = ("--config", str(kiosk_config), "--data-dir", str(data_dir))

    proc = launch(*common, "voice", "install-model", str(archive))
    assert proc.returncode == 0, proc.stderr
    installed = data_dir / "voice-models" / "ko-vosk-model-small-ko-test"
    assert (installed / "am" / "final.mdl").is_file()
    text = kiosk_config.read_text()
    assert "# Hash of the staff PIN" in text and "# keep chatbot questions' text" in text  # comments kept
    from kiosk.config import load_config

    assert load_config(kiosk_config).voice.models == {"ko": str(installed)}
    assert not [p for p in (data_dir / "voice-models").iterdir() if p.name.startswith("vosk-install-")]

    status = json.loads(launch(*common, "voice", "status", "--json", check=True).stdout)
    assert status["models"]["ko"]["installed"] is True and status["models"]["ko"]["grammar"] is True

    # the recorded model is the one transcribe uses when no --model is given
    proc = launch(*common, "voice", "transcribe", str(stereo_question), "--lang", "ko",
                  "--content", str(CONTENT_KO), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["model"] == str(installed)


def test_install_model_refuses_what_is_not_a_model(launch, tmp_path, kiosk_config):
    archive = tmp_path / "vosk-model-small-fr-0.22.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("vosk-model-small-fr-0.22/README", "no model here")
    before = kiosk_config.read_text()
    for source, message in [(archive, "no Vosk model inside"), (tmp_path / "nothing", "no such file or folder"),
                            (tmp_path, "not a Vosk model folder")]:
        proc = launch("--config", str(kiosk_config), "--data-dir", str(tmp_path / "data"),
                      "voice", "install-model", str(source))
        assert proc.returncode != 0 and message in last_line(proc.stderr), proc.stderr
        assert "Traceback" not in proc.stderr
    assert kiosk_config.read_text() == before  # nothing recorded


def test_status_without_models_or_microphone(launch, kiosk_config):
    proc = launch("--config", str(kiosk_config), "voice", "status", env={"SDL_AUDIODRIVER": "no-such-driver"})
    assert proc.returncode == 0, proc.stderr
    assert "speech model [fr]: none" in proc.stdout
    assert "microphones: none found" in proc.stdout
