"""Reading, mixing and resampling audio (real files, real libsoxr)."""
from __future__ import annotations

import numpy as np
import pytest

from kiosk.voice.audio import AudioError, Resampler, level, read_wav, resample

from .conftest import write_wav


def tone(rate: int, seconds: float = 0.5, freq: float = 440.0, amplitude: int = 12000) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (np.sin(2 * np.pi * freq * t) * amplitude).astype(np.int16)


def test_stereo_wav_is_mixed_to_mono(tmp_path):
    left, right = tone(44100), np.zeros(22050, np.int16)
    path = write_wav(tmp_path / "s.wav", np.stack([left, right], axis=1), 44100, channels=2)
    samples, rate = read_wav(path)
    assert rate == 44100 and samples.dtype == np.int16 and len(samples) == 22050
    assert abs(int(np.abs(samples).max()) - 6000) < 50  # the mean of both channels


def test_streaming_resampler_matches_one_shot_resampling():
    signal = tone(44100, seconds=1.0)
    stream = Resampler(44100, 16000)
    pieces = [stream(signal[i:i + 1000]) for i in range(0, len(signal), 1000)]
    streamed = np.concatenate(pieces + [stream(np.zeros(0, np.int16), last=True)])
    whole = resample(signal, 44100, 16000)
    assert abs(len(streamed) - 16000) <= 2
    n = min(len(streamed), len(whole))
    assert np.abs(streamed[:n].astype(int) - whole[:n]).max() <= 4  # no clicks at chunk edges


def test_level_meter_goes_from_silence_to_loud():
    assert level(np.zeros(800, np.int16)) == 0.0
    assert level(tone(16000, amplitude=300)) < level(tone(16000, amplitude=20000))
    assert level(tone(16000, amplitude=30000)) > 0.9


@pytest.mark.parametrize("payload", [b"", b"not a wav at all", b"RIFF\x00\x00\x00\x00WAVEfmt "])
def test_unreadable_wav_gives_a_one_line_error(tmp_path, payload):
    bad = tmp_path / "bad.wav"
    bad.write_bytes(payload)
    with pytest.raises(AudioError) as err:
        read_wav(bad)
    assert "\n" not in str(err.value) and "bad.wav" in str(err.value)
    with pytest.raises(AudioError, match="not found"):
        read_wav(tmp_path / "missing.wav")
