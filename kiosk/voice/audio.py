"""Audio samples: reading WAV files, mixing to mono, resampling, loudness.

Samples travel as 16-bit mono numpy arrays; Vosk takes their raw bytes.
"""
from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import soxr


class AudioError(Exception):
    """An audio file or stream that cannot be used (message fit for one line)."""


def read_wav(path: str | Path) -> tuple[np.ndarray, int]:
    """``(samples, rate)`` of a PCM WAV file, mixed to 16-bit mono."""
    try:
        with wave.open(str(path), "rb") as w:
            channels, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
            frames = w.readframes(w.getnframes())
    except FileNotFoundError:
        raise AudioError(f"audio file not found: {path}") from None
    except (wave.Error, EOFError, OSError) as exc:
        raise AudioError(f"not a readable PCM WAV file: {path} ({exc})") from None
    if width not in (1, 2, 4) or rate <= 0:
        raise AudioError(f"unsupported WAV format in {path}: {8 * width}-bit at {rate} Hz")
    return to_mono_int16(frames, channels, width), rate


def to_mono_int16(frames: bytes, channels: int, width: int = 2) -> np.ndarray:
    """Interleaved PCM bytes (8/16/32-bit ints) -> mono int16, channels averaged."""
    if width == 1:  # 8-bit WAV is unsigned
        data = (np.frombuffer(frames, np.uint8).astype(np.int32) - 128) << 8
    elif width == 2:
        data = np.frombuffer(frames, "<i2").astype(np.int32)
    else:
        data = np.frombuffer(frames, "<i4").astype(np.int64) >> 16
    usable = len(data) - len(data) % channels
    if channels > 1:
        data = data[:usable].reshape(-1, channels).mean(axis=1)
    return np.clip(data, -32768, 32767).astype(np.int16)


def float_to_int16(samples: np.ndarray) -> np.ndarray:
    return np.clip(np.asarray(samples, np.float32) * 32767.0, -32768, 32767).astype(np.int16)


class Resampler:
    """Streaming resampler (libsoxr) from a device's rate to the model's; keeps state
    between chunks so there are no clicks at chunk edges."""

    def __init__(self, rate_in: int, rate_out: int):
        self.rate_in, self.rate_out = rate_in, rate_out
        self._stream = None if rate_in == rate_out else soxr.ResampleStream(rate_in, rate_out, 1, dtype="int16")

    def __call__(self, samples: np.ndarray, last: bool = False) -> np.ndarray:
        if self._stream is None:
            return samples
        return self._stream.resample_chunk(np.ascontiguousarray(samples, np.int16), last=last)


def resample(samples: np.ndarray, rate_in: int, rate_out: int) -> np.ndarray:
    if rate_in == rate_out:
        return samples
    return soxr.resample(samples, rate_in, rate_out).astype(np.int16)


def level(samples: np.ndarray, floor_db: float = -60.0) -> float:
    """Loudness of a chunk for the level meter: 0 (silence, ``floor_db``) to 1 (full scale)."""
    if len(samples) == 0:
        return 0.0
    rms = float(np.sqrt(np.mean(np.square(samples.astype(np.float32) / 32768.0))))
    db = 20.0 * np.log10(max(rms, 1e-9))
    return float(min(max((db - floor_db) / -floor_db, 0.0), 1.0))
